import { Marked } from 'marked';
import type { Token } from 'marked';
import { blockMath, inlineMath } from './math.ts';

/** One marked instance for the whole app: GFM (tables, strikethrough, task lists, autolinks) plus math. */
const marked = new Marked({ gfm: true, breaks: false, extensions: [blockMath, inlineMath] });

export function lex(text: string): Token[] {
  return marked.lexer(text);
}
