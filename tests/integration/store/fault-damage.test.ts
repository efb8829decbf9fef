import fc from 'fast-check';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryNotice } from '../../../src/main/core/store/history-notices.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import { startAnswer, userMessage } from '../../fixtures/history-kit.ts';

/**
 * Fault tests of the history store: one random 4 KB page written over EVERY page of a small
 * history, and a zero-byte file. Start-up must succeed, every conversation that is still readable
 * (in the damaged file or the newest backup) must come back intact, and damage must be reported.
 */

const FIXED_SEED = 20_260_512;
const randomSeed = Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`fault-damage seeds: fixed ${FIXED_SEED}, random ${randomSeed} (PARLEY_FUZZ_SEED=${randomSeed})`);

const PAGE = 4096;
let pristine: string;
/** conversation id -> its messages' contents in order */
const original = new Map<string, string[]>();
/** The conversations the backup has (the last ones were written after it). */
const inBackup = new Set<string>();

beforeAll(async () => {
  pristine = mkdtempSync(join(tmpdir(), 'parley-damage-src-'));
  const { history } = await openHistory({
    dataDir: pristine,
    autoBackupEveryMs: null,
    now: () => Date.UTC(2026, 0, 1),
  });
  const add = (i: number) => {
    const c = history.createConversation({ title: `Conversation ${i}` });
    const contents: string[] = [];
    let parentId: string | null = null;
    for (let m = 0; m < 3; m++) {
      const text = `c${i} m${m} ${'lorem ipsum dolor '.repeat(6 + ((i * 7 + m) % 12))}`;
      parentId = userMessage(history, { conversationId: c.id, parentId, content: text }).id;
      contents.push(text);
    }
    original.set(c.id, contents);
    return c.id;
  };
  for (let i = 0; i < 7; i++) inBackup.add(add(i));
  await history.backups.create('auto');
  for (let i = 7; i < 9; i++) add(i);
  // A finished answer too, so a streaming row's recovery is in the picture.
  const last = [...original.keys()].at(-1)!;
  const answer = startAnswer(history, { conversationId: last, parentId: null });
  history.finishMessage(answer.id, { state: 'complete' });
  original.get(last)!.push('');
  history.close();
  const pages = statSync(join(pristine, 'history.sqlite')).size / PAGE;
  console.log(`fault-damage: a ${pages}-page history`);
}, 30_000);
afterAll(() => rmSync(pristine, { recursive: true, force: true }));

/** What can still be read of each conversation straight from the damaged file (the ground truth). */
function readableIn(file: string): Set<string> {
  const readable = new Set<string>();
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { readOnly: true });
  } catch {
    return readable;
  }
  try {
    for (const [id, contents] of original) {
      try {
        const row = db.prepare('SELECT id FROM conversations NOT INDEXED WHERE id = ?').get(id);
        const got = db
          .prepare('SELECT content FROM messages NOT INDEXED WHERE conversation_id = ? ORDER BY seq')
          .all(id) as { content: string }[];
        if (row && got.length === contents.length && got.every((m, i) => m.content === contents[i])) {
          readable.add(id);
        }
      } catch {
        // unreadable
      }
    }
  } finally {
    db.close();
  }
  return readable;
}

function integrityOk(file: string): boolean {
  try {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
      return rows.length === 1 && rows[0]!.integrity_check === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

async function startOn(dataDir: string) {
  const later: HistoryNotice[] = [];
  const opened = await openHistory({ dataDir, autoBackupEveryMs: null, onNotice: (n) => later.push(n) });
  return { ...opened, later };
}

describe('history fault tests: damage', () => {
  // The fixed seed damages every page in turn; the random one, a random dozen (bounded time).
  for (const [label, seed, every] of [
    ['fixed seed, every page', FIXED_SEED, true],
    ['random seed, random pages', randomSeed, false],
  ] as const) {
    it(`survives one random 4 KB page written over a page (${label})`, async () => {
      const pages = statSync(join(pristine, 'history.sqlite')).size / PAGE;
      const bytesByPage = fc.sample(fc.uint8Array({ minLength: PAGE, maxLength: PAGE }), {
        seed,
        numRuns: pages,
      });
      const chosen = every
        ? Array.from({ length: pages }, (_, i) => i)
        : fc.sample(fc.integer({ min: 0, max: pages - 1 }), { seed, numRuns: 12 });
      for (const page of chosen) {
        const dataDir = mkdtempSync(join(tmpdir(), 'parley-damage-'));
        try {
          cpSync(pristine, dataDir, { recursive: true });
          const file = join(dataDir, 'history.sqlite');
          const bytes = readFileSync(file);
          bytes.set(bytesByPage[page]!, page * PAGE);
          writeFileSync(file, bytes);
          const readable = readableIn(file);
          const damaged = !integrityOk(file);
          // The run that damaged it did not end cleanly: its lock file is left behind.
          mkdirSync(join(dataDir, 'runs'), { recursive: true });
          writeFileSync(join(dataDir, 'runs', '12345.lock'), '');

          const { history, notices, later } = await startOn(dataDir);
          try {
            // Every request works, on whatever the file gave back.
            const listed = history.list({ limit: 100 }).items;
            for (const c of listed) history.open(c.id);
            history.search({ query: 'lorem' });
            await history.maintenance;
            const all = [...notices, ...later];
            const ids = new Set(history.list({ limit: 100 }).items.map((c) => c.id));
            const at = `page ${page + 1} of ${pages} (seed ${seed})`;
            for (const id of new Set([...readable, ...inBackup])) {
              expect(ids.has(id), `${at}: conversation ${id} is readable but was lost`).toBe(true);
              const saved = history.open(id).messages.map((m) => m.content);
              expect(saved, at).toEqual(original.get(id));
            }
            if (damaged) {
              expect(
                all.map((n) => n.kind),
                at,
              ).toContain('history-repaired');
              const report = all.find((n) => n.kind === 'history-repaired')!;
              expect(report.message, at).toMatch(/Recovered from the damaged file: \d+ conversation/);
              expect(report.messageZh, at).toMatch(/恢复了 \d+ 个对话/);
            }
            // Nothing made up or garbled: what a partly readable conversation shows is its own
            // messages, in order (a subsequence of what was written).
            for (const id of ids) {
              if (!original.has(id)) continue;
              const shown = history.open(id).messages.map((m) => m.content);
              const written = original.get(id)!;
              let from = 0;
              for (const content of shown) {
                from = written.indexOf(content, from) + 1;
                expect(from, `${at}: a message of ${id} was changed`).toBeGreaterThan(0);
              }
            }
          } finally {
            history.close();
          }
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    }, 60_000);
  }

  it('reports a zero-byte history file, keeps it aside, and fills the history from the newest backup', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-empty-'));
    try {
      cpSync(pristine, dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'history.sqlite'), '');
      const { history, notices } = await startOn(dataDir);
      try {
        expect(notices.map((n) => n.kind)).toEqual(['history-repaired']);
        expect(notices[0]!.message).toMatch(/empty \(0 bytes\)/);
        expect(notices[0]!.message).toMatch(/Added from the newest backup: 7 conversations and 21 messages/);
        expect(notices[0]!.messageZh).toMatch(/0 字节/);
        expect(statSync(notices[0]!.keptAt!).size).toBe(0);
        expect(history.stats()).toEqual({ conversations: 7, messages: 21 });
      } finally {
        history.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
