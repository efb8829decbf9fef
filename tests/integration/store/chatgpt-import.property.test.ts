/**
 * Property tests of the whole ChatGPT import into a real SQLite history, with hostile files: random
 * exports (cycles, chains, any shape), in other encodings, damaged, zipped under traversal names,
 * zips that lie or inflate far beyond their size, folders. Limits are lowered so every refusal is
 * reached quickly. Properties: only a plain-words ParleyError is ever thrown; what the result or the
 * error says was imported is exactly what the database holds; every stored conversation exports.
 * Fixed seed plus a printed random seed (PARLEY_FUZZ_SEED replays one).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { ImportResult } from '../../../src/main/core/store/history-service.ts';
import { IMPORT_LIMITS } from '../../../src/main/core/store/import-limits.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { writeZip, zipEntry } from '../../fixtures/chatgpt-export.ts';
import { checkSeeds, exportArb } from '../../fixtures/import-fuzz.ts';
import { exportEverything } from '../../fixtures/history-kit.ts';

const LIMITS = {
  ...IMPORT_LIMITS,
  maxExportBytes: 512 * 1024,
  maxZipRatio: 10,
  ratioFloorBytes: 4 * 1024,
  maxTextChars: 2000,
  maxConversationChars: 200_000,
  maxContainers: 20_000,
  maxNodes: 1500,
  maxDepth: 24,
};

const zipNames = [
  'conversations.json',
  'export/conversations.json',
  '../conversations.json',
  '/tmp/conversations.json',
  'a/../../conversations.json',
  'C:/conversations.json',
  'x\\..\\conversations.json',
];

/** How the export reaches the importer. */
const wrapArb = fc.oneof(
  fc.constant({ kind: 'json' as const }),
  fc.constant({ kind: 'folder' as const }),
  fc.constant({ kind: 'bom' as const }),
  fc.constant({ kind: 'utf16' as const }),
  fc.record({ kind: fc.constant('damaged' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncated' as const), keep: fc.nat() }),
  fc.record({
    kind: fc.constantFrom('zip' as const, 'zip' as const, 'zip' as const),
    names: fc.array(fc.constantFrom(...zipNames), { minLength: 1, maxLength: 3 }),
    method: fc.constantFrom(0 as const, 8 as const),
    lie: fc.option(fc.nat({ max: 100_000 }), { nil: undefined }),
  }),
);

/** A conversation with one long text, repeated: past the text limit, or a small zip bomb. */
const bigTextArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.record({
      chars: fc.integer({ min: 1, max: 6000 }),
      letter: fc.constantFrom('a', '中', '🙂'),
    }),
  },
);

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'parley-import-fuzz-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Wrap =
  | { kind: 'json' | 'folder' | 'bom' | 'utf16' }
  | { kind: 'damaged'; at: number; byte: number }
  | { kind: 'truncated'; keep: number }
  | { kind: 'zip'; names: string[]; method: 0 | 8; lie: number | undefined };

async function materialize(
  run: string,
  entries: unknown[],
  big: { chars: number; letter: string } | null,
  wrap: Wrap,
) {
  if (big) {
    const text = big.letter.repeat(big.chars);
    entries.push({
      id: `big-${run}`,
      mapping: { m: { message: { author: { role: 'user' }, content: { parts: [text] } } } },
    });
  }
  return toFile(run, JSON.stringify(entries), wrap);
}

async function toFile(run: string, json: string, wrap: Wrap): Promise<string> {
  const base = join(dir, run);
  mkdirSync(base);
  const bytes = Buffer.from(json);
  const file = join(base, 'conversations.json');
  switch (wrap.kind) {
    case 'json':
      writeFileSync(file, bytes);
      return file;
    case 'folder':
      writeFileSync(file, bytes);
      return base;
    case 'bom':
      writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
      return file;
    case 'utf16':
      writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
      return file;
    case 'damaged':
      bytes[wrap.at % bytes.length] = wrap.byte;
      writeFileSync(file, bytes);
      return file;
    case 'truncated':
      writeFileSync(file, bytes.subarray(0, wrap.keep % bytes.length));
      return file;
    case 'zip': {
      const zip = join(base, 'export.zip');
      const zipped = [];
      for (const name of wrap.names) zipped.push(await zipEntry(name, [bytes], wrap.method));
      if (wrap.lie !== undefined) zipped[0]!.declaredSize = wrap.lie;
      writeZip(zip, zipped);
      return zip;
    }
  }
}

describe('importing hostile exports into a real history', () => {
  it('throws only plain words, stores exactly what it reports, and every stored conversation exports', async () => {
    let runs = 0;
    const property = fc.asyncProperty(exportArb, bigTextArb, wrapArb, async (entries, big, wrap) => {
      const run = `run-${runs++}`;
      const path = await materialize(run, [...entries], big, wrap);
      const { history } = await openHistory({ dataDir: join(dir, run, 'data'), autoBackupEveryMs: null });
      try {
        let result: ImportResult | null = null;
        let failure: unknown = null;
        const started = performance.now();
        try {
          result = await history.importChatGpt(path, { limits: LIMITS });
        } catch (error) {
          failure = error;
        }
        expect(performance.now() - started).toBeLessThan(10_000); // never hangs
        const stats = history.stats();
        if (result) {
          expect(stats.conversations).toBe(result.conversationsAdded);
          expect(stats.messages).toBe(result.messagesAdded);
          expect(result.conversationsRead).toBe(
            result.conversationsAdded +
              result.conversationsUpdated +
              result.conversationsUnchanged +
              result.skippedEntries,
          );
        } else {
          expect(failure, String(failure)).toBeInstanceOf(ParleyError);
          const error = failure as ParleyError;
          expect(error.code).toBe('invalid_input');
          expect(error.message).toMatch(/^[A-Z]/);
          expect(error.message).not.toMatch(/\n|\bat .*:\d+|Error:|undefined|\[object/);
          const kept = /The (\d+) conversations? before that point (?:was|were) imported/.exec(error.message);
          if (kept) expect(stats.conversations).toBeLessThanOrEqual(Number(kept[1]));
          else expect(stats).toMatchObject({ conversations: 0, messages: 0 });
        }
        for (const c of history.list({ limit: 200, includeArchived: true }).items) {
          const detail = history.open(c.id);
          const md = history.exportConversation(c.id, 'md');
          expect(JSON.parse(history.exportConversation(c.id, 'json')).conversations[0].messages).toHaveLength(
            detail.messages.length,
          );
          expect(c.title.length).toBeLessThanOrEqual(200);
          if (detail.messages.length) expect(md).toContain('## ');
        }
        expect(await exportEverything(history, 'md', join(dir, run, 'all.md'))).toEqual({
          conversations: stats.conversations,
        });
      } finally {
        history.close();
        rmSync(join(dir, run), { recursive: true, force: true });
      }
    });
    await checkSeeds('hostile imports', property, 40, 6);
  }, 25_000);
});
