import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const steadyHeap = fileURLToPath(new URL('../../src/cli/steady-heap.ts', import.meta.url));

/**
 * A batch-like load in a fresh Node: a window of 20,000 small records, each living a few thousand
 * allocations (as a request in flight does), replaced in turn 400,000 times. Prints the young
 * generation's size before and at its largest (MB).
 */
const load = (hold: boolean) => `
  import v8 from 'node:v8';
  ${hold ? `const { holdYoungGeneration } = await import(${JSON.stringify(steadyHeap)}); holdYoungGeneration();` : ''}
  const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
  const start = young();
  let most = start;
  const window = new Array(20000);
  for (let i = 0; i < 400000; i++) {
    window[i % window.length] = { id: 'line' + i, text: 'x'.repeat(i % 64), parts: [i, i + 1] };
    if (i % 1000 === 0) most = Math.max(most, young());
  }
  console.log(JSON.stringify({ start, most }));
`;

function youngGeneration(hold: boolean): { start: number; most: number } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', load(hold)], { encoding: 'utf8' });
  return JSON.parse(out) as { start: number; most: number };
}

describe('holdYoungGeneration (parley batch)', () => {
  it('keeps the young generation a fraction of what V8 alone grows it to', () => {
    const free = youngGeneration(false);
    const held = youngGeneration(true);
    // The control shows the load makes V8 double it again and again (1 → 64 MB here). Held, it
    // moves by small steps and shrinks back (at most 7 MB here).
    expect(free.most).toBeGreaterThanOrEqual(free.start * 16);
    expect(held.most).toBeLessThanOrEqual(free.most / 4);
  });
});
