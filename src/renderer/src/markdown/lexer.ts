import { Marked } from 'marked';
import type { Token } from 'marked';
import { blockMath, inlineMath } from './math.ts';
import { flattenDeepNesting } from './nesting.ts';

/** One marked instance for the whole app: GFM (tables, strikethrough, task lists, autolinks) plus math. */
const marked = new Marked({ gfm: true, breaks: false, extensions: [blockMath, inlineMath] });

/** Block tokens (with their inline tokens), nesting capped first: see nesting.ts. */
export function lex(text: string): Token[] {
  return marked.lexer(flattenDeepNesting(text));
}
