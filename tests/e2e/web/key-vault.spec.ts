import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  configureMockProvider,
  expect,
  lastAnswer,
  send,
  startWebHost,
  test,
  waitForAnswer,
} from '../support/parley.ts';
import type { HostOptions } from '../support/parley.ts';

// Issue 11 item 10: where there is no keychain (a headless box), the browser edition keeps keys in a
// passphrase vault: made from the page, unlocked from the page (or PARLEY_VAULT_PASSPHRASE) at each start.

const PASSPHRASE = 'e2e vault passphrase';
const KEY = 'sk-mock-e2e-1234';
/** No Secret Service to reach: the host has no keychain, as on a headless server. */
const NO_KEYCHAIN: HostOptions = {
  env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/parley-e2e-bus', DISPLAY: undefined },
};

const vault = (page: Page) => page.getByRole('region', { name: 'Key vault' });

test('create a vault from the page, restart, unlock it from the page: the saved key answers', async ({
  page,
  browser,
  mock,
}) => {
  test.setTimeout(150_000);
  const dir = await mkdtemp(join(tmpdir(), 'parley-vault-e2e-'));
  try {
    const first = await startWebHost(dir, 0, NO_KEYCHAIN);
    const port = Number(new URL(first.origin).port);
    try {
      await page.goto(first.url);
      await expect(
        vault(page).getByRole('heading', { name: 'Keep your API keys between restarts' }),
      ).toBeVisible();
      await vault(page).getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await vault(page).getByLabel('Repeat the passphrase').fill('not the same one');
      await vault(page).getByLabel('Repeat the passphrase').press('Enter');
      await expect(vault(page).getByRole('alert')).toHaveText('The two passphrases are not the same.');
      await vault(page).getByLabel('Repeat the passphrase').fill(PASSPHRASE);
      await vault(page).getByLabel('Repeat the passphrase').press('Enter');
      await expect(vault(page)).toHaveCount(0);
      await configureMockProvider(first, mock);
    } finally {
      await first.stop();
    }
    const file = await readFile(join(dir, 'key-vault.json'));
    expect(file.includes(KEY)).toBe(false);
    expect(file.includes(Buffer.from(KEY).toString('base64'))).toBe(false);
    expect((await stat(join(dir, 'key-vault.json'))).mode & 0o777).toBe(0o600);

    const second = await startWebHost(dir, port, NO_KEYCHAIN);
    try {
      await page.goto(second.url);
      const prompt = vault(page);
      await expect(prompt.getByRole('heading', { name: 'Unlock the key vault' })).toBeVisible();

      // Locked: sending says so in plain words, and where to unlock.
      mock.reset();
      await send(page, 'Before unlocking');
      await expect(lastAnswer(page)).toContainText('The key vault is locked');
      await expect(lastAnswer(page)).toContainText('Unlock it with its passphrase');
      expect(mock.requests).toHaveLength(0);

      await prompt.getByLabel('Passphrase').fill('a wrong passphrase');
      await prompt.getByLabel('Passphrase').press('Enter');
      await expect(prompt.getByRole('alert')).toHaveText('That passphrase does not open the key vault.');

      // … and in Chinese.
      const zhContext = await browser.newContext({ locale: 'zh-CN' });
      const zh = await zhContext.newPage();
      await zh.goto(second.url);
      const zhPrompt = zh.getByRole('region', { name: '密钥保险库' });
      await expect(zhPrompt.getByRole('heading', { name: '解锁密钥保险库' })).toBeVisible();
      await zhPrompt.getByLabel('口令').fill('another wrong one');
      await zhPrompt.getByLabel('口令').press('Enter');
      await expect(zhPrompt.getByRole('alert')).toHaveText('这个口令打不开密钥保险库。');

      await prompt.getByLabel('Passphrase').fill(PASSPHRASE);
      await prompt.getByLabel('Passphrase').press('Enter');
      await expect(prompt).toHaveCount(0);
      // Every tab follows: the Chinese one is unlocked too.
      await expect(zhPrompt).toHaveCount(0);
      await zhContext.close();

      mock.enqueue({ text: 'Unlocked and answering.' });
      await send(page, 'After unlocking');
      await waitForAnswer(page);
      await expect(lastAnswer(page)).toContainText('Unlocked and answering.');
      expect(mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    } finally {
      await second.stop();
    }

    // PARLEY_VAULT_PASSPHRASE unlocks it at start: no prompt.
    const third = await startWebHost(dir, port, {
      env: { ...NO_KEYCHAIN.env, PARLEY_VAULT_PASSPHRASE: PASSPHRASE },
    });
    try {
      expect(await third.call('vault.status')).toEqual({ state: 'unlocked' });
      await page.goto(third.url);
      await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
      await expect(vault(page)).toHaveCount(0);
    } finally {
      await third.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('keeping keys for this session only puts the offer away in every tab until the next start', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const host = await startWebHost(undefined, 0, NO_KEYCHAIN);
  try {
    await page.goto(host.url);
    await vault(page).getByRole('button', { name: 'Keep keys for this session only' }).click();
    await expect(vault(page)).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await expect(vault(page)).toHaveCount(0);
    expect(await host.call('vault.status')).toEqual({ state: 'session-only' });
  } finally {
    await host.stop();
  }
});
