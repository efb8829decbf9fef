import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { filesContaining } from '../fixtures/scan-files.ts';
import { startMockServer, type MockServer } from '../mock-server/server.ts';

// Issue 11 item 10: on a machine with no keychain, `parley` keeps keys in the passphrase vault, unlocked
// by PARLEY_VAULT_PASSPHRASE (a real child process: real keytar failing to reach a Secret Service).

const root = resolve(import.meta.dirname, '../..');
const KEY = 'sk-cli-vault-5e8d2b7a91c4';
const PASSPHRASE = 'cli vault passphrase';
let server: MockServer;
let dataDir: string;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 }, apiKeys: [KEY] });
  dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-vault-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function parley(args: string[], env: Record<string, string> = {}, stdin = '') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [join(root, 'bin/parley.js'), ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dataDir,
        // No Secret Service to reach, and no display to start one on: a headless box.
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-bus')}`,
        PARLEY_DATA_DIR: dataDir,
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part: Buffer) => (stdout += part.toString()));
    child.stderr.on('data', (part: Buffer) => (stderr += part.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

it('saves a key into the vault with PARLEY_VAULT_PASSPHRASE, and uses it only with the right passphrase', async () => {
  const base = [
    'provider',
    'set',
    'vaulted',
    '--kind',
    'openai-compatible',
    '--base-url',
    `${server.url}/v1`,
  ];
  expect((await parley([...base, '--models', 'gpt-4o-mini'])).code).toBe(0);
  const saved = await parley(['key', 'set', 'vaulted'], { PARLEY_VAULT_PASSPHRASE: PASSPHRASE }, `${KEY}\n`);
  expect(saved.code, saved.stderr).toBe(0);
  expect(filesContaining(dataDir, KEY)).toEqual([]);
  expect(filesContaining(dataDir, PASSPHRASE)).toEqual([]);

  const ask = ['ask', '--provider', 'vaulted', '--model', 'gpt-4o-mini', '--no-save', 'Hello'];
  const locked = await parley(ask);
  expect(locked.code).not.toBe(0);
  expect(locked.stderr).toContain('The key vault is locked');
  expect(locked.stderr).toContain('PARLEY_VAULT_PASSPHRASE');

  const wrong = await parley(ask, { PARLEY_VAULT_PASSPHRASE: 'not the passphrase' });
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toContain('That passphrase does not open the key vault. (PARLEY_VAULT_PASSPHRASE)');
  expect(wrong.stderr).toContain('The key vault is locked');
  expect(wrong.stderr).not.toContain('not the passphrase');
  expect(server.requests).toHaveLength(0);

  const right = await parley(ask, { PARLEY_VAULT_PASSPHRASE: PASSPHRASE });
  expect(right.code, right.stderr).toBe(0);
  expect(right.stdout.length).toBeGreaterThan(0);
  expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
}, 120_000);
