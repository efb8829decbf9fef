import type { TokenizerAndRendererExtension, Tokens } from 'marked';

/** `$$…$$` / `\[…\]` display math and `$…$` / `\(…\)` inline math, as marked tokens. */
export interface MathToken extends Tokens.Generic {
  type: 'blockMath' | 'inlineMath';
  raw: string;
  text: string;
  /** False while the closing delimiter has not arrived yet (streaming). */
  closed: boolean;
}

export const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start(src) {
    const match = /^ {0,3}(\$\$|\\\[)/m.exec(src);
    return match?.index;
  },
  tokenizer(src): MathToken | undefined {
    const open = /^ {0,3}(\$\$|\\\[)/.exec(src);
    if (!open) return undefined;
    const closer = open[1] === '$$' ? '$$' : '\\]';
    const bodyStart = open[0].length;
    const end = src.indexOf(closer, bodyStart);
    if (end === -1) {
      // Unclosed: the rest of the input is the formula (it is still streaming).
      return { type: 'blockMath', raw: src, text: src.slice(bodyStart).trim(), closed: false };
    }
    const lineEnd = src.indexOf('\n', end + closer.length);
    const after = lineEnd === -1 ? src.slice(end + closer.length) : src.slice(end + closer.length, lineEnd);
    if (after.trim()) return undefined; // `$$x$$ more text` on one line: inline math in a paragraph
    const raw = lineEnd === -1 ? src : src.slice(0, lineEnd + 1);
    return { type: 'blockMath', raw, text: src.slice(bodyStart, end).trim(), closed: true };
  },
  renderer() {
    return '';
  },
};

export const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start(src) {
    const match = /\$|\\\(/.exec(src);
    return match?.index;
  },
  tokenizer(src): MathToken | undefined {
    if (src.startsWith('\\(')) {
      const end = src.indexOf('\\)', 2);
      if (end === -1) return undefined;
      return { type: 'inlineMath', raw: src.slice(0, end + 2), text: src.slice(2, end).trim(), closed: true };
    }
    if (src.startsWith('$$')) {
      const end = src.indexOf('$$', 2);
      if (end === -1) return undefined;
      return { type: 'inlineMath', raw: src.slice(0, end + 2), text: src.slice(2, end).trim(), closed: true };
    }
    // $x$: no space just inside the dollars and no digit right after the closing one ("$5 and $10").
    const match = /^\$(?=\S)((?:\\.|[^\\$\n])+?)(?<=\S)\$(?!\d)/.exec(src);
    if (!match) return undefined;
    return { type: 'inlineMath', raw: match[0], text: match[1]!, closed: true };
  },
  renderer() {
    return '';
  },
};
