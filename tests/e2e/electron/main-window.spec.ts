/**
 * The desktop app's main window through Playwright's `_electron`: the renderer is isolated (only
 * `window.parley`, no Node) and served from parley://app with DevTools off, and a message sent to
 * the mock server streams in and stops on Stop. Needs the Electron binary and a build; skipped,
 * with the reason printed, where the binary could not be downloaded (the browser-edition tests run
 * the same UI and core meanwhile).
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
if ('skip' in binary) console.log(`Electron main-window tests skipped: ${binary.skip}.`);

test.describe('main window (desktop app)', () => {
  test.skip('skip' in binary, 'skip' in binary ? binary.skip : '');

  let app: ElectronApplication;
  let page: Page;
  let mock: MockServer;
  let dataDir: string;

  test.beforeAll(async () => {
    mock = await startMockServer({ defaults: { chunkDelayMs: 5, chunkSize: 12 } });
    dataDir = mkdtempSync(join(tmpdir(), 'parley-electron-'));
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [root, `--user-data-dir=${dataDir}`],
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await configureMockProvider(page, `${mock.url}/v1`);
    await page.reload();
  });
  test.afterAll(async () => {
    await app?.close();
    await mock?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the renderer sees only window.parley: no Node, no ipcRenderer', async () => {
    const seen = await page.evaluate(() => ({
      require: typeof (globalThis as unknown as { require?: unknown }).require,
      process: typeof (globalThis as unknown as { process?: unknown }).process,
      groups: Object.keys((globalThis as unknown as { parley: object }).parley).sort(),
    }));
    expect(seen.require).toBe('undefined');
    expect(seen.process).toBe('undefined');
    expect(seen.groups).toEqual(['app', 'chat', 'history', 'keys', 'models', 'on', 'providers', 'settings']);
  });

  test('the page comes from parley://app, DevTools stay shut, and unused permissions are denied', async () => {
    expect(page.url()).toMatch(/^parley:\/\/app\/index\.html/);
    const devTools = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      contents.openDevTools();
      return contents.isDevToolsOpened();
    });
    expect(devTools).toBe(false);
    const geolocation = await page.evaluate(
      async () => (await navigator.permissions.query({ name: 'geolocation' })).state,
    );
    expect(geolocation).toBe('denied');
  });

  test('a message streams in, and Stop keeps what arrived', async () => {
    mock.enqueue({ text: 'Streaming from the desktop app. '.repeat(200), chunkDelayMs: 20, chunkSize: 8 });
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello from Electron');
    await page.keyboard.press('Enter');
    const answer = page.getByRole('article', { name: /^Assistant/ }).last();
    await expect(answer).toContainText('Streaming from the desktop app.');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
    const kept = (await answer.innerText()).length;
    await page.waitForTimeout(300);
    expect((await answer.innerText()).length).toBe(kept);
  });
});
