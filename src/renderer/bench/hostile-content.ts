/** Hostile Markdown for the render tests and the render benchmark (deterministic: seeded). */
import { rng } from './content.ts';

/** `\frac{1}{` nested `depth` times, closed: 30 KB at depth 3,000 (KaTeX overflows its stack). */
export function nestedMath(depth: number): string {
  return '\\frac{1}{'.repeat(depth) + 'x' + '}'.repeat(depth);
}

const WORDS = 'stream render token block parse memo frame layout paint commit answer table budget'.split(' ');

/** One paragraph (no blank line) of `chars` characters of inline Markdown: bold, em, code, links, math. */
export function hugeParagraph(chars: number, seed = 1): string {
  const r = rng(seed);
  const parts: string[] = [];
  let length = 0;
  let n = 0;
  while (length < chars) {
    const w = WORDS[Math.floor(r() * WORDS.length)]!;
    const k = r();
    const part =
      k < 0.06
        ? `**${w}**`
        : k < 0.1
          ? `*${w}*`
          : k < 0.13
            ? `\`${w}()\``
            : k < 0.15
              ? `[${w}](https://example.com/${n})`
              : k < 0.16
                ? `$x_${n % 10}$`
                : k < 0.17
                  ? `~~${w}~~`
                  : w;
    parts.push(++n % 40 === 0 ? `${part}\n` : part);
    length += part.length + 1;
  }
  return parts.join(' ').slice(0, chars).trimEnd();
}

/** Pieces of hostile Markdown the fuzz test mixes. */
export const hostileFragments: readonly string[] = [
  `$$${nestedMath(1500)}$$`,
  `$${nestedMath(400)}$`,
  `$$${'\\sqrt'.repeat(2000)}{x}$$`,
  `$$${'\\left('.repeat(500)}x${'\\right)'.repeat(500)}$$`,
  `$${'x^'.repeat(3000)}x$`,
  Array.from({ length: 300 }, (_, i) => '>'.repeat(i + 1) + ' q').join('\n'),
  Array.from({ length: 120 }, (_, i) => ' '.repeat(i * 2) + '- n').join('\n'),
  '> '.repeat(2000) + 'deep quote',
  '- '.repeat(2000) + 'deep list',
  '*_'.repeat(2000) + 'x' + '_*'.repeat(2000),
  '**'.repeat(5000),
  '`'.repeat(3000) + 'x',
  '['.repeat(10000),
  '[a]('.repeat(3000),
  '<div>'.repeat(3000) + 'html',
  '|a|'.repeat(500) + '\n' + '|-|'.repeat(500) + '\n' + '|b|'.repeat(500),
  '```js\n' + 'let x = "'.repeat(5000) + '\n```',
  '```\n' + 'a'.repeat(100_000) + '\n```',
  hugeParagraph(60_000, 3),
  '[x](javascript:alert(1)) <img src=x onerror=alert(1)> <script>alert(1)</script>',
  '$$\\href{javascript:alert(1)}{x}$$ \\(\\url{javascript:alert(1)}\\)',
  '\\['.repeat(2000),
  '$'.repeat(5000),
  '# '.repeat(2000) + 'heading',
  '1. '.repeat(2000) + 'ordered',
  'a\u0000b\uFFFF\uD800 lone surrogate \u202Eright-to-left',
];
