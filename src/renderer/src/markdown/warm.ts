import { BlockSplitter } from './blocks.ts';
import { whenIdle } from './idle.ts';
import { renderMath } from './katex.ts';

/**
 * One small answer of each kind of block, with inline Markdown and math: what the first answer
 * after start-up would otherwise have V8 compile in its first frames.
 */
const SAMPLE = [
  '# Heading',
  'A paragraph with **bold**, *emphasis*, ~~struck~~, `code`, a [link](https://example.com) and $x^2$.',
  '- an item\n  - a nested item\n\n1. first\n2. second',
  '> a quote',
  '| a | b |\n| --- | ---: |\n| 1 | 2 |',
  '```ts\nconst answer = 42;\n```',
  '$$\n\\frac{a}{b} + \\sqrt{x^2 + 1}\n$$',
  'Heading\n---',
].join('\n\n');
/** A display formula for KaTeX's parser and builder (the sample's math is only lexed there). */
const FORMULA = '\\frac{a}{b} + \\sqrt{x^2 + 1} = \\sum_{i=1}^{n} i';

/**
 * Compiles the Markdown path once, in idle time after start-up: the lexer's rules and the block
 * splitter, then KaTeX's parser and builder. Without it, the first answer's first frames pay for
 * that compiling: tasks of 30-45 ms of CPU each on a 2-core machine, where later frames take a few.
 */
export function warmMarkdown(): void {
  const done = () => {};
  whenIdle('warm:markdown', () => void new BlockSplitter().update(SAMPLE, false), done, { alone: true });
  whenIdle('warm:math', () => void renderMath(FORMULA, true), done, { alone: true });
}
