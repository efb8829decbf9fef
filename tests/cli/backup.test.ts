import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { cliIo } from '../fixtures/cli-io.ts';
import { openHistory } from '../../src/main/core/store/history-service.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-backup-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function parley(...argv: string[]) {
  const { io, out, err } = cliIo('', { PARLEY_DATA_DIR: dataDir });
  const code = await main(argv, io);
  return { code, out: out(), err: err() };
}

const titles = async () => {
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  try {
    return history.list().items.map((c) => c.title);
  } finally {
    history.close();
  }
};

it('parley backup list | create | restore ID, the current history kept before a restore', async () => {
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  history.createConversation({ title: 'first' });
  history.close();

  expect(await parley('backup', 'list')).toMatchObject({ code: 0, out: '', err: /no backups yet/ });
  const created = await parley('backup', 'create');
  expect(created.code).toBe(0);
  expect(created.out).toMatch(
    /^history-manual-\S+\.sqlite\t\d{4}-\d\d-\d\dT[\d:.]+Z\t[\d.]+ KB\t1 conversation\n$/,
  );
  const id = created.out.split('\t')[0]!;
  expect((await parley('backup', 'list')).out).toBe(created.out);

  const later = await openHistory({ dataDir, autoBackupEveryMs: null });
  later.history.createConversation({ title: 'second' });
  later.history.close();
  expect(await titles()).toEqual(['second', 'first']);

  const restored = await parley('backup', 'restore', id);
  expect(restored.code).toBe(0);
  expect(restored.out).toMatch(
    /^Restored history-manual-.* The history it replaced was kept as .*history-before-restore-.*\.sqlite\.\n$/,
  );
  expect(await titles()).toEqual(['first']);
  const kept = restored.out.match(/kept as (.*)\.\n$/)![1]!;
  expect(existsSync(kept)).toBe(true);
  // The kept history is itself a backup: restoring it undoes the restore.
  const keptId = kept.split('/').pop()!;
  expect((await parley('backup', 'list')).out).toContain(keptId);
  expect((await parley('backup', 'restore', keptId)).code).toBe(0);
  expect(await titles()).toEqual(['second', 'first']);
});

it('refuses an unknown or unsafe backup id in plain words, changing nothing', async () => {
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  history.createConversation({ title: 'only' });
  history.close();
  for (const id of ['../history.sqlite', 'history-manual-2020-01-01T00-00-00-000Z.sqlite', '/etc/passwd']) {
    const result = await parley('backup', 'restore', id);
    expect(result).toMatchObject({
      code: 1,
      err: /There is no backup with that name\. Your current history was not changed\./,
    });
  }
  expect(await titles()).toEqual(['only']);
  // Not under a running Parley: it would go on writing to the replaced file.
  const id = (await parley('backup', 'create')).out.split('\t')[0]!;
  const running = await openHistory({ dataDir, autoBackupEveryMs: null });
  running.history.createConversation({ title: 'while running' });
  expect(await parley('backup', 'restore', id)).toMatchObject({
    code: 1,
    err: /Parley is open in another window or process/,
  });
  running.history.close();
  expect(await titles()).toEqual(['while running', 'only']);
  expect((await parley('backup', 'restore')).code).toBe(2);
  expect((await parley('backup')).err).toMatch(/parley backup restore ID/);
});
