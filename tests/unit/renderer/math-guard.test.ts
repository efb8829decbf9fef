import { describe, expect, it, vi } from 'vitest';
import katex from 'katex';
import {
  MATH_MAX_CHARS,
  MATH_MAX_DEPTH,
  mathAllowed,
  mathDepth,
  mathNow,
  renderMath,
} from '../../../src/renderer/src/markdown/katex.ts';
import { nestedMath } from '../../../src/renderer/bench/hostile-content.ts';

describe('KaTeX guard', () => {
  it('renders ordinary formulas', () => {
    expect(renderMath('\\frac{n(n+1)}{2}', true)).toContain('katex');
    expect(renderMath('\\left( \\sum_{i=1}^{n} i \\right)', false)).toContain('katex');
    expect(mathAllowed('\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}')).toBe(true);
  });

  it('measures nesting by groups, \\left pairs, environments and runs of commands', () => {
    expect(mathDepth('x')).toBe(0);
    expect(mathDepth('\\frac{1}{\\frac{1}{x}}')).toBe(2);
    expect(mathDepth('\\left(\\left(x\\right)\\right)')).toBe(2);
    expect(mathDepth('\\sqrt\\sqrt\\sqrt x')).toBe(3);
    expect(mathDepth('\\leftarrow \\{ x \\}')).toBeLessThan(3);
  });

  it('never gives KaTeX a nested or oversized formula (30 KB of \\frac overflows its stack)', () => {
    const bomb = nestedMath(3000);
    expect(bomb.length).toBeGreaterThan(30_000);
    expect(mathAllowed(bomb)).toBe(false);
    const start = performance.now();
    expect(renderMath(bomb, true)).toBeNull();
    expect(renderMath(nestedMath(MATH_MAX_DEPTH + 1), false)).toBeNull();
    expect(renderMath('\\sqrt'.repeat(2000) + '{x}', true)).toBeNull();
    expect(renderMath('x+'.repeat(MATH_MAX_CHARS), true)).toBeNull();
    expect(performance.now() - start).toBeLessThan(200);
    // Just under the cap is rendered.
    expect(renderMath(nestedMath(MATH_MAX_DEPTH - 1), true)).toContain('katex');
  });

  it('catches what KaTeX throws (a stack overflow, injected) and shows the source instead', () => {
    const spy = vi.spyOn(katex, 'renderToString').mockImplementationOnce(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      expect(renderMath('\\frac{a}{b} + \\text{fault}', true)).toBeNull();
      expect(spy).toHaveBeenCalledTimes(1);
      // Remembered: the failing formula is not given to KaTeX again on the next render.
      expect(renderMath('\\frac{a}{b} + \\text{fault}', true)).toBeNull();
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('spends a bounded time per task: past the budget, formulas wait for idle time', async () => {
    await new Promise((r) => setTimeout(r, 5)); // a fresh task
    const formulas = Array.from(
      { length: 400 },
      (_, i) => `\\sum_{k=${i}}^{n} \\frac{k^2}{${i}+1} + \\sqrt{${i}}`,
    );
    const start = performance.now();
    const results = formulas.map((tex) => mathNow(tex, true));
    const spent = performance.now() - start;
    expect(results.some((r) => r === undefined)).toBe(true);
    expect(typeof results[0]).toBe('string');
    expect(spent).toBeLessThan(200);
    // In a later task the budget starts again.
    await new Promise((r) => setTimeout(r, 5));
    expect(typeof mathNow(formulas.at(-1)!, true)).toBe('string');
  });
});
