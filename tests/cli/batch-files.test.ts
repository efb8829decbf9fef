import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countLines, readBatchInput, readLine } from '../../src/cli/batch-input.ts';
import { answeredIds } from '../../src/cli/batch-output.ts';
import { percentile } from '../../src/main/core/metrics/percentile.ts';
import { IdSet } from '../../src/cli/id-set.ts';
import { checkSeeds } from '../fixtures/import-fuzz.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-batch-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reading input lines', () => {
  it('takes prompts and messages with the app-checked parameters, and says plainly what is wrong', () => {
    expect(readLine('{"id":"a","prompt":"hi","top_p":0.5,"max_tokens":9,"stop":["x"]}', 1)).toEqual({
      line: 1,
      id: 'a',
      messages: [{ role: 'user', content: 'hi' }],
      model: undefined,
      system: undefined,
      parameters: { topP: 0.5, maxOutputTokens: 9, stop: ['x'] },
    });
    expect(readLine('{"id": 7, "messages": [{"role": "user", "content": "x"}]}', 2)).toMatchObject({
      id: '7',
    });
    expect(readLine('   ', 3)).toBeNull();
    expect(readLine('[1]', 4)).toEqual({ line: 4, problem: 'not a JSON object' });
    expect(readLine('{"prompt":"x"}', 5)).toEqual({ line: 5, problem: '"id" is missing' });
    expect(readLine('{"id":"a","prompt":"x","messages":[{"role":"user","content":"y"}]}', 6)).toMatchObject({
      problem: 'give either "prompt" or "messages" (one of them)',
    });
    expect(readLine('{"id":"a","prompt":"x","temperature":3}', 7)).toMatchObject({
      problem: expect.stringContaining('"temperature"'),
    });
    expect(readLine('{"id":"a","messages":[{"role":"tool","content":"y"}]}', 8)).toMatchObject({
      problem: expect.stringContaining('"messages.0.role"'),
    });
  });

  it('never throws, whatever a line holds', async () => {
    const json = fc.jsonValue().map((value) => JSON.stringify(value));
    const lineLike = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        prompt: fc.oneof(fc.string(), fc.integer()),
        messages: fc.array(fc.record({ role: fc.string(), content: fc.jsonValue() }, { requiredKeys: [] })),
        temperature: fc.jsonValue(),
        __proto__: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    await checkSeeds(
      'batch input lines',
      fc.property(
        fc.oneof(
          fc.string(),
          json,
          lineLike.map((value) => JSON.stringify(value)),
        ),
        (text) => {
          const read = readLine(text, 1);
          expect(read === null || 'problem' in read || typeof read.id === 'string').toBe(true);
        },
      ),
      500,
    );
  });

  it('streams the file: blank and CRLF lines, a repeated id as a bad line, ids from an earlier run skipped', async () => {
    const path = join(dir, 'in.jsonl');
    writeFileSync(
      path,
      '{"id":"a","prompt":"1"}\r\n\n{"id":"b","prompt":"2"}\n{"id":"a","prompt":"3"}\n{"id":"c","prompt":"4"}',
    );
    const seen = [];
    const resumed = new IdSet();
    resumed.add('b');
    for await (const entry of readBatchInput(path, resumed)) seen.push(entry);
    expect(seen).toEqual([
      expect.objectContaining({ line: 1, id: 'a' }),
      { line: 3, skipped: 'b' },
      { line: 4, problem: 'the id "a" was already used on an earlier line' },
      expect.objectContaining({ line: 5, id: 'c' }),
    ]);
    expect(await countLines(path)).toBe(4);
  });
});

describe('the output of an earlier run', () => {
  it('gives its ids, and cuts a last line torn by a kill', async () => {
    const path = join(dir, 'out.jsonl');
    writeFileSync(path, '{"id":"a","text":"x"}\n{"id":"b","text":"y"}\n');
    appendFileSync(path, '{"id":"c","te');
    const { ids, tornBytes } = await answeredIds(path);
    expect([ids.size, ids.has('a'), ids.has('b'), ids.has('c')]).toEqual([2, true, true, false]);
    expect(tornBytes).toBe('{"id":"c","te'.length);
    expect(readFileSync(path, 'utf8')).toBe('{"id":"a","text":"x"}\n{"id":"b","text":"y"}\n');
  });

  it('is nothing when there is no file yet', async () => {
    const { ids, tornBytes } = await answeredIds(join(dir, 'none.jsonl'));
    expect([ids.size, tornBytes]).toEqual([0, 0]);
  });
});

describe('the id set', () => {
  it('holds what was added, tells a repeat, and grows without losing any (against a Set)', async () => {
    await checkSeeds(
      'id set',
      fc.property(
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 3000 }),
        fc.array(fc.string()),
        (ids, probes) => {
          const set = new IdSet();
          const real = new Set<string>();
          for (const id of ids) {
            expect(set.add(id)).toBe(!real.has(id));
            real.add(id);
          }
          expect(set.size).toBe(real.size);
          for (const id of [...ids, ...probes]) expect(set.has(id)).toBe(real.has(id));
        },
      ),
      60,
    );
  });
});

describe('percentiles', () => {
  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});
