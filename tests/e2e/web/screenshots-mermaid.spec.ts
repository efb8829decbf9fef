/**
 * Screenshots of a Mermaid diagram in an answer for docs/screenshots (English and Chinese, light),
 * made from the real UI. Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-mermaid
 */
import { test as base, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock-server/server.ts';
import { configureMockProvider, startWebHost } from '../support/parley.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

const ANSWER = {
  en: {
    question: 'How does a request reach the model? Draw it.',
    answer: `Here is the path of one request:

\`\`\`mermaid
flowchart LR
  U([You]) --> P[Parley]
  P --> F{Filters pass?}
  F -->|Yes| M[Model API]
  F -->|No| B[Blocked]
  M -->|streamed answer| P
\`\`\`

Filters run before anything leaves your computer.`,
  },
  zh: {
    question: '请求是怎样到达模型的？画出来。',
    answer: `一次请求的路径如下：

\`\`\`mermaid
flowchart LR
  U([你]) --> P[Parley]
  P --> F{过滤器通过？}
  F -->|是| M[模型 API]
  F -->|否| B[已拦截]
  M -->|流式回答| P
\`\`\`

过滤器在任何内容离开你的电脑之前运行。`,
  },
};

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const tag of ['en', 'zh'] as const) {
  test(`mermaid screenshot, ${tag}`, async ({ browser }) => {
    test.setTimeout(180_000);
    const mock = await startMockServer({ defaults: { chunkDelayMs: 1, chunkSize: 40 } });
    const host = await startWebHost();
    try {
      await configureMockProvider(host, mock);
      await host.call('settings.update', { language: tag === 'en' ? 'en' : 'zh-CN', theme: 'light' });
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
        locale: tag === 'en' ? 'en-US' : 'zh-CN',
      });
      await page.goto(host.url);
      const box = page.getByRole('textbox');
      await expect(box).toBeVisible();
      mock.enqueue({ text: ANSWER[tag].answer });
      await box.fill(ANSWER[tag].question);
      await box.press('Enter');
      await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(1, {
        timeout: 60_000,
      });
      await expect(page.locator('.mermaid-block[data-diagram="drawn"] img')).toBeVisible({ timeout: 90_000 });
      await page.locator('.mermaid-block img').evaluate((img: HTMLImageElement) => img.decode());
      await page.mouse.move(900, 780);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `mermaid-${tag}.png`) });
      await page.close();
    } finally {
      await host.stop();
      await mock.close();
    }
  });
}
