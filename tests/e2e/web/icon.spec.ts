/**
 * Parley's icon in the browser edition: the favicon the host serves and the header's brand mark,
 * both from build/icon.svg (`npm run icons`); and no self-update there. With PARLEY_SCREENSHOTS=1
 * it also refreshes docs/screenshots/icon-{en,zh}.png.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { WebHost } from '../support/parley.ts';
import { startWebHost } from '../support/parley.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const png = (size: number) =>
  `data:image/png;base64,${readFileSync(join(root, `build/icons/png/${size}x${size}.png`)).toString('base64')}`;

let host: WebHost;
test.beforeAll(async () => {
  host = await startWebHost();
});
test.afterAll(async () => {
  await host.stop();
});

test('the browser edition shows Parley’s icon as its favicon and in the header', async ({ page }) => {
  await page.goto(host.url);
  const icons = page.locator('link[rel="icon"]');
  await expect(icons).toHaveCount(2);
  for (const [href, type, source] of [
    ['./icon.svg', 'image/svg+xml', 'build/icon.svg'],
    ['./icon-192.png', 'image/png', 'src/renderer/public/icon-192.png'],
  ] as const) {
    await expect(page.locator(`link[rel="icon"][href="${href}"]`)).toHaveCount(1);
    const response = await page.request.get(new URL(href, host.origin).href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe(type);
    expect((await response.body()).equals(readFileSync(join(root, source)))).toBe(true);
  }
  // The brand mark is the icon, loaded under the page's Content-Security-Policy.
  const mark = page.locator('.brand img.brand-mark');
  await expect(mark).toBeVisible();
  await expect.poll(() => mark.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test('the browser edition never updates itself and offers no update switch', async ({ page }) => {
  expect(await host.call('app.updateStatus')).toEqual({ state: 'unsupported' });
  expect(await host.call('app.restartToUpdate')).toEqual({ restarting: false });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  // (General is showing: its title setting is there; the desktop-only options are not.)
  await expect(dialog.getByText('Name new conversations after their first answer')).toBeVisible();
  await expect(dialog.getByText(/download them in the background/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Restart to update' })).toHaveCount(0);
});

for (const language of ['en', 'zh-CN'] as const) {
  test(`icon screenshot, ${language}`, async ({ browser }) => {
    test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');
    await host.call('settings.update', { language, theme: 'light' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await expect(page.locator('.brand img.brand-mark')).toBeVisible();
    const favicon = await page.locator('link[rel="icon"][type="image/png"]').getAttribute('href');
    // The app as it is, with the favicon, the installer sizes and the tray image laid over it.
    await page.evaluate(
      ({ faviconUrl, sizes, label }) => {
        const card = document.createElement('div');
        card.style.cssText =
          'position:fixed;right:32px;top:76px;padding:20px 24px;background:#fff;color:#222;border-radius:12px;box-shadow:0 8px 30px rgb(0 0 0/.18);font:14px system-ui;z-index:2000';
        const tab = document.createElement('div');
        tab.style.cssText =
          'display:flex;align-items:center;gap:8px;padding:8px 12px;border-radius:8px 8px 0 0;background:#e8eaed;width:220px;margin-bottom:16px';
        const icon = document.createElement('img');
        icon.src = faviconUrl;
        icon.width = icon.height = 16;
        tab.append(icon, document.createTextNode(document.title));
        const row = document.createElement('div');
        row.style.cssText = 'display:flex;align-items:flex-end;gap:14px';
        for (const [url, size] of sizes) {
          const image = document.createElement('img');
          image.src = url;
          image.width = image.height = size;
          row.append(image);
        }
        const caption = document.createElement('p');
        caption.textContent = label;
        caption.style.margin = '12px 0 0';
        card.append(tab, row, caption);
        document.body.append(card);
      },
      {
        faviconUrl: new URL(favicon!, host.origin).href,
        sizes: [16, 32, 48, 64, 128].map((size) => [png(size), size] as const),
        label: language === 'en' ? 'Favicon, window and installer sizes' : '网站图标、窗口与安装包尺寸',
      },
    );
    await page.waitForTimeout(300);
    await page.screenshot({
      path: join(root, `docs/screenshots/icon-${language === 'en' ? 'en' : 'zh'}.png`),
    });
    await page.close();
  });
}
