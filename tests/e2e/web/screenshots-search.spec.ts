/**
 * Screenshots of the grouped search for docs/screenshots (search-en.png, search-zh.png), made from
 * the real UI. Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-search
 */
import { test as base, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock-server/server.ts';
import { configureMockProvider, startWebHost } from '../support/parley.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

/** [question, answer] pairs per conversation; `rename` gives a conversation a title of its own. */
const CONTENT = {
  en: {
    query: 'Kyoto',
    chats: [
      {
        turns: [
          [
            'Plan a three-day trip to Kyoto in April',
            '### Day 1: Eastern Kyoto\n\n- **Kiyomizu-dera** at opening time, then walk down *Sannenzaka*.\n- Evening in Gion.\n\n### Day 2: Arashiyama\n\nThe bamboo grove early, then the monkey park. See [the Kyoto city guide](https://example.com).',
          ],
          [
            'What should I eat in Kyoto?',
            'Try **yudofu** (simmered tofu) near Nanzen-ji, `kaiseki` if the budget allows, and matcha sweets in Uji, a short train ride from Kyoto.',
          ],
        ],
      },
      {
        turns: [
          [
            'Is the JR Pass worth it for Tokyo and Kyoto?',
            'For a single Tokyo–Kyoto round trip, **no**: two Nozomi tickets cost less than a 7-day pass since the 2023 price rise.',
          ],
        ],
      },
      {
        rename: 'Kyoto hotel shortlist',
        turns: [['Compare three ryokan near Gion', 'Here are three options…']],
      },
      { turns: [['Explain Rust lifetimes simply', 'A lifetime is how long a reference stays valid…']] },
    ],
  },
  zh: {
    query: '京都',
    chats: [
      {
        turns: [
          [
            '帮我规划四月去京都的三天行程',
            '### 第一天：京都东山\n\n- 一早去**清水寺**，再沿着*三年坂*慢慢走下来。\n- 晚上逛祇园。\n\n### 第二天：岚山\n\n清晨去竹林小径，然后去猴子公园。参见[京都旅游指南](https://example.com)。',
          ],
          [
            '在京都应该吃什么？',
            '南禅寺附近的**汤豆腐**，预算充足可以试试 `怀石料理`，还有离京都不远的宇治抹茶甜点。',
          ],
        ],
      },
      {
        turns: [
          [
            '东京和京都之间买 JR Pass 划算吗？',
            '如果只是东京–京都往返一次，**不划算**：2023 年涨价后，两张希望号车票比七日通票便宜。',
          ],
        ],
      },
      { rename: '京都酒店候选', turns: [['比较祇园附近的三家日式旅馆', '这里有三个选择…']] },
      { turns: [['用简单的话解释 Rust 生命周期', '生命周期就是引用保持有效的时间…']] },
    ],
  },
};

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const language of ['en', 'zh'] as const) {
  test(`grouped search screenshot, ${language}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const content = CONTENT[language];
    const mock = await startMockServer({ defaults: { chunkDelayMs: 1, chunkSize: 60 } });
    const host = await startWebHost();
    try {
      await configureMockProvider(host, mock);
      await host.call('settings.update', { language: language === 'en' ? 'en' : 'zh-CN' });
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
        locale: language === 'en' ? 'en-US' : 'zh-CN',
      });
      await page.goto(host.url);
      const box = page.getByRole('textbox').first();
      await expect(box).toBeVisible();
      for (const chat of [...content.chats].reverse()) {
        await page.keyboard.press('Control+n');
        for (const [question, answer] of chat.turns) {
          const answers = await page.locator('article.assistant[data-state="complete"]').count();
          mock.enqueue({ text: answer! });
          await box.fill(question!);
          await box.press('Enter');
          await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(answers + 1);
        }
        if (chat.rename) {
          const list = await host.call('history.list', {});
          const id = list.items.find((c) => c.title.startsWith(chat.turns[0]![0]!.slice(0, 12)))!.id;
          await host.call('history.rename', { conversationId: id, title: chat.rename });
        }
      }
      await page.reload();
      const search = page.getByRole('searchbox');
      await search.fill(content.query);
      const groups = page.locator('.search-results > ul > li');
      await expect(groups).toHaveCount(3);
      const trip = groups.filter({ hasText: content.chats[0]!.turns[0]![0]!.slice(0, 12) });
      await expect(trip).toHaveCount(1);
      await trip.locator('.hit').first().click();
      await expect(page.locator('article.highlighted')).toBeVisible();
      await trip.locator('.hit-more').click();
      await expect(trip.locator('.hit-nested .hit')).toHaveCount(3);
      await page.mouse.move(900, 780);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `search-${language}.png`) });
      await page.close();
    } finally {
      await host.stop();
      await mock.close();
    }
  });
}
