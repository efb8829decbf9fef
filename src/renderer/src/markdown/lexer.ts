import { Lexer, Marked } from 'marked';
import type { Token } from 'marked';
import { blockMath, inlineMath } from './math.ts';
import { flattenDeepNesting } from './nesting.ts';

/** One marked instance for the whole app: GFM (tables, strikethrough, task lists, autolinks) plus math. */
const marked = new Marked({ gfm: true, breaks: false, extensions: [blockMath, inlineMath] });

/** Block tokens with their inline tokens (nesting capped first: see nesting.ts). */
export function lex(text: string): Token[] {
  return marked.lexer(flattenDeepNesting(text));
}

/**
 * Block structure only (linear and cheap): paragraphs and other blocks come without their
 * inline tokens, which can cost far more on hostile text (20,000 `[` take seconds).
 */
export function lexBlocks(text: string): Token[] {
  return new Lexer(marked.defaults).blockTokens(flattenDeepNesting(text), []);
}

/** Inline tokens of a piece of a paragraph. */
export function lexInline(text: string): Token[] {
  return new Lexer(marked.defaults).inlineTokens(text);
}
