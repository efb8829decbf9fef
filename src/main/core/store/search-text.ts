import type { SnippetPart } from '../../../shared/history.ts';
import { plainText } from './plain-text.ts';

/**
 * Turning a typed query into FTS5 queries, text into index text, and a hit into a snippet.
 * Trigram matches substrings of 3+ characters in any script; shorter terms go to the grams table,
 * where each CJK character is its own token and other words are whole tokens (matched by prefix).
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ALL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/**
 * Text as titles are matched: compatibility forms made plain (full-width "ＡＢＣ" is "abc", "ﬁ" is
 * "fi"), then lower case in every script ("Ärger" is "ärger"). Locale-free, so a store reads the
 * same on every machine. Registered in SQLite as `fold()` (history-db.ts) for the other side.
 */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Text for the grams table: every CJK character stands alone. */
export function gramText(text: string): string {
  return CJK.test(text) ? text.replace(CJK_ALL, ' $& ') : text;
}

/** One term of a query: the text, and the FTS5 query that finds it alone in its table. */
export interface SearchTerm {
  text: string;
  table: 'message_fts' | 'message_grams';
  match: string;
  /**
   * What a title must contain, folded (foldText), for `instr(' ' || fold(title), …)`: short words
   * (1-2 letters, not CJK) only at a word's start, as in the grams table.
   */
  titleNeedle: string;
}

export interface SearchPlan {
  /** FTS5 query for message_fts (trigram), or null. */
  trigram: string | null;
  /** FTS5 query for message_grams, or null. */
  grams: string | null;
  /** The terms, for highlighting. */
  terms: string[];
  /** The same terms with their own queries, for ranking and titles. */
  parts: SearchTerm[];
}

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

export function planSearch(query: string): SearchPlan {
  const parts: SearchTerm[] = [];
  for (const text of new Set(query.trim().split(/\s+/).filter(Boolean))) {
    if ([...text].length >= 3) {
      parts.push({ text, table: 'message_fts', match: quote(text), titleNeedle: foldText(text) });
      continue;
    }
    const tokens = gramText(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (tokens.length === 0) continue;
    const cjk = CJK.test(text);
    parts.push({
      text,
      table: 'message_grams',
      // CJK: adjacent characters as a phrase; other short words: by prefix ("ai" finds "AI", "aims").
      match: cjk ? quote(tokens.join(' ')) : `${quote(tokens.join(' '))}*`,
      titleNeedle: cjk ? foldText(text) : ` ${foldText(text)}`,
    });
  }
  const joined = (table: SearchTerm['table']) =>
    parts
      .filter((p) => p.table === table)
      .map((p) => p.match)
      .join(' AND ') || null;
  return {
    trigram: joined('message_fts'),
    grams: joined('message_grams'),
    terms: parts.map((p) => p.text),
    parts,
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Raw text kept around the first match before Markdown is stripped (a long answer is never walked whole). */
const RAW_WINDOW = 4000;

/** Matches any of the terms, longest first, in any case. */
function termPattern(terms: string[]): RegExp {
  const sorted = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(sorted.join('|'), 'giu');
}

/**
 * A short excerpt of a message around its first match, as plain text (Markdown stripped), with
 * every match marked. Data, never HTML.
 */
export function buildSnippet(content: string, terms: string[], width = 160): SnippetPart[] {
  const pattern = terms.length ? termPattern(terms) : null;
  const raw = rawWindow(content, pattern);
  const text = plainText(raw.text);
  if (!pattern) return [{ text: clip(text, 0, width), match: false }];
  const first = pattern.exec(text);
  pattern.lastIndex = 0;
  let start = first ? Math.max(0, first.index - Math.floor(width / 3)) : 0;
  if (start > 0) {
    const space = text.lastIndexOf(' ', start + 10);
    if (space > start - 20 && space < (first?.index ?? 0)) start = space + 1;
  }
  start = safeIndex(text, start);
  const end = safeIndex(text, Math.min(text.length, start + width));
  return mergeAdjacent([
    ...(start > 0 || raw.cutBefore ? [{ text: '…', match: false }] : []),
    ...markTerms(text.slice(start, end), pattern),
    ...(end < text.length || raw.cutAfter ? [{ text: '…', match: false }] : []),
  ]);
}

/** A whole short text (a title) with every match of the terms marked, matched as titles are (folded). */
export function markTitle(title: string, terms: string[]): SnippetPart[] {
  // Fold each character alone and remember where its folded text came from, so a match in the
  // folded title marks the characters it came from ("ＡＢＣ" for "abc").
  let folded = '';
  const from: number[] = [];
  let at = 0;
  for (const char of title) {
    const f = foldText(char);
    for (let i = 0; i < f.length; i++) from.push(at);
    folded += f;
    at += char.length;
  }
  from.push(title.length);
  const parts: SnippetPart[] = [];
  let last = 0;
  for (const match of folded.matchAll(termPattern(terms.map(foldText)))) {
    const start = from[match.index]!;
    const end = from[match.index + match[0].length]!;
    if (start < last || end <= start) continue;
    if (start > last) parts.push({ text: title.slice(last, start), match: false });
    parts.push({ text: title.slice(start, end), match: true });
    last = end;
  }
  if (last < title.length || parts.length === 0) parts.push({ text: title.slice(last), match: false });
  return parts;
}

function markTerms(text: string, pattern: RegExp): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), match: false });
    parts.push({ text: match[0], match: true });
    last = match.index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last), match: false });
  return parts;
}

function rawWindow(content: string, pattern: RegExp | null) {
  if (content.length <= RAW_WINDOW) return { text: content, cutBefore: false, cutAfter: false };
  const first = pattern?.exec(content);
  if (pattern) pattern.lastIndex = 0;
  const start = safeIndex(content, Math.max(0, (first?.index ?? 0) - RAW_WINDOW / 4));
  const end = safeIndex(content, Math.min(content.length, start + RAW_WINDOW));
  return { text: content.slice(start, end), cutBefore: start > 0, cutAfter: end < content.length };
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
