import type { SecretKindFound } from '../../../shared/filters.ts';
import { secretDetectors } from './secret-patterns.ts';

/**
 * The secret guard: finds what looks like a key, a token, a private key or a password in a text
 * (and, when asked, personal data), and replaces each with a placeholder. It reports kinds and
 * counts only: the text found never leaves this module.
 */

export interface GuardOptions {
  /** Also e-mail addresses, phone numbers, Chinese resident ID numbers, card numbers. */
  personalData: boolean;
  /** The person's own keys (compared exactly, never logged); shorter than 8 characters are ignored. */
  storedKeys?: readonly string[];
}

interface Span {
  start: number;
  end: number;
  kind: SecretKindFound;
}

const MIN_STORED_KEY = 8;

/** Every secret in `text`, in order, overlapping spans merged (the first kind found wins). */
function spansOf(text: string, options: GuardOptions): Span[] {
  const spans: Span[] = [];
  for (const detector of secretDetectors) {
    if (detector.personal && !options.personalData) continue;
    const pattern = detector.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (!detector.valid || detector.valid(m))
        spans.push({
          start: detector.startOf?.(m) ?? m.index,
          end: m.index + m[0].length,
          kind: detector.kind,
        });
    }
  }
  for (const key of options.storedKeys ?? []) {
    if (key.length < MIN_STORED_KEY) continue;
    for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + key.length))
      spans.push({ start: at, end: at + key.length, kind: 'stored-key' });
  }
  if (options.personalData) spans.push(...emailSpans(text));
  return merged(spans);
}

/**
 * A stored key also matches its kind's pattern (an OpenAI key is an `sk-` key): the person's own
 * key is what they most need told, so `stored-key` wins a tie on the same span.
 */
function merged(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end || (a.kind === 'stored-key' ? -1 : 1));
  const out: Span[] = [];
  for (const span of spans) {
    const last = out.at(-1);
    if (last && span.start < last.end) {
      if (span.kind === 'stored-key' && span.start === last.start) last.kind = 'stored-key';
      last.end = Math.max(last.end, span.end);
    } else out.push({ ...span });
  }
  return out;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** a-z A-Z 0-9 . _ % + - */
const isLocalChar = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const isDomainChar = (c: number) => isAlnum(c) || c === 46 || c === 45;
const emailDomain = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/;

function hasDot(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 46) return true;
  return false;
}

/** E-mail addresses, found from each `@` outwards (linear, whatever the text). */
function emailSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 253 && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    // A domain needs a dot: most `@` (decorators, handles) end here without slicing anything.
    if (start === at || text.charCodeAt(start) === 46 || !hasDot(text, at + 1, end)) continue;
    if (emailDomain.test(text.slice(at + 1, end))) spans.push({ start, end, kind: 'email' });
  }
  return spans;
}

/** How many of each kind `text` holds (kinds with none are left out). */
export function findSecrets(text: string, options: GuardOptions): Map<SecretKindFound, number> {
  const counts = new Map<SecretKindFound, number>();
  for (const span of spansOf(text, options)) counts.set(span.kind, (counts.get(span.kind) ?? 0) + 1);
  return counts;
}

export const redactionOf = (kind: SecretKindFound): string => `[REDACTED ${kind}]`;

/** `text` with each secret replaced by `[REDACTED <kind>]`. */
export function redactSecrets(text: string, options: GuardOptions): string {
  const spans = spansOf(text, options);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + redactionOf(span.kind);
    at = span.end;
  }
  return out + text.slice(at);
}
