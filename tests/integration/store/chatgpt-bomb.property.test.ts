/**
 * Zip bombs of random size, shape and honesty, each imported by a child process with the real
 * limits: the import refuses in plain words, within seconds, with bounded peak memory (max RSS),
 * without blocking its event loop, and writes nothing. Fixed seed plus a printed random seed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipBomb } from '../../fixtures/chatgpt-export.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'parley-bomb-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zip bombs', () => {
  it('are refused quickly, in bounded memory, writing nothing', async () => {
    let runs = 0;
    const property = fc.asyncProperty(
      fc.oneof(fc.integer({ min: 5, max: 15 }), fc.integer({ min: 16, max: 400 })),
      fc.constantFrom('text' as const, 'nesting' as const),
      fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: 1000, max: 20 * 1024 ** 2 }), // a lie the ratio check lets through
        fc.integer({ min: 20 * 1024 ** 2, max: 3 * 1024 ** 3 }),
      ),
      async (megabytes, shape, declaredSize) => {
        const run = join(dir, `run-${runs++}`);
        const bomb = `${run}.zip`;
        zipBomb(bomb, megabytes, { shape, ...(declaredSize ? { declaredSize } : {}) });
        const child = spawnSync(
          process.execPath,
          [join(import.meta.dirname, '../../fixtures/import-child.ts'), bomb, join(run, 'data')],
          { encoding: 'utf8', timeout: 30_000 },
        );
        rmSync(bomb, { force: true });
        expect(child.status, child.stderr).toBe(0);
        const outcome = JSON.parse(child.stdout.trim().split('\n').pop()!);
        expect(outcome).toMatchObject({
          ok: false,
          code: 'invalid_input',
          stats: { conversations: 0, messages: 0 },
        });
        expect(outcome.message).toMatch(/Nothing was imported\.$/);
        expect(outcome.maxRssMB).toBeLessThan(250);
        expect(outcome.ms).toBeLessThan(5000);
        expect(outcome.maxLoopDelayMs).toBeLessThan(1000);
        expect(outcome.historyBytes).toBeLessThan(2_000_000);
        console.log(
          `bomb ${megabytes} MB ${shape}${declaredSize ? ` declared ${declaredSize}` : ''}: ${Math.round(outcome.ms)} ms, ${Math.round(outcome.maxRssMB)} MB peak, “${outcome.message}”`,
        );
      },
    );
    await checkSeeds('zip bombs', property, 2, 8);
  }, 28_000);
});
