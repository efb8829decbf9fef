/**
 * Property test of the assistants import with hostile files: any JSON (and any text), assistants
 * with fields of any type, ids that collide with built-ins and with each other. Properties: only a
 * plain-words ParleyError is ever thrown, and then nothing changed; otherwise every assistant that
 * was there is still there, the counts add up, and no id is ever duplicated.
 * Fixed seed plus a printed random seed (PARLEY_FUZZ_SEED replays one).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AssistantStore } from '../../../src/main/core/assistants/assistant-store.ts';
import { importAssistants } from '../../../src/main/core/assistants/assistant-transfer.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const idArb = fc.constantFrom('summariser', 'code-reviewer', 'mine-1', 'mine-2', 'UPPER', '__proto__', '');
const entryArb = fc.oneof(
  fc.record(
    {
      id: idArb,
      name: fc.oneof(fc.string({ maxLength: 90 }), fc.constantFrom('Twin', 'twin', '中英互译'), fc.integer()),
      emoji: fc.oneof(fc.constantFrom('🦊', ''), fc.string({ maxLength: 20 })),
      systemPrompt: fc.oneof(fc.string({ maxLength: 200 }), fc.constant(null)),
      parameters: fc.oneof(
        fc.record({ temperature: fc.double({ min: -1, max: 3 }), seed: fc.integer() }, { requiredKeys: [] }),
        fc.anything(),
      ),
      historyLimit: fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 20_000 })),
      hidden: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const fileArb = fc.oneof(
  fc.array(entryArb, { maxLength: 12 }).map((a) => JSON.stringify(a)),
  fc
    .record({
      format: fc.constantFrom('parley-assistants', 'x'),
      assistants: fc.array(entryArb, { maxLength: 12 }),
    })
    .map((f) => JSON.stringify(f)),
  fc.json(),
  fc.string({ maxLength: 200 }),
);

describe('assistants import, fuzzed', () => {
  it('throws only a plain ParleyError (then changes nothing), never loses or duplicates an assistant', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-assistants-fuzz-'));
    dirs.push(dataDir);
    const store = new AssistantStore({ dataDir });
    store.save({ id: 'mine-1', name: 'Twin', systemPrompt: 'first' });
    await checkSeeds(
      'assistants import',
      fc.property(fileArb, (content) => {
        const before = store.list();
        const file = readFileSync(store.file, 'utf8');
        let result;
        try {
          result = importAssistants(store, content);
        } catch (error) {
          expect(error).toBeInstanceOf(ParleyError);
          expect((error as ParleyError).message).toMatch(/nothing was changed/);
          expect(readFileSync(store.file, 'utf8')).toBe(file);
          return;
        }
        const after = store.list();
        const ids = after.map((a) => a.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const a of before) expect(ids).toContain(a.id);
        expect(after.length).toBe(before.length + result.added);
        expect(store.notices).toEqual([]);
      }),
      150,
      4,
    );
  });
});
