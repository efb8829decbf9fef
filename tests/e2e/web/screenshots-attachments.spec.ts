/**
 * Screenshots of attachments for docs/screenshots (attachments-composer-{en,zh}.png: the composer
 * with a pasted screenshot and a dropped log file; attachments-message-{en,zh}.png: the sent
 * message with its image and file, and the answer), made from the real UI. Skipped unless
 * PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-attachments
 */
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock-server/server.ts';
import { configureMockProvider, startWebHost } from '../support/parley.ts';
import { dropOnWindow, pasteInto, textFiles } from '../support/attachments.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

const CONTENT = {
  en: {
    chart: {
      title: 'p95 latency (ms), last 7 days',
      days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    },
    log: 'api-gateway.log',
    question: 'Why did latency spike on Tuesday? The gateway log from that morning is attached.',
    answer: `The spike lines up with the **connection-pool exhaustion** in the log:

- At 09:14 the gateway logs \`pool exhausted (max=50)\` 312 times in four minutes.
- Requests then wait for a free connection, which is what the chart's Tuesday bar (**1,240 ms**) shows; the other days stay near 200 ms.
- The deploy at 09:12 (\`release 2024.11.3\`) raised the worker count without raising the pool size.

**Fix:** size the pool to the workers (\`max = workers × 2\`), or roll back the worker change.`,
  },
  zh: {
    chart: {
      title: '近 7 天 p95 延迟（毫秒）',
      days: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    },
    log: 'api-gateway.log',
    question: '周二的延迟为什么突然升高？附上了那天上午的网关日志。',
    answer: `延迟峰值与日志中的**连接池耗尽**完全吻合：

- 09:14 起，网关在四分钟内记录了 312 次 \`pool exhausted (max=50)\`。
- 请求随后排队等待空闲连接，这正是图中周二那一栏（**1,240 毫秒**）；其他几天都在 200 毫秒左右。
- 09:12 的发布（\`release 2024.11.3\`）增加了工作进程数，却没有相应增大连接池。

**修复**：让连接池与工作进程数匹配（\`max = workers × 2\`），或回滚这次工作进程的改动。`,
  },
};

const LOG = Array.from({ length: 40 }, (_, i) => {
  const minute = String(10 + Math.floor(i / 8)).padStart(2, '0');
  return i % 5 === 4
    ? `2024-11-12T09:${minute}:0${i % 10}Z WARN pool exhausted (max=50) route=/v1/orders wait_ms=${900 + i * 7}`
    : `2024-11-12T09:${minute}:0${i % 10}Z INFO request route=/v1/orders status=200 ms=${180 + i * 3}`;
}).join('\n');

/** Pastes a bar chart drawn on a canvas, as a screenshot tool leaves it on the clipboard. */
async function pasteChart(page: Page, chart: { title: string; days: string[] }) {
  const transfer = await page.evaluateHandle(async ({ title, days }) => {
    const values = [210, 1240, 230, 205, 198, 180, 176];
    const canvas = document.createElement('canvas');
    canvas.width = 960;
    canvas.height = 600;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, 960, 600);
    g.fillStyle = '#1c1d21';
    g.font = '600 30px system-ui, sans-serif';
    g.fillText(title, 48, 64);
    g.strokeStyle = '#e4e5e9';
    g.lineWidth = 2;
    for (let i = 0; i <= 4; i++) {
      const y = 520 - i * 100;
      g.beginPath();
      g.moveTo(48, y);
      g.lineTo(912, y);
      g.stroke();
    }
    values.forEach((v, i) => {
      const h = (v / 1300) * 400;
      g.fillStyle = v > 1000 ? '#d13b3b' : '#5b5bd6';
      g.fillRect(80 + i * 118, 520 - h, 72, h);
      g.fillStyle = '#6b7079';
      g.font = '22px system-ui, sans-serif';
      g.fillText(days[i]!, 88 + i * 118, 560);
    });
    const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'latency-chart.png', { type: 'image/png' }));
    return data;
  }, chart);
  await pasteInto(page, 'textarea', transfer);
}

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const language of ['en', 'zh-CN'] as const) {
  test(`attachments screenshots, ${language}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const tag = language === 'en' ? 'en' : 'zh';
    const content = CONTENT[tag];
    const mock = await startMockServer({ defaults: { chunkDelayMs: 1, chunkSize: 40 } });
    const host = await startWebHost();
    try {
      await configureMockProvider(host, mock);
      await host.call('settings.update', { language, theme: 'light' });
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
        locale: language === 'en' ? 'en-US' : 'zh-CN',
      });
      await page.goto(host.url);
      const box = page.getByRole('textbox').first();
      await expect(box).toBeVisible();

      await pasteChart(page, content.chart);
      await dropOnWindow(page, await textFiles(page, [{ name: content.log, type: 'text/plain', text: LOG }]));
      await expect(page.locator('.attachment-chip[data-state="ready"]')).toHaveCount(2);
      await box.fill(content.question);
      await page.mouse.move(640, 300);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `attachments-composer-${tag}.png`) });

      mock.enqueue({ text: content.answer, chunkDelayMs: 1, chunkSize: 60 });
      await box.press('Enter');
      await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(1);
      await expect(page.locator('.message-image img')).toBeVisible();
      await expect
        .poll(() => page.locator('.message-image img').evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(0);
      await page.locator('.message-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
      await box.click();
      await page.mouse.move(640, 780);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `attachments-message-${tag}.png`) });
      await page.close();
    } finally {
      await host.stop();
      await mock.close();
    }
  });
}
