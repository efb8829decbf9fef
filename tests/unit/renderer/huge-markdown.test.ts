import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BlockSplitter,
  CHUNK,
  LEX_BUDGET,
  SLOW_BLOCK_MS,
  splitBlocks,
} from '../../../src/renderer/src/markdown/blocks.ts';
import type { SplitResult } from '../../../src/renderer/src/markdown/blocks.ts';
import {
  flattenDeepNesting,
  MAX_INDENT,
  MAX_QUOTE_DEPTH,
  NestingFlattener,
} from '../../../src/renderer/src/markdown/nesting.ts';
import { lex } from '../../../src/renderer/src/markdown/lexer.ts';
import { hostileFragments, hugeParagraph } from '../../../src/renderer/bench/hostile-content.ts';

const rawOf = (r: SplitResult) => r.closed.map((b) => b.raw).join('');

describe('huge paragraphs', () => {
  const paragraph = hugeParagraph(300_000, 5);

  it('open in bounded steps: chunks of about CHUNK, that add up to the text', () => {
    const splitter = new BlockSplitter();
    let result = splitter.update(paragraph, false);
    let steps = 1;
    while (result.pending) {
      result = splitter.update(paragraph, false);
      steps++;
    }
    expect(steps).toBeGreaterThanOrEqual(Math.floor(paragraph.length / LEX_BUDGET));
    expect(result.closed.length).toBeGreaterThan(paragraph.length / (3 * CHUNK));
    for (const block of result.closed) {
      expect(block.token.type).toBe('paragraph');
      expect(block.raw.length).toBeLessThan(3 * CHUNK);
    }
    expect(rawOf(result) + result.tail!.raw).toBe(paragraph);
    // Every chunk keeps its inline Markdown: bold, code, links.
    const types = new Set(
      result.closed.flatMap((b) => (b.token as { tokens: { type: string }[] }).tokens.map((t) => t.type)),
    );
    for (const type of ['strong', 'em', 'codespan', 'link', 'inlineMath']) expect(types).toContain(type);
  });

  it('streams re-parsing only the tail: closed chunks keep their token objects', () => {
    const splitter = new BlockSplitter();
    let previous: SplitResult | null = null;
    for (let end = 1000; end <= 120_000; end += 1500) {
      const result = splitter.update(paragraph.slice(0, end), true);
      expect(result.pending).toBe(false);
      expect(result.tail!.raw.length).toBeLessThan(3 * CHUNK);
      if (previous) previous.closed.forEach((block, i) => expect(result.closed[i]!.token).toBe(block.token));
      previous = result;
    }
  });

  it('renders the same inline tokens as one parse of the paragraph, chunk by chunk', () => {
    const text = hugeParagraph(40_000, 9);
    const whole = (lex(text)[0] as { tokens: { type: string }[] }).tokens
      .map((t) => t.type)
      .filter((t) => t !== 'text');
    const blocks = splitBlocks(text);
    const chunked = blocks
      .flatMap((b) => (b.token as { tokens: { type: string }[] }).tokens.map((t) => t.type))
      .filter((t) => t !== 'text');
    expect(chunked).toEqual(whole);
  });
});

describe('deep nesting', () => {
  it('caps quote and list depth and indentation outside code, and leaves code alone', () => {
    const quotes = flattenDeepNesting('> '.repeat(500) + 'deep');
    expect(quotes).toBe('> '.repeat(MAX_QUOTE_DEPTH) + 'deep');
    const indented = flattenDeepNesting(' '.repeat(300) + '- item');
    expect(indented).toBe(' '.repeat(MAX_INDENT) + '- item');
    const code = '```py\n' + ' '.repeat(300) + 'x = 1\n```';
    expect(flattenDeepNesting(code)).toBe(code);
    const ordinary = '> quote\n\n- a\n  - b\n    - c\n\n        code';
    expect(flattenDeepNesting(ordinary)).toBe(ordinary);
  });

  it('capped as it streams, in any pieces, gives what capping the whole gives (fixed and random seed)', () => {
    const seed = Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`nesting stream seed: ${seed} (replay with PARLEY_FUZZ_SEED=${seed})`);
    const line = fc.oneof(
      fc.constantFrom('```', '~~~~', '> ```', 'x', ''),
      fc
        .tuple(fc.constantFrom(' ', '\t', '> ', '>', '- ', '1. ', '* '), fc.integer({ min: 0, max: 60 }))
        .map(([unit, n]) => unit.repeat(n) + 'text'),
    );
    for (const s of [20260601, seed]) {
      fc.assert(
        fc.property(
          fc.array(line, { maxLength: 30 }),
          fc.array(fc.nat(), { maxLength: 8 }),
          (lines, cuts) => {
            const text = lines.join('\n');
            const flattener = new NestingFlattener();
            const ends = [...cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length];
            for (const end of ends) {
              const prefix = text.slice(0, end);
              expect(flattener.flatten(prefix)).toBe(new NestingFlattener().flatten(prefix));
            }
            expect(flattener.flatten(text)).toBe(flattenDeepNesting(text));
          },
        ),
        { seed: s, numRuns: 200 },
      );
    }
  });

  it('lexes pathological nesting quickly and without overflowing the stack', () => {
    const start = performance.now();
    expect(() => lex('> '.repeat(20_000) + 'x')).not.toThrow();
    expect(() => lex('- '.repeat(20_000) + 'x')).not.toThrow();
    expect(() =>
      lex(Array.from({ length: 2000 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n')),
    ).not.toThrow();
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('an open block slow to parse (400 deepening list items) is plain text until a blank line ends it', () => {
    const list = Array.from({ length: 400 }, (_, i) => ' '.repeat(i * 2) + '- item').join('\n');
    const text = `Before.\n\n${list}\n\nAfter the list, **bold**.`;
    // A clock on which every timed parse takes 30 ms: each parse of 2,000+ characters is "slow",
    // and the clock's calls count the parses (two each).
    let clock = 0;
    let reads = 0;
    const splitter = new BlockSplitter(() => {
      reads++;
      return (clock += SLOW_BLOCK_MS + 5);
    });
    let updates = 0;
    let result: SplitResult | undefined;
    for (let n = 1000; n < text.length - 30; n += 2000, updates++)
      result = splitter.update(text.slice(0, n), true);
    const parses = reads / 2;
    // Parsed whole on every update, the list took 100s of ms each time once it had grown.
    expect(result!.tail!.token.type).toBe('plainText');
    // Once slow, the list is not parsed again while it grows: a few parses, not one per update.
    expect(updates).toBeGreaterThan(40);
    expect(parses).toBeLessThan(updates / 4);
    do result = splitter.update(text, false);
    while (result.pending);
    const blocks = [...result.closed, ...(result.tail ? [result.tail] : [])];
    // (Blank lines between blocks are not part of any block.)
    const squeeze = (s: string) => s.replace(/\s+/g, ' ');
    expect(squeeze(blocks.map((b) => b.raw).join(' '))).toBe(squeeze(flattenDeepNesting(text)));
    expect(blocks.find((b) => b.raw.includes('- item'))!.token.type).toBe('plainText');
    // What follows the slow block parses as usual.
    const after = blocks.at(-1)!.token as { type: string; tokens: { type: string }[] };
    expect(after.type).toBe('paragraph');
    expect(after.tokens.map((t) => t.type)).toContain('strong');
  });
});

describe('any mix of hostile fragments', () => {
  it('splits without throwing, and the blocks add up to the text (fixed and random seed)', () => {
    const seeds = [20260601, Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))];
    for (const seed of seeds) {
      console.log(`huge-markdown fuzz seed: ${seed} (replay with PARLEY_FUZZ_SEED=${seed})`);
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...hostileFragments.filter((f) => f.length < 70_000)), {
            minLength: 1,
            maxLength: 4,
          }),
          (parts) => {
            const text = parts.join('\n\n');
            const blocks = splitBlocks(text);
            expect(blocks.length).toBeGreaterThan(0);
          },
        ),
        { seed, numRuns: 8 },
      );
    }
  });
});
