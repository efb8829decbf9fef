/**
 * The hostile ChatGPT exports of issues 9 (#4) and 11 (#4, #5), each reproduced: a deep chain, a
 * cycle, an unzipped folder, long titles, traversal names, other encodings, nesting and long texts.
 * Zip bombs and long conversations: chatgpt-large.test.ts.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { runHistoryCommand } from '../../../src/cli/history.ts';
import { cliIo } from '../../fixtures/cli-io.ts';
import { runImportCommand } from '../../../src/cli/import.ts';
import { conversation, node, writeZip, zipEntry } from '../../fixtures/chatgpt-export.ts';
import type { ExportNode } from '../../fixtures/chatgpt-export.ts';
import { useTempHistory } from '../../fixtures/temp-history.ts';
import { exportEverything } from '../../fixtures/history-kit.ts';

const t = useTempHistory('parley-hostile-');

const io = () => cliIo('', { PARLEY_DATA_DIR: t.dataDir });

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

describe('hostile ChatGPT exports', () => {
  it('imports an unzipped export folder (its conversations.json) from the CLI', async () => {
    const folder = join(t.dir, 'chatgpt-export');
    mkdirSync(folder);
    t.write('chatgpt-export/conversations.json', [cyclic()]);
    const run = io();
    await t.reopen(async () => {
      expect(await runImportCommand(['chatgpt', folder], run.io)).toBe(0);
      expect(run.out()).toMatch(/Imported 1 conversations and 2 messages/);
      const empty = io();
      mkdirSync(join(t.dir, 'empty'));
      expect(await runImportCommand(['chatgpt', join(t.dir, 'empty')], empty.io)).toBe(1);
      expect(empty.err()).toMatch(/has no conversations\.json/);
    });
  });

  it('cuts a cycle in mapping, and the CLI exports the conversation', async () => {
    expect(await t.history.importChatGpt(t.write('c.json', [cyclic()]))).toMatchObject({ messagesAdded: 2 });
    const [summary] = t.history.list().items;
    const messages = t.history.open(summary!.id).messages;
    const parents = new Map(messages.map((m) => [m.id, m.parentId]));
    expect([...parents.values()].filter((p) => p === null)).toHaveLength(1);
    await t.reopen(async () => {
      for (const format of ['md', 'json']) {
        const run = io();
        expect(await runHistoryCommand(['export', summary!.id, '--format', format], run.io)).toBe(0);
        expect(run.out()).toContain('answer in a loop');
      }
    });
  });

  it('exports a conversation whose stored messages already loop (written before the fix)', async () => {
    await t.history.importChatGpt(t.write('c.json', [cyclic()]));
    const id = t.history.list().items[0]!.id;
    const [first, second] = t.history.open(id).messages;
    await t.reopen(async () => {
      const db = new DatabaseSync(join(t.dataDir, 'history.sqlite'));
      db.prepare('UPDATE messages SET parent_id = ? WHERE id = ?').run(second!.id, first!.id);
      db.close();
    });
    expect(t.history.exportConversation(id, 'md')).toContain('question in a loop');
    expect(JSON.parse(t.history.exportConversation(id, 'json')).conversations[0].messages).toHaveLength(2);
    expect(await exportEverything(t.history, 'md', join(t.dir, 'all.md'))).toEqual({ conversations: 1 });
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
    const result = await t.history.importChatGpt(
      t.write('chain.json', [conversation('chain', 'Chain', nodes, parent)]),
    );
    expect(result).toMatchObject({ conversationsAdded: 1, messagesAdded: 1000 });
    const detail = t.history.open(t.history.list().items[0]!.id);
    expect(detail.messages).toHaveLength(1000);
    const md = t.history.exportConversation(detail.id, 'md');
    expect(md.indexOf('m49000')).toBeLessThan(md.indexOf('m49999'));
    expect(md).not.toMatch(/other branches/);
  });

  it('caps imported titles at 200 characters, like renames', async () => {
    const long = `${'长'.repeat(150)} ${'word '.repeat(100)}`;
    await t.history.importChatGpt(
      t.write('t.json', [conversation('t', long, [node('u', null, 'user', 'hi')], 'u')]),
    );
    const title = t.history.list().items[0]!.title;
    expect(title.length).toBe(200);
    expect(title.endsWith('…')).toBe(true);
  });

  it('ignores zip entries named outside the zip, and never writes them anywhere', async () => {
    const json = JSON.stringify([conversation('z', 'Zipped', [node('u', null, 'user', 'hello')], 'u')]);
    const outside = join(t.dir, 'escaped');
    const evil = await zipEntry(`../../../../../../..${outside}/conversations.json`, [json]);
    const absolute = await zipEntry(`${outside}/x.txt`, ['x']);
    const only = join(t.dir, 'only-evil.zip');
    writeZip(only, [evil, absolute]);
    await expect(t.history.importChatGpt(only)).rejects.toThrow(
      /no conversations\.json inside \(a file named “\.\.\/.*” was ignored: its name points outside the \.zip\)/,
    );
    const mixed = join(t.dir, 'mixed.zip');
    writeZip(mixed, [evil, absolute, await zipEntry('export/conversations.json', [json])]);
    expect(await t.history.importChatGpt(mixed)).toMatchObject({ conversationsAdded: 1 });
    expect(existsSync(outside)).toBe(false);
    expect(readdirSync(t.dir).sort()).toEqual(['data', 'mixed.zip', 'only-evil.zip']);
  });

  it('reads UTF-8 with a BOM; refuses UTF-16 and invalid UTF-8 in plain words', async () => {
    const json = JSON.stringify([
      conversation('e', 'Encodings', [node('u', null, 'user', 'naïve 中文')], 'u'),
    ]);
    const bom = t.write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]));
    expect(await t.history.importChatGpt(bom)).toMatchObject({ conversationsAdded: 1 });
    expect(t.history.search({ query: '中文' })).toHaveLength(1);

    const utf16 = t.write(
      'utf16.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]),
    );
    await expect(t.history.importChatGpt(utf16)).rejects.toThrow(/UTF-16 text; a ChatGPT export is UTF-8/);
    const latin1 = t.write('latin1.json', Buffer.from(json, 'latin1'));
    await expect(t.history.importChatGpt(latin1)).rejects.toThrow(
      /not valid UTF-8 text.*Nothing was imported/,
    );
    expect(t.history.stats().conversations).toBe(1);
  });

  it('refuses nesting and texts beyond the limits, keeping the whole conversations before them', async () => {
    const ok = conversation('ok', 'Fine', [node('u', null, 'user', 'fine')], 'u');
    const deep = `[${JSON.stringify(ok)}, ${'['.repeat(100_000)}${']'.repeat(100_000)}]`;
    await expect(t.history.importChatGpt(t.write('deep.json', deep))).rejects.toThrow(
      /Conversation 2 of the export has nesting deeper than any ChatGPT export has\. The 1 conversation before that point was imported/,
    );
    const big = conversation('big', 'Big', [node('u', null, 'user', 'x'.repeat(5 * 1024 * 1024))], 'u');
    await expect(t.history.importChatGpt(t.write('big.json', [big]))).rejects.toThrow(
      /text longer than 4 MB/,
    );
    expect(t.history.stats()).toMatchObject({ conversations: 1, messages: 1 });
  });
});

describe('the ends of an import', () => {
  it('stops when cancelled, saying what was kept; refuses what is not a file', async () => {
    const few = [1, 2, 3].map((i) =>
      conversation(`c${i}`, `C${i}`, [node('u', null, 'user', `hi ${i}`)], 'u'),
    );
    const stop = new AbortController();
    stop.abort();
    await expect(t.history.importChatGpt(t.write('few.json', few), { signal: stop.signal })).rejects.toThrow(
      /^The import was stopped\. Nothing was imported\.$/,
    );
    expect(t.history.stats().conversations).toBe(0);
    await expect(t.history.importChatGpt('/dev/null')).rejects.toThrow(/\/dev\/null is not a file/);
  });
});
