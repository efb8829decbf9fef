import type { Token, Tokens } from 'marked';

/** A paragraph is rendered in chunks of about this size, each parsed once and memoized. */
export const CHUNK = 2_000;

/** A cut: after a space or line end, before a letter (so the rest still starts a paragraph). */
const CUT = /[ \n](?=\p{L})/u;

/**
 * The chunks a huge paragraph can give up now, as paragraph tokens of their own (marked
 * `continued`: shown run-in with the rest). Cuts fall in its plain text, at least CHUNK apart,
 * keeping at least CHUNK after the last cut (where streaming text may still change). Each
 * chunk's inline tokens are the paragraph's own (a text token at a cut is split in two), so
 * nothing is parsed again.
 */
export function paragraphChunks(paragraph: Tokens.Paragraph): Token[] {
  const text = paragraph.text;
  if (text.length < 2 * CHUNK || !paragraph.raw.startsWith(text)) return [];
  const chunks: Token[] = [];
  let current: Token[] = [];
  let chunkStart = 0;
  let pos = 0;
  for (const token of paragraph.tokens) {
    const end = pos + token.raw.length;
    let rest: Token | null = token;
    if (token.type === 'text') {
      let from = Math.max(pos, chunkStart + CHUNK);
      while (rest && from < end && text.length - from >= CHUNK) {
        const match = CUT.exec(token.raw.slice(from - pos));
        if (!match) break;
        const cut = from + match.index + match[0].length;
        if (cut >= end || text.length - cut < CHUNK) break;
        const restStart: number = end - rest.raw.length;
        current.push(textToken(rest.raw.slice(0, cut - restStart)));
        chunks.push(chunkOf(current, text.slice(chunkStart, cut)));
        current = [];
        rest = textToken(rest.raw.slice(cut - restStart));
        chunkStart = cut;
        from = cut + CHUNK;
      }
    }
    if (rest) current.push(rest);
    pos = end;
  }
  return pos === text.length ? chunks : [];
}

function textToken(raw: string): Tokens.Text {
  return { type: 'text', raw, text: raw };
}

function chunkOf(tokens: Token[], raw: string): Token {
  return { type: 'paragraph', raw, text: raw, tokens, continued: true } as Tokens.Paragraph;
}
