/**
 * Screenshots of the assistant library and the conversation settings for docs/screenshots
 * (English and Chinese), made from the real UI. Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-assistants
 */
import { test as base, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock-server/server.ts';
import { configureMockProvider, startWebHost } from '../support/parley.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

const CHAT = {
  en: {
    question: 'Translate: “The meeting moved to Thursday at 3 pm.”',
    answer: '会议改到了星期四下午三点。',
    prompt:
      'Translate between Chinese and English. Keep names, numbers and formatting; reply with the translation only.',
  },
  zh: {
    question: '翻译：“会议改到了星期四下午三点。”',
    answer: 'The meeting has been moved to Thursday at 3 pm.',
    prompt: '在中文和英文之间互译。保留人名、数字和格式，只回复译文。',
  },
} as const;

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const tag of ['en', 'zh'] as const) {
  test(`assistant library and conversation settings screenshots, ${tag}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const mock = await startMockServer({ defaults: { chunkDelayMs: 1, chunkSize: 40 } });
    const host = await startWebHost();
    try {
      await configureMockProvider(host, mock);
      await host.call('settings.update', { language: tag === 'en' ? 'en' : 'zh-CN' });
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
        locale: tag === 'en' ? 'en-US' : 'zh-CN',
      });
      await page.goto(host.url);
      await expect(page.getByRole('textbox')).toBeVisible();

      // The library: the built-ins and one of the person's own.
      await host.call('assistants.save', {
        name: tag === 'en' ? 'Release notes writer' : '发布说明撰写',
        emoji: '📝',
        description:
          tag === 'en'
            ? 'Turns a list of merged changes into short, friendly release notes.'
            : '把合并的改动整理成简短、友好的发布说明。',
        systemPrompt: 'Write release notes.',
        parameters: { temperature: 0.4 },
      });
      await page
        .locator('.sidebar-bottom button')
        .filter({ hasText: tag === 'en' ? 'Assistants' : '助手' })
        .click();
      const library = page.locator('.assistant-library');
      await expect(library.locator('.assistant-card').first()).toBeVisible();
      await page.mouse.move(1200, 790);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `assistants-${tag}.png`) });

      // A chat with the translator, then its settings.
      const translator = (await host.call('assistants.list')).find(
        (a) => a.builtIn && /translat/i.test(a.id + a.name),
      );
      const start = translator
        ? library.locator('.assistant-card').filter({ hasText: translator.emoji }).locator('button.primary')
        : library.locator('.assistant-card button.primary').first();
      await start.first().click();
      mock.enqueue({ text: CHAT[tag].answer });
      const box = page.getByRole('textbox');
      await box.fill(CHAT[tag].question);
      await box.press('Enter');
      await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(1);
      await page.getByRole('button', { name: tag === 'en' ? 'Conversation settings' : '对话设置' }).click();
      const dialog = page.locator('.conversation-settings');
      await expect(dialog.locator('textarea').first()).toBeVisible();
      await dialog.locator('#conv-param-temperature').fill('0.2');
      await page.mouse.move(1200, 790);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `conversation-settings-${tag}.png`) });
      await page.close();
    } finally {
      await host.stop();
      await mock.close();
    }
  });
}
