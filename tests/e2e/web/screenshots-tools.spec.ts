/**
 * Screenshots of a tool call waiting for approval and of a folded tool result (opened) for
 * docs/screenshots (English and Chinese), made from the real UI with a real MCP server
 * (server-everything). Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-tools
 */
import { test, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { everything } from '../../integration/tools/mcp-servers.ts';
import { screenshotSession } from '../support/screenshot-session.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

const CHAT = {
  en: {
    hello: 'I keep a running total of our invoices. Can you help with sums?',
    helloAnswer: 'Of course: give me the amounts and I will add them with the calculator tool.',
    question: 'Add this month’s two invoices: 1280 and 2045.',
    lead: 'I will add the two amounts with the **get-sum** tool.',
    answer: 'The two invoices come to **3325**.',
  },
  zh: {
    hello: '我在记录发票的累计金额。你能帮我算总和吗？',
    helloAnswer: '当然可以：把金额告诉我，我会用计算工具把它们加起来。',
    question: '把本月的两张发票加起来：1280 和 2045。',
    lead: '我会用 **get-sum** 工具把这两个金额加起来。',
    answer: '两张发票合计 **3325**。',
  },
} as const;

test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const tag of ['en', 'zh'] as const) {
  test(`tool approval and tool result screenshots, ${tag}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const { mock, host, page, close } = await screenshotSession(browser, tag === 'en' ? 'en' : 'zh-CN');
    try {
      await host.call('settings.update', { mcpServers: [everything()] });
      const box = page.getByRole('textbox');
      await expect(box).toBeVisible();
      mock.enqueue({ text: CHAT[tag].helloAnswer });
      await box.fill(CHAT[tag].hello);
      await box.press('Enter');
      await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(1);
      const [conversation] = (await host.call('history.list', {})).items;
      await host.call('history.updateSettings', { conversationId: conversation!.id, tools: ['everything'] });
      await expect(page.locator('.tools-indicator')).toBeVisible();

      mock.enqueue({
        text: CHAT[tag].lead,
        toolCalls: [{ name: 'everything__get-sum', arguments: { a: 1280, b: 2045 } }],
      });
      mock.enqueue({ text: CHAT[tag].answer });
      await box.fill(CHAT[tag].question);
      await box.press('Enter');
      const card = page.locator('.tool-card.asking');
      await expect(card).toBeFocused();
      await page.mouse.move(1200, 790);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `tool-approval-${tag}.png`) });

      await card.locator('button.primary').click();
      await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(2);
      const result = page.locator('details.tool-result');
      await result.locator('summary').click();
      await expect(result).toContainText('3325');
      await page.mouse.move(1200, 790);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `tool-result-${tag}.png`) });
      await page.close();
    } finally {
      await close();
    }
  });
}
