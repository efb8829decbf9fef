import type { SnippetPart } from '../../../shared/history.ts';

/**
 * Turning a typed query into FTS5 queries, text into index text, and a hit into a snippet.
 * Trigram matches substrings of 3+ characters in any script; shorter terms go to the grams table,
 * where each CJK character is its own token and other words are whole tokens (matched by prefix).
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ALL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Text for the grams table: every CJK character stands alone. */
export function gramText(text: string): string {
  return CJK.test(text) ? text.replace(CJK_ALL, ' $& ') : text;
}

export interface SearchPlan {
  /** FTS5 query for message_fts (trigram), or null. */
  trigram: string | null;
  /** FTS5 query for message_grams, or null. */
  grams: string | null;
  /** The terms, for highlighting. */
  terms: string[];
}

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

export function planSearch(query: string): SearchPlan {
  const terms = [...new Set(query.trim().split(/\s+/).filter(Boolean))];
  const trigram: string[] = [];
  const grams: string[] = [];
  const kept: string[] = [];
  for (const term of terms) {
    if ([...term].length >= 3) {
      trigram.push(quote(term));
      kept.push(term);
      continue;
    }
    const tokens = gramText(term)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (tokens.length === 0) continue;
    kept.push(term);
    // CJK: adjacent characters as a phrase; other short words: by prefix ("ai" finds "AI", "aims").
    grams.push(CJK.test(term) ? quote(tokens.join(' ')) : `${quote(tokens.join(' '))}*`);
  }
  return {
    trigram: trigram.length ? trigram.join(' AND ') : null,
    grams: grams.length ? grams.join(' AND ') : null,
    terms: kept,
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A short excerpt around the first match with every match marked. Data, never HTML. */
export function buildSnippet(content: string, terms: string[], width = 160): SnippetPart[] {
  const text = content.replace(/\s+/g, ' ').trim();
  if (terms.length === 0) return [{ text: clip(text, 0, width), match: false }];
  const pattern = new RegExp(
    [...terms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'giu',
  );
  const first = pattern.exec(text);
  pattern.lastIndex = 0;
  let start = first ? Math.max(0, first.index - Math.floor(width / 3)) : 0;
  if (start > 0) {
    const space = text.lastIndexOf(' ', start + 10);
    if (space > start - 20 && space < (first?.index ?? 0)) start = space + 1;
  }
  start = safeIndex(text, start);
  const end = safeIndex(text, Math.min(text.length, start + width));
  const window = text.slice(start, end);
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: '…', match: false });
  let last = 0;
  for (const match of window.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: window.slice(last, match.index), match: false });
    parts.push({ text: match[0], match: true });
    last = match.index + match[0].length;
  }
  if (last < window.length) parts.push({ text: window.slice(last), match: false });
  if (end < text.length) parts.push({ text: '…', match: false });
  return mergeAdjacent(parts);
}

function clip(text: string, start: number, width: number): string {
  const end = safeIndex(text, Math.min(text.length, start + width));
  return text.slice(start, end) + (end < text.length ? '…' : '');
}

/** Never cut a surrogate pair in half. */
function safeIndex(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return index > 0 && index < text.length && code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

function mergeAdjacent(parts: SnippetPart[]): SnippetPart[] {
  const out: SnippetPart[] = [];
  for (const part of parts) {
    const prev = out.at(-1);
    if (prev && prev.match === part.match) prev.text += part.text;
    else out.push({ ...part });
  }
  return out;
}
