/**
 * The desktop app's quick prompt through Playwright's `_electron`: `--quick` opens the hidden-at-
 * start window, Esc hides it (and gives focus back), Open in Parley shows the conversation in the
 * main window. Needs the Electron binary and a build (`npm run build`); skipped, with the reason
 * printed, where the binary could not be downloaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';
import { configureMockProvider, electronBinary, root } from './support.ts';

const binary = electronBinary();
if ('skip' in binary) console.log(`Electron quick-prompt tests skipped: ${binary.skip}.`);

test.describe('quick prompt (desktop app)', () => {
  test.skip('skip' in binary, 'skip' in binary ? binary.skip : '');

  let app: ElectronApplication;
  let mock: MockServer;
  let dataDir: string;

  test.beforeAll(async () => {
    mock = await startMockServer({ defaults: { chunkDelayMs: 5, chunkSize: 12 } });
    dataDir = mkdtempSync(join(tmpdir(), 'parley-electron-'));
  });
  test.afterAll(async () => {
    await mock?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  test.afterEach(async () => {
    await app?.close();
  });

  async function launch(...args: string[]): Promise<ElectronApplication> {
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [root, `--user-data-dir=${dataDir}`, ...args],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    });
    return app;
  }

  /** Every window's page and whether it is shown, from the main process. */
  function windows(electronApp: ElectronApplication) {
    return electronApp.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({ url: w.webContents.getURL(), visible: w.isVisible() })),
    );
  }

  async function quickPage(electronApp: ElectronApplication): Promise<Page> {
    const page =
      electronApp.windows().find((p) => p.url().includes('quick.html')) ??
      (await electronApp.waitForEvent('window', (p) => p.url().includes('quick.html')));
    await page.waitForLoadState('domcontentloaded');
    return page;
  }

  test('--quick opens the quick prompt (not the main window); Esc hides it', async () => {
    const electronApp = await launch('--quick');
    const quick = await quickPage(electronApp);
    await expect(quick.getByRole('textbox', { name: 'Ask Parley' })).toBeVisible();
    expect(await windows(electronApp)).toEqual([
      { url: expect.stringContaining('quick.html'), visible: true },
    ]);
    await quick.keyboard.press('Escape');
    await expect.poll(async () => (await windows(electronApp))[0]!.visible).toBe(false);
    // Hidden, not closed: it is there for the next press of the hotkey.
    expect(await windows(electronApp)).toHaveLength(1);
  });

  test('Open in Parley shows the quick conversation in the main window', async () => {
    const electronApp = await launch('--quick');
    const quick = await quickPage(electronApp);
    await configureMockProvider(quick, `${mock.url}/v1`);
    await quick.getByRole('textbox', { name: 'Ask Parley' }).fill('From the quick window');
    await quick.getByRole('textbox', { name: 'Ask Parley' }).press('Enter');
    await expect(quick.getByRole('article', { name: 'Answer' })).toHaveAttribute('data-status', 'complete');
    await quick.keyboard.press('Control+Enter');
    const main = await electronApp.waitForEvent('window', (p) => p.url().includes('index.html'));
    await expect(main.getByRole('article', { name: 'User' }).last()).toContainText('From the quick window');
    const shown = await windows(electronApp);
    expect(shown.find((w) => w.url.includes('quick.html'))!.visible).toBe(false);
    expect(shown.find((w) => w.url.includes('index.html'))!.visible).toBe(true);
  });
});
