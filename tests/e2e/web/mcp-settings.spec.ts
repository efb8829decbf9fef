import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { KEYCHAIN_SERVICE, loadKeytar } from '../../../src/main/core/secrets/keychain-store.ts';
import { mcpSecretAccount } from '../../../src/shared/mcp.ts';
import { crashingEverything, EVERYTHING } from '../../integration/tools/mcp-servers.ts';
import { test, expect } from '../support/parley.ts';

/**
 * Settings → Tools (MCP) in the browser edition, with real MCP servers from npm: server-everything
 * added by command with a secret in its environment (in the keychain, not in config.json), tested
 * (its tools listed), switched off; a pasted `mcpServers` config imported with the bad entry
 * explained; a server that crashes is restarted, and the list shows the restart and the last error.
 */

const worker = process.env.TEST_WORKER_INDEX ?? '0';
const EVERY = `everything-${worker}`;
const CRASHY = `crashy-${worker}`;
const SECRET = `every-token-${worker}-${Date.now()}`;
let dir: string;

test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-e2e-mcp-'));
});
test.afterEach(async ({ host }) => {
  // The host is the worker's: the next spec finds no servers.
  for (const name of [EVERY, CRASHY]) await host.call('mcp.remove', { name });
  rmSync(dir, { recursive: true, force: true });
});

async function openTools(app: Page): Promise<Locator> {
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Tools (MCP)' }).click();
  return dialog;
}

test('add server-everything by command: its secret in the keychain only; Test lists its tools; off and removed', async ({
  app,
  host,
}) => {
  test.setTimeout(60_000);
  const dialog = await openTools(app);
  await expect(dialog.getByText('No MCP servers yet.')).toBeVisible();

  // A bad name and an open quote are said at their fields, and nothing is saved.
  await dialog.getByRole('textbox', { name: 'Name' }).fill('my server');
  await dialog.getByRole('textbox', { name: 'Command' }).fill(process.execPath);
  await dialog.getByRole('textbox', { name: 'Arguments' }).fill(`"${EVERYTHING} stdio`);
  await dialog.getByRole('button', { name: 'Add server' }).click();
  await expect(dialog.getByText('Use letters, digits, dashes and underscores (up to 32).')).toBeVisible();
  await expect(dialog.getByText('A quote is not closed.')).toBeVisible();

  await dialog.getByRole('textbox', { name: 'Name' }).fill(EVERY);
  await dialog.getByRole('textbox', { name: 'Arguments' }).fill(`"${EVERYTHING}" stdio`);
  await dialog.getByRole('button', { name: 'Add a variable' }).click();
  await dialog.getByRole('textbox', { name: 'Name 1' }).fill('EVERYTHING_TOKEN');
  await dialog.getByLabel('Value 1').fill(SECRET);
  await dialog.getByRole('button', { name: 'Add server' }).click();
  await expect(dialog.getByText(`${EVERY} was added.`)).toBeVisible();

  const item = dialog.getByRole('listitem', { name: EVERY });
  await expect(item).toContainText('Stopped');
  await expect(item).toContainText('EVERYTHING_TOKEN (saved)');
  await expect(item).not.toContainText(SECRET);
  // The value is in the keychain; config.json has only its name.
  const keytar = await loadKeytar();
  expect(await keytar.getPassword(KEYCHAIN_SERVICE, mcpSecretAccount(EVERY, 'env', 'EVERYTHING_TOKEN'))).toBe(
    SECRET,
  );
  const config = readFileSync(join(host.dataDir, 'config.json'), 'utf8');
  expect(config).toContain('EVERYTHING_TOKEN');
  expect(config).not.toContain(SECRET);

  await item.getByRole('button', { name: `Test ${EVERY}` }).click();
  await expect(item).toContainText('Running');
  await expect(item.getByRole('status').filter({ hasText: 'is running with' })).toBeVisible();
  await item.getByText(/^\d+ tools$/).click();
  const tools = item.getByRole('list', { name: `Tools of ${EVERY}` });
  await expect(tools.getByText('get-sum', { exact: true })).toBeVisible();
  await expect(tools.getByText('echo', { exact: true })).toBeVisible();

  // Off: stopped, its tools no longer offered.
  await item.getByRole('switch', { name: `Use ${EVERY}` }).uncheck();
  await expect(item).toContainText(`${EVERY} is off`);
  await expect(item.locator('.mcp-state')).toHaveText('Off');
  await expect(item.getByRole('button', { name: `Test ${EVERY}` })).toBeDisabled();
  expect((await host.call('mcp.list')).find((s) => s.config.name === EVERY)?.config.enabled).toBe(false);

  // Remove asks in the window; Cancel keeps it, Yes removes it with its secret.
  await item.getByRole('button', { name: `Remove ${EVERY}` }).click();
  await item.getByRole('button', { name: 'Cancel' }).click();
  await item.getByRole('button', { name: `Remove ${EVERY}` }).click();
  await item.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(dialog.getByRole('listitem', { name: EVERY })).toHaveCount(0);
  expect(
    await keytar.getPassword(KEYCHAIN_SERVICE, mcpSecretAccount(EVERY, 'env', 'EVERYTHING_TOKEN')),
  ).toBeNull();
});

test('a pasted config is imported; a server that crashes is restarted and the failure shown', async ({
  app,
}) => {
  test.setTimeout(60_000);
  const crashy = crashingEverything(dir);
  const dialog = await openTools(app);
  const box = dialog.getByRole('textbox', { name: 'JSON config' });
  await box.fill('{"mcpServers": {');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByText('This is not valid JSON.')).toBeVisible();

  await box.fill(
    JSON.stringify({
      mcpServers: {
        [CRASHY]: { command: process.execPath, args: [join(dir, 'crash-once.mjs')] },
        legacy: { type: 'sse', url: 'https://example.com/sse' },
      },
    }),
  );
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByText(`Added: ${CRASHY}. Updated: none. Skipped: 1.`)).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Entries not imported' })).toContainText(
    'legacy: It uses the older SSE transport',
  );

  const item = dialog.getByRole('listitem', { name: CRASHY });
  await item.getByRole('button', { name: `Test ${CRASHY}` }).click();
  await expect(item.locator('.mcp-state')).toHaveText('Running');
  crashy.crash();
  // The list follows the server live: restarted (after a 1 s backoff), with the reason it stopped.
  await expect(item).toContainText('Restarted 1 time after a crash.', { timeout: 15_000 });
  await expect(item).toContainText(
    'Last error: The server stopped unexpectedly. It said: crashing on purpose',
  );
  await expect(item.locator('.mcp-state')).toHaveText('Running', { timeout: 15_000 });
});
