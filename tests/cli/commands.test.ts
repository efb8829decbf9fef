import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHistoryCommand } from '../../src/cli/history.ts';
import { runImportCommand } from '../../src/cli/import.ts';
import { cliIo } from '../fixtures/cli-io.ts';
import { runKeyCommand } from '../../src/cli/key.ts';
import { defaultDataDir } from '../../src/main/core/paths.ts';
import { openSecretStore } from '../../src/main/core/secrets/open-secret-store.ts';
import { loadKeytar } from '../../src/main/core/secrets/keychain-store.ts';
import { conversation, node, writeExport } from '../fixtures/chatgpt-export.ts';
import { filesContaining } from '../fixtures/scan-files.ts';
import { ensureSecretService, toolsAvailable } from '../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../fixtures/secret-service.ts';

let dir: string;
let dataDir: string;

const io = (stdin = '') => cliIo(stdin, { PARLEY_DATA_DIR: dataDir });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  dataDir = join(dir, 'data');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('data folder', () => {
  it('is the platform user-data folder, overridden by PARLEY_DATA_DIR', () => {
    expect(defaultDataDir({ platform: 'linux', env: {}, home: '/home/ada' })).toBe(
      '/home/ada/.config/Parley',
    );
    expect(defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/x' }, home: '/home/ada' })).toBe(
      '/x/Parley',
    );
    expect(defaultDataDir({ platform: 'darwin', env: {}, home: '/Users/ada' })).toBe(
      '/Users/ada/Library/Application Support/Parley',
    );
    expect(
      defaultDataDir({
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
        home: 'C:\\Users\\ada',
      }),
    ).toBe('C:\\Users\\ada\\AppData\\Roaming\\Parley');
    expect(defaultDataDir({ platform: 'linux', env: { PARLEY_DATA_DIR: '/tmp/p' }, home: '/home/ada' })).toBe(
      '/tmp/p',
    );
  });
});

describe('parley import / history', () => {
  it('imports a ChatGPT export, then stats, list, search and export it', async () => {
    const file = join(dir, 'conversations.json');
    await writeExport(file, 2, (i) =>
      conversation(
        `c${i}`,
        i ? '数据库问题' : 'Garden plans',
        [
          node(`r${i}`, null, null, null),
          node(`u${i}`, `r${i}`, 'user', i ? '请解释一下预写日志' : 'When should I plant tomatoes?', {
            time: 1_700_000_000 + i,
          }),
          node(
            `a${i}`,
            `u${i}`,
            'assistant',
            i ? '预写日志先写日志。' : 'Plant tomatoes after the last frost.',
            { time: 1_700_000_010 + i },
          ),
        ],
        `a${i}`,
        1_700_000_000 + i * 3600, // the Chinese one updated last, so listed first
      ),
    );
    const imp = io();
    expect(await runImportCommand(['chatgpt', file], imp.io)).toBe(0);
    expect(imp.out()).toBe('Imported 2 conversations and 4 messages.\n');
    expect(imp.err()).toMatch(/importing… 100%/);

    const again = io();
    expect(await runImportCommand(['chatgpt', file], again.io)).toBe(0);
    expect(again.out()).toBe('Imported 0 conversations and 0 messages. 2 were already imported.\n');

    const stats = io();
    expect(await runHistoryCommand(['stats'], stats.io)).toBe(0);
    expect(stats.out()).toBe('conversations: 2\nmessages: 4\n');

    const list = io();
    await runHistoryCommand(['list'], list.io);
    const lines = list.out().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^[0-9a-f-]{36}\t数据库问题$/);
    expect(lines[1]).toMatch(/\tGarden plans$/);
    const gardenId = lines[1]!.split('\t')[0]!;

    const search = io();
    await runHistoryCommand(['search', 'tomatoes'], search.io);
    // One line per conversation: its best hit (bm25: the shorter message), and how many more match.
    expect(search.out().trim().split('\n')).toEqual([
      `${gardenId}\tGarden plans\tWhen should I plant [tomatoes]?\t1 more`,
    ]);
    const byTitle = io();
    await runHistoryCommand(['search', 'garden'], byTitle.io);
    expect(byTitle.out()).toBe(`${gardenId}\t[Garden] plans\t\n`);
    const zh = io();
    await runHistoryCommand(['search', '日志'], zh.io);
    expect(zh.out()).toContain('\t数据库问题\t');
    expect(zh.out()).toContain('[日志]');

    const md = io();
    expect(await runHistoryCommand(['export', gardenId, '--format', 'md'], md.io)).toBe(0);
    expect(md.out()).toContain('# Garden plans');
    expect(md.out()).toContain('Plant tomatoes after the last frost.');
    const json = io();
    await runHistoryCommand(['export', gardenId, '--format', 'json'], json.io);
    expect(JSON.parse(json.out()).conversations[0].messages).toHaveLength(2);
  });

  it('says what is wrong in plain words', async () => {
    const missing = io();
    expect(await runHistoryCommand(['export', 'nope', '--format', 'md'], missing.io)).toBe(1);
    expect(missing.err()).toMatch(/does not exist/);
    const usage = io();
    expect(await runHistoryCommand(['export', 'x', '--format', 'pdf'], usage.io)).toBe(2);
    expect(usage.err()).toMatch(/--format md\|json/);
    const notExport = io();
    writeFileSync(join(dir, 'notes.txt'), 'just notes');
    expect(await runImportCommand(['chatgpt', join(dir, 'notes.txt')], notExport.io)).toBe(1);
    expect(notExport.err()).toMatch(/not a ChatGPT export/);
  });
});

describe.runIf(process.platform === 'linux' && toolsAvailable())('parley key (gnome-keyring)', () => {
  let session: SecretServiceSession;
  const provider = `cli-test-${process.pid}`;
  beforeAll(async () => {
    session = await ensureSecretService();
  }, 30_000);
  afterAll(async () => {
    await (await loadKeytar()).deletePassword('Parley', provider).catch(() => false);
    await session?.stop();
  });

  it('sets a key from stdin, reads it back as ask would, deletes it; no key text in the data folder', async () => {
    const key = 'sk-cli-0123456789abcdefKEYZ';
    const set = io(`${key}\n`);
    expect(await runKeyCommand(['set', provider], set.io)).toBe(0);
    expect(set.out()).toBe(`Saved the key for ${provider} in the system keychain (…KEYZ).\n`);
    expect(await (await loadKeytar()).getPassword('Parley', provider)).toBe(key);

    const status = io();
    await runKeyCommand(['status', provider], status.io);
    expect(status.out()).toBe(`${provider}: key saved in the system keychain (…KEYZ)\n`);

    // What `parley ask` reads through its secrets seam.
    expect(await (await openSecretStore({ dataDir })).store.get(provider)).toBe(key);

    const del = io();
    expect(await runKeyCommand(['delete', provider], del.io)).toBe(0);
    expect(del.out()).toBe(`Deleted the key for ${provider}.\n`);
    expect(await (await openSecretStore({ dataDir })).store.get(provider)).toBeNull();
    expect(filesContaining(dir, key)).toEqual([]);

    const bad = io('   \n');
    expect(await runKeyCommand(['set', provider], bad.io)).toBe(1);
    expect(bad.err()).toMatch(/The key is empty/);
    const badId = io();
    expect(await runKeyCommand(['set', 'Not An Id'], badId.io)).toBe(2);
  });
});
