/**
 * Screenshots of the key vault prompt for docs/screenshots (English and Chinese), made from the real
 * UI on a host with no keychain. Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-vault
 */
import { test as base, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock-server/server.ts';
import { configureMockProvider, startWebHost } from '../support/parley.ts';
import type { HostOptions } from '../support/parley.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');
const NO_KEYCHAIN: HostOptions = {
  env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/parley-e2e-bus', DISPLAY: undefined },
};

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const language of ['en', 'zh-CN'] as const) {
  test(`key vault prompt screenshot, ${language}`, async ({ browser }) => {
    test.setTimeout(150_000);
    const en = language === 'en';
    const mock = await startMockServer({ defaults: { chunkDelayMs: 1, chunkSize: 40 } });
    const dir = await mkdtemp(join(tmpdir(), 'parley-vault-shot-'));
    try {
      const first = await startWebHost(dir, 0, NO_KEYCHAIN);
      try {
        await first.call('vault.create', { passphrase: 'screenshot passphrase' });
        await configureMockProvider(first, mock);
        await first.call('settings.update', { language });
        await first.call('chat.send', {
          content: en ? 'Plan a three-day trip to Kyoto' : '规划三天的京都行程',
        });
        await expect.poll(async () => (await first.call('history.list', {})).items.length).toBe(1);
        await new Promise((r) => setTimeout(r, 1500));
      } finally {
        await first.stop();
      }
      const host = await startWebHost(dir, 0, NO_KEYCHAIN);
      try {
        const page = await browser.newPage({
          viewport: { width: 1280, height: 800 },
          locale: en ? 'en-US' : 'zh-CN',
        });
        await page.goto(host.url);
        const prompt = page.getByRole('region', { name: en ? 'Key vault' : '密钥保险库' });
        const field = prompt.getByLabel(en ? 'Passphrase' : '口令');
        await field.fill('not the passphrase');
        await field.press('Enter');
        await expect(prompt.getByRole('alert')).toBeVisible();
        await page.mouse.move(1200, 780);
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(out, `vault-${en ? 'en' : 'zh'}.png`) });
        await page.close();
      } finally {
        await host.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
      await mock.close();
    }
  });
}
