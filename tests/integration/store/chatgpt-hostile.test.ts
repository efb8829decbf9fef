/**
 * The hostile ChatGPT exports of issues 9 (#4) and 11 (#4, #5), each reproduced: a zip bomb, a deep
 * chain, a cycle, an unzipped folder, long titles, traversal names, other encodings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHistoryCommand } from '../../../src/cli/history.ts';
import type { CommandIo } from '../../../src/cli/history.ts';
import { runImportCommand } from '../../../src/cli/import.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { conversation, node, writeZip, zipBomb, zipEntry } from '../../fixtures/chatgpt-export.ts';
import type { ExportNode } from '../../fixtures/chatgpt-export.ts';

let dir: string;
let dataDir: string;
let history: HistoryService;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-hostile-'));
  dataDir = join(dir, 'data');
  history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    stdin: Readable.from([]),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    env: { PARLEY_DATA_DIR: dataDir },
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

/** Two messages whose parents point at each other (issue 11 #5), beside an ordinary one. */
function cyclic() {
  const nodes = [
    node('a', 'b', 'user', 'question in a loop'),
    node('b', 'a', 'assistant', 'answer in a loop'),
  ];
  nodes[0]!.children = ['b'];
  nodes[1]!.children = ['a'];
  return conversation('c-cycle', 'Loop', nodes, 'b');
}

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value));
  return file;
}

function importInChild(file: string) {
  const child = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '../../fixtures/import-child.ts'), file, join(dir, 'child-data')],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

describe('hostile ChatGPT exports', () => {
  it('imports an unzipped export folder (its conversations.json) from the CLI', async () => {
    const folder = join(dir, 'chatgpt-export');
    mkdirSync(folder);
    write('chatgpt-export/conversations.json', [cyclic()]);
    const run = io();
    history.close();
    expect(await runImportCommand(['chatgpt', folder], run.io)).toBe(0);
    expect(run.out()).toMatch(/Imported 1 conversations and 2 messages/);
    const empty = io();
    mkdirSync(join(dir, 'empty'));
    expect(await runImportCommand(['chatgpt', join(dir, 'empty')], empty.io)).toBe(1);
    expect(empty.err()).toMatch(/has no conversations\.json/);
    history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
  });

  it('cuts a cycle in mapping, and the CLI exports the conversation', async () => {
    expect(await history.importChatGpt(write('c.json', [cyclic()]))).toMatchObject({ messagesAdded: 2 });
    const [summary] = history.list().items;
    const messages = history.open(summary!.id).messages;
    const parents = new Map(messages.map((m) => [m.id, m.parentId]));
    expect([...parents.values()].filter((p) => p === null)).toHaveLength(1);
    history.close();
    for (const format of ['md', 'json']) {
      const run = io();
      expect(await runHistoryCommand(['export', summary!.id, '--format', format], run.io)).toBe(0);
      expect(run.out()).toContain('answer in a loop');
    }
    history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
  });

  it('exports a conversation whose stored messages already loop (written before the fix)', async () => {
    await history.importChatGpt(write('c.json', [cyclic()]));
    const id = history.list().items[0]!.id;
    const [first, second] = history.open(id).messages;
    history.close();
    const db = new DatabaseSync(join(dataDir, 'history.sqlite'));
    db.prepare('UPDATE messages SET parent_id = ? WHERE id = ?').run(second!.id, first!.id);
    db.close();
    history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
    expect(history.exportConversation(id, 'md')).toContain('question in a loop');
    expect(JSON.parse(history.exportConversation(id, 'json')).conversations[0].messages).toHaveLength(2);
    expect(await history.exportAll('md', join(dir, 'all.md'))).toEqual({ conversations: 1 });
  });

  it('imports a 50,000-node chain (hidden nodes, then visible ones) without recursion', async () => {
    const nodes: ExportNode[] = [node('root', null, null, null)];
    let parent = 'root';
    for (let i = 0; i < 50_000; i++) {
      const visible = i >= 49_000;
      nodes.push(
        visible
          ? node(`n${i}`, parent, i % 2 ? 'assistant' : 'user', `m${i}`)
          : node(`n${i}`, parent, null, null),
      );
      parent = `n${i}`;
    }
    const result = await history.importChatGpt(
      write('chain.json', [conversation('chain', 'Chain', nodes, parent)]),
    );
    expect(result).toMatchObject({ conversationsAdded: 1, messagesAdded: 1000 });
    const detail = history.open(history.list().items[0]!.id);
    expect(detail.messages).toHaveLength(1000);
    const md = history.exportConversation(detail.id, 'md');
    expect(md.indexOf('m49000')).toBeLessThan(md.indexOf('m49999'));
    expect(md).not.toMatch(/other branches/);
  });

  it('caps imported titles at 200 characters, like renames', async () => {
    const long = `${'长'.repeat(150)} ${'word '.repeat(100)}`;
    await history.importChatGpt(
      write('t.json', [conversation('t', long, [node('u', null, 'user', 'hi')], 'u')]),
    );
    const title = history.list().items[0]!.title;
    expect(title.length).toBe(200);
    expect(title.endsWith('…')).toBe(true);
  });

  it('refuses the issue’s zip bomb (306 KB → 300 MB) at once, in bounded memory, writing nothing', async () => {
    const bomb = join(dir, 'bomb.zip');
    zipBomb(bomb, 300);
    const outcome = importInChild(bomb);
    expect(outcome).toMatchObject({ ok: false, code: 'invalid_input', stats: { conversations: 0 } });
    expect(outcome.message).toMatch(/unpacks to over 100 times its size.*Nothing was imported/);
    expect(outcome.maxRssMB).toBeLessThan(250);
    expect(outcome.ms).toBeLessThan(2000);
    expect(outcome.historyBytes).toBeLessThan(2_000_000);
  });

  it('stops a zip bomb that lies about its size, or stays under the ratio, in bounded memory', async () => {
    const liar = join(dir, 'liar.zip');
    zipBomb(liar, 300, { declaredSize: 1_000_000 });
    const lied = importInChild(liar);
    expect(lied).toMatchObject({ ok: false, code: 'invalid_input', stats: { conversations: 0 } });
    expect(lied.message).toMatch(
      /\.zip is damaged: .* not the size the \.zip gives for it\. Nothing was imported/,
    );
    expect(lied.maxRssMB).toBeLessThan(250);

    const under = join(dir, 'under.zip');
    zipBomb(under, 12); // 12 MB: below the ratio check's 16 MB floor, so the text limit stops it
    const stopped = importInChild(under);
    expect(stopped).toMatchObject({ ok: false, code: 'invalid_input', stats: { conversations: 0 } });
    expect(stopped.message).toMatch(/text longer than 4 MB/);
    expect(stopped.maxRssMB).toBeLessThan(250);
    expect(stopped.maxLoopDelayMs).toBeLessThan(1000);
    expect(stopped.historyBytes).toBeLessThan(2_000_000);
  });

  it('ignores zip entries named outside the zip, and never writes them anywhere', async () => {
    const json = JSON.stringify([conversation('z', 'Zipped', [node('u', null, 'user', 'hello')], 'u')]);
    const outside = join(dir, 'escaped');
    const evil = await zipEntry(`../../../../../../..${outside}/conversations.json`, [json]);
    const absolute = await zipEntry(`${outside}/x.txt`, ['x']);
    const only = join(dir, 'only-evil.zip');
    writeZip(only, [evil, absolute]);
    await expect(history.importChatGpt(only)).rejects.toThrow(
      /no conversations\.json inside \(a file named “\.\.\/.*” was ignored: its name points outside the \.zip\)/,
    );
    const mixed = join(dir, 'mixed.zip');
    writeZip(mixed, [evil, absolute, await zipEntry('export/conversations.json', [json])]);
    expect(await history.importChatGpt(mixed)).toMatchObject({ conversationsAdded: 1 });
    expect(existsSync(outside)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['data', 'mixed.zip', 'only-evil.zip']);
  });

  it('reads UTF-8 with a BOM; refuses UTF-16 and invalid UTF-8 in plain words', async () => {
    const json = JSON.stringify([
      conversation('e', 'Encodings', [node('u', null, 'user', 'naïve 中文')], 'u'),
    ]);
    const bom = write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]));
    expect(await history.importChatGpt(bom)).toMatchObject({ conversationsAdded: 1 });
    expect(history.search({ query: '中文' })).toHaveLength(1);

    const utf16 = write(
      'utf16.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]),
    );
    await expect(history.importChatGpt(utf16)).rejects.toThrow(/UTF-16 text; a ChatGPT export is UTF-8/);
    const latin1 = write('latin1.json', Buffer.from(json, 'latin1'));
    await expect(history.importChatGpt(latin1)).rejects.toThrow(/not valid UTF-8 text.*Nothing was imported/);
    expect(history.stats().conversations).toBe(1);
  });

  it('refuses nesting and texts beyond the limits, keeping the whole conversations before them', async () => {
    const ok = conversation('ok', 'Fine', [node('u', null, 'user', 'fine')], 'u');
    const deep = `[${JSON.stringify(ok)}, ${'['.repeat(100_000)}${']'.repeat(100_000)}]`;
    await expect(history.importChatGpt(write('deep.json', deep))).rejects.toThrow(
      /Conversation 2 of the export has nesting deeper than any ChatGPT export has\. The 1 conversation before that point was imported/,
    );
    const big = conversation('big', 'Big', [node('u', null, 'user', 'x'.repeat(5 * 1024 * 1024))], 'u');
    await expect(history.importChatGpt(write('big.json', [big]))).rejects.toThrow(/text longer than 4 MB/);
    expect(history.stats()).toMatchObject({ conversations: 1, messages: 1 });
  });
});

describe('the ends of an import', () => {
  it('stops when cancelled, saying what was kept; refuses what is not a file', async () => {
    const few = [1, 2, 3].map((i) =>
      conversation(`c${i}`, `C${i}`, [node('u', null, 'user', `hi ${i}`)], 'u'),
    );
    const stop = new AbortController();
    stop.abort();
    await expect(history.importChatGpt(write('few.json', few), { signal: stop.signal })).rejects.toThrow(
      /^The import was stopped\. Nothing was imported\.$/,
    );
    expect(history.stats().conversations).toBe(0);
    await expect(history.importChatGpt('/dev/null')).rejects.toThrow(/\/dev\/null is not a file/);
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
    const result = await history.importChatGpt(write('long.json', [long(4500)]));
    clearInterval(ticker);
    expect(result).toMatchObject({ conversationsAdded: 1, messagesAdded: 4500 });
    expect(ticks).toBeGreaterThanOrEqual(2);
    const detail = history.open(history.list().items[0]!.id);
    expect(detail.messages).toHaveLength(4500);
    expect(detail.currentLeafId).toBe(detail.messages.find((m) => m.content === 'message 4499')!.id);
  });

  it('stay hidden until complete: a disk that fills midway leaves nothing in view, purged at the next start', async () => {
    history.close();
    const db = new DatabaseSync(join(dataDir, 'history.sqlite'));
    db.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON messages WHEN (SELECT count(*) FROM messages) >= 3000
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    db.close();
    history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
    await expect(history.importChatGpt(write('long.json', [long(4500)]))).rejects.toThrow(
      /The import could not be saved/,
    );
    expect(history.list().items).toHaveLength(0);
    expect(history.stats()).toMatchObject({ conversations: 0, messages: 0 });
    history.close();
    const raw = new DatabaseSync(join(dataDir, 'history.sqlite'));
    raw.exec('DROP TRIGGER disk_full');
    expect(raw.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 2000 });
    raw.close();
    history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
    const raw2 = new DatabaseSync(join(dataDir, 'history.sqlite'));
    expect(raw2.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    raw2.close();
    expect(await history.importChatGpt(write('long.json', [long(4500)]))).toMatchObject({
      messagesAdded: 4500,
    });
  });
});
