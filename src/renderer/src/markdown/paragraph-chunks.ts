import type { Token, Tokens } from 'marked';
import { lexInline } from './lexer.ts';

/** A paragraph is rendered in chunks of about this size, each parsed once and memoized. */
export const CHUNK = 1_000;
/**
 * Text this dense in emphasis markers (`*_*_…`) is cut 4 times finer: marked's emphasis matching
 * grows steeply with a run of them (2,000 characters of it take tens of ms, every time).
 */
const DENSE_MARKERS = 0.15;

/** A cut after a space or line end, where what follows still starts a paragraph. */
const CUT = /[ \n](?=\p{L}|[*_(`'"](?=\p{L}))/u;
/** What must not start a piece of a paragraph (it would start another kind of block). */
const UNSAFE_START = /^(?:\s|[#>=|<$\\]|[-+*_~`]{3}|[-+*]\s|\d{1,9}[.)]|\[[^\]\n]*\]:)/;

/**
 * The chunks a huge paragraph can give up now, as paragraph tokens of their own (marked
 * `continued`: shown run-in with the rest). Each is parsed alone: inline parsing (which can be
 * superlinear on hostile text) only ever sees 2 x CHUNK characters (a quarter of that in text
 * dense in emphasis markers, whose rest then is as short). A cut falls between the
 * top-level inline tokens of its piece, in plain text, so no emphasis, code or link is split;
 * a piece with no such place (20,000 `[`) is cut at its end. At least CHUNK characters stay
 * uncut at the end (streaming text there may still change, and an emphasis opened there may
 * still close): that rest of the paragraph is left to the caller.
 */
export function paragraphChunks(raw: string): Token[] {
  const chunks: Token[] = [];
  let start = 0;
  for (;;) {
    const size = chunkSize(raw, start);
    if (raw.length - start <= 2 * size) break;
    const piece = raw.slice(start, start + 2 * size);
    const tokens = lexInline(piece);
    const split = cutInTokens(tokens, piece, size);
    if (split) {
      chunks.push(chunkOf(split.tokens, piece.slice(0, split.cut)));
      start += split.cut;
    } else {
      const cut = forcedCut(raw, start + 2 * size) - start;
      const text = raw.slice(start, start + cut);
      chunks.push(chunkOf(cut === piece.length ? tokens : lexInline(text), text));
      start += cut;
    }
  }
  return chunks;
}

/** CHUNK, or a quarter of it where the text ahead is dense in emphasis markers. */
function chunkSize(raw: string, start: number): number {
  let markers = 0;
  const end = Math.min(raw.length, start + 2 * CHUNK);
  for (let i = start; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c === 42 || c === 95) markers++; // * _
  }
  return markers > (end - start) * DENSE_MARKERS ? CHUNK / 4 : CHUNK;
}

/** A cut at or after `size` inside a top-level plain text token: the tokens before it. */
function cutInTokens(tokens: Token[], piece: string, size: number): { cut: number; tokens: Token[] } | null {
  let pos = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const end = pos + token.raw.length;
    if (token.type === 'text' && end > size) {
      const from = Math.max(0, size - pos);
      const match = CUT.exec(token.raw.slice(from));
      if (match) {
        const at = from + match.index + 1;
        if (pos + at < piece.length - 1) {
          const before = tokens.slice(0, i);
          if (at > 0) before.push(textToken(token.raw.slice(0, at)));
          return { cut: pos + at, tokens: before };
        }
      }
    }
    pos = end;
  }
  return null;
}

/** The first place at or after `at` where the rest can safely start a paragraph. */
function forcedCut(raw: string, at: number): number {
  for (let i = at; i < Math.min(raw.length, at + 200); i++) {
    if (!UNSAFE_START.test(raw.slice(i, i + 40))) return i;
  }
  return at;
}

function textToken(raw: string): Tokens.Text {
  return { type: 'text', raw, text: raw };
}

function chunkOf(tokens: Token[], raw: string): Token {
  return { type: 'paragraph', raw, text: raw, tokens, continued: true } as Tokens.Paragraph;
}
