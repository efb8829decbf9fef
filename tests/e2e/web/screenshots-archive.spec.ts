/**
 * Screenshots of the archive view for docs/screenshots (English and Chinese), made from the real UI.
 * Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-archive
 */
import { test as base, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { conversation, node, writeExport } from '../../fixtures/chatgpt-export.ts';
import { startWebHost } from '../support/parley.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

const TITLES = {
  en: [
    ['Plan a three-day trip to Kyoto', false],
    ['Explain Rust lifetimes simply', false],
    ['Draft of the 2023 tax return', true],
    ['Wedding speech ideas', true],
    ['Old apartment move checklist', true],
    ['Notes from the Q3 planning', true],
  ],
  zh: [
    ['规划三天的京都行程', false],
    ['用简单的话解释 Rust 生命周期', false],
    ['2023 年报税草稿', true],
    ['婚礼致辞的灵感', true],
    ['旧公寓搬家清单', true],
    ['第三季度规划会议记录', true],
  ],
} as const;

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const tag of ['en', 'zh'] as const) {
  test(`archive view screenshot, ${tag}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const host = await startWebHost();
    const dir = await mkdtemp(join(tmpdir(), 'parley-shot-archive-'));
    try {
      await host.call('settings.update', { language: tag === 'en' ? 'en' : 'zh-CN' });
      const file = join(dir, 'conversations.json');
      const day = 86_400;
      await writeExport(file, TITLES[tag].length, (i) => {
        const [title, archived] = TITLES[tag][i]!;
        const time = 1_735_000_000 + i * 37 * day;
        return {
          ...conversation(
            `shot-${i}`,
            title,
            [
              node(`r${i}`, null, null, null),
              node(`u${i}`, `r${i}`, 'user', title, { time }),
              node(`a${i}`, `u${i}`, 'assistant', '…', { time: time + 10 }),
            ],
            `a${i}`,
            time,
          ),
          is_archived: archived,
        };
      });
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
        locale: tag === 'en' ? 'en-US' : 'zh-CN',
      });
      await page.goto(host.url);
      await expect(page.getByRole('textbox')).toBeVisible();
      await page.keyboard.press('Control+,');
      const settings = page.getByRole('dialog');
      await settings.getByRole('tab').nth(3).click();
      await settings.locator('input[type="file"]').setInputFiles(file);
      await expect(settings.locator('.feedback.ok')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(settings).toHaveCount(0);
      await page.locator('.sidebar-bottom button').first().click();
      await expect(page.locator('.archive-list li')).toHaveCount(4);
      await page.mouse.move(1200, 780);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `archive-${tag}.png`) });
      await page.close();
    } finally {
      await host.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
}
