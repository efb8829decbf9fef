/**
 * The large hostile ChatGPT exports of issue 9 (#4): zip bombs, measured in a child process, and
 * long conversations, written in parts and hidden until complete.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { conversation, node, zipBomb } from '../../fixtures/chatgpt-export.ts';
import type { ExportNode } from '../../fixtures/chatgpt-export.ts';
import { useTempHistory } from '../../fixtures/temp-history.ts';

const t = useTempHistory('parley-large-');

function importInChild(file: string) {
  const child = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '../../fixtures/import-child.ts'), file, join(t.dir, 'child-data')],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

describe('zip bombs', () => {
  it('refuses the issue’s zip bomb (306 KB → 300 MB) at once, in bounded memory, writing nothing', async () => {
    const bomb = join(t.dir, 'bomb.zip');
    zipBomb(bomb, 300);
    const outcome = importInChild(bomb);
    expect(outcome).toMatchObject({ ok: false, code: 'invalid_input', stats: { conversations: 0 } });
    expect(outcome.message).toMatch(/unpacks to over 100 times its size.*Nothing was imported/);
    expect(outcome.maxRssMB).toBeLessThan(250);
    expect(outcome.ms).toBeLessThan(2000);
    expect(outcome.historyBytes).toBeLessThan(2_000_000);
  });

  it('stops a zip bomb that lies about its size, or stays under the ratio, in bounded memory', async () => {
    const liar = join(t.dir, 'liar.zip');
    zipBomb(liar, 300, { declaredSize: 1_000_000 });
    const lied = importInChild(liar);
    expect(lied).toMatchObject({ ok: false, code: 'invalid_input', stats: { conversations: 0 } });
    expect(lied.message).toMatch(
      /\.zip is damaged: .* not the size the \.zip gives for it\. Nothing was imported/,
    );
    expect(lied.maxRssMB).toBeLessThan(250);

    const under = join(t.dir, 'under.zip');
    zipBomb(under, 12); // 12 MB: below the ratio check's 16 MB floor, so the text limit stops it
    const stopped = importInChild(under);
    expect(stopped).toMatchObject({ ok: false, code: 'invalid_input', stats: { conversations: 0 } });
    expect(stopped.message).toMatch(/text longer than 4 MB/);
    expect(stopped.maxRssMB).toBeLessThan(250);
    expect(stopped.maxLoopDelayMs).toBeLessThan(1000);
    expect(stopped.historyBytes).toBeLessThan(2_000_000);
  });
});

describe('long conversations', () => {
  const long = (messages: number) => {
    const nodes: ExportNode[] = [];
    for (let i = 0; i < messages; i++)
      nodes.push(node(`m${i}`, i ? `m${i - 1}` : null, i % 2 ? 'assistant' : 'user', `message ${i}`));
    return conversation('long', 'Long', nodes, `m${messages - 1}`);
  };

  it('are written in parts with the event loop free between them', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const result = await t.history.importChatGpt(t.write('long.json', [long(4500)]));
    clearInterval(ticker);
    expect(result).toMatchObject({ conversationsAdded: 1, messagesAdded: 4500 });
    expect(ticks).toBeGreaterThanOrEqual(2);
    const detail = t.history.open(t.history.list().items[0]!.id);
    expect(detail.messages).toHaveLength(4500);
    expect(detail.currentLeafId).toBe(detail.messages.find((m) => m.content === 'message 4499')!.id);
  });

  it('stay hidden until complete: a disk that fills midway leaves nothing in view, purged at the next start', async () => {
    await t.reopen(async () => {
      const db = new DatabaseSync(join(t.dataDir, 'history.sqlite'));
      db.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON messages WHEN (SELECT count(*) FROM messages) >= 3000
               BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
      db.close();
    });
    await expect(t.history.importChatGpt(t.write('long.json', [long(4500)]))).rejects.toThrow(
      /The import could not be saved/,
    );
    expect(t.history.list().items).toHaveLength(0);
    expect(t.history.stats()).toMatchObject({ conversations: 0, messages: 0 });
    await t.reopen(async () => {
      const raw = new DatabaseSync(join(t.dataDir, 'history.sqlite'));
      raw.exec('DROP TRIGGER disk_full');
      expect(raw.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 2000 });
      raw.close();
    });
    const raw2 = new DatabaseSync(join(t.dataDir, 'history.sqlite'));
    expect(raw2.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    raw2.close();
    expect(await t.history.importChatGpt(t.write('long.json', [long(4500)]))).toMatchObject({
      messagesAdded: 4500,
    });
  });
});
