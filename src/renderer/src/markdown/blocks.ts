import type { Token } from 'marked';
import { lex, lexBlocks } from './lexer.ts';
import { NestingFlattener } from './nesting.ts';
import { repairTail } from './repair.ts';
import { CHUNK, paragraphChunks } from './paragraph-chunks.ts';

export { CHUNK };

export interface Block {
  /** Stable for a block's lifetime: its index among the message's blocks. */
  key: number;
  raw: string;
  token: Token;
}

export interface SplitResult {
  /** Blocks that later text can no longer change: their token objects stay identical (memo-friendly). */
  closed: readonly Block[];
  /** The growing last block (repaired so that half-written Markdown renders sensibly), if any. */
  tail: Block | null;
  /** Text is left to parse (a huge answer parses over several updates): update again soon. */
  pending: boolean;
}

const EMPTY: SplitResult = { closed: [], tail: null, pending: false };

/** Characters lexed per update at most (tens of ms): a huge answer opens over several frames. */
export const LEX_BUDGET = 8_000;
/** Text is lexed in windows of about this size, so a huge answer is never lexed in one go. */
export const WINDOW = 4_000;
/** A block (not a paragraph) bigger than this shows as plain text: parsing it could take seconds. */
export const MAX_BLOCK = 64_000;
/**
 * An open block (not a paragraph) of at least SLOW_MIN_CHARS whose parse took longer than this
 * (ms) shows as plain text until a blank line ends it: marked's time grows steeply with nesting
 * (400 deepening list items, even capped, take hundreds of ms), and it would pay that on every
 * frame while the block grows.
 */
export const SLOW_BLOCK_MS = 25;
export const SLOW_MIN_CHARS = 2_000;
/** Where a block shown as plain text for being slow ends: a blank line, then text at the margin. */
const SLOW_END = /\n[ \t]*\n(?=\S)/;

/**
 * Splits Markdown into top-level blocks, incrementally: on each update only the text after the
 * last closed block is lexed again, so an answer of any length costs about the size of its last
 * block per frame. A block closes once another block starts after it. When the new text is not
 * an extension of the old (an edit, another message), it starts over.
 *
 * Bounded work, whatever the text: block structure is found first (cheap), in windows of about
 * WINDOW characters, at most LEX_BUDGET characters per update (the rest is `pending` and comes
 * in the next updates); a huge paragraph is cut into chunks of about CHUNK characters, each
 * parsed alone (paragraph-chunks.ts), so a 1 MB paragraph re-parses only its last few KB per
 * delta; a block that is not a paragraph and stays open past MAX_BLOCK is shown as plain text;
 * deep nesting is capped before marked sees it (nesting.ts).
 */
export class BlockSplitter {
  private text = '';
  private closed: Block[] = [];
  private closedLength = 0;
  private last: SplitResult = EMPTY;
  private streaming = false;
  /** Grows while one block is bigger than a window (a big list or code block), back after. */
  private window = WINDOW;
  /** Deep nesting capped as the text grows: only new lines are looked at (nesting.ts). */
  private readonly flattener = new NestingFlattener();
  /** Where the open block that proved slow to parse starts (SLOW_BLOCK_MS), or -1. */
  private slowFrom = -1;

  /** Times each parse (a test passes its own clock, so "slow" does not depend on the machine). */
  private readonly now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  update(input: string, streaming: boolean): SplitResult {
    const text = this.flattener.flatten(input);
    if (text === this.text && streaming === this.streaming && this.last !== EMPTY && !this.last.pending)
      return this.last;
    this.streaming = streaming;
    if (!text.startsWith(this.text.slice(0, this.closedLength)) || text.length < this.closedLength) {
      this.closed = [];
      this.closedLength = 0;
      this.window = WINDOW;
      this.slowFrom = -1;
    }
    this.text = text;
    const before = this.closed.length;
    let budget = LEX_BUDGET;
    let tail: Block | null = null;
    let pending = false;
    for (;;) {
      const rest = text.slice(this.closedLength);
      if (this.slowFrom === this.closedLength) {
        const slowEnd = SLOW_END.exec(rest);
        if (!slowEnd) {
          tail = { key: this.closed.length, raw: rest, token: plainToken(rest) };
          break;
        }
        this.closePlain(rest.slice(0, slowEnd.index + 1));
        continue;
      }
      const end = rest.length > this.window ? windowEnd(rest, this.window) : rest.length;
      const partial = end < rest.length;
      budget -= end;
      const progressed = this.closeBlocks(rest.slice(0, end), partial);
      if (!partial) {
        const tailText = text.slice(this.closedLength);
        // (A huge last paragraph keeps only its uncut end here: its chunks closed above.)
        tail = tailText.trim() ? this.blockOf(tailText, streaming) : null;
        break;
      }
      if (progressed) this.window = WINDOW;
      else if (this.window * 2 <= MAX_BLOCK) this.window *= 2;
      else this.closePlain(rest.slice(0, end));
      if (budget <= 0) {
        pending = true;
        break;
      }
    }
    const changed = this.closed.length !== before;
    this.last = {
      closed: changed || this.last === EMPTY ? this.closed.slice() : this.last.closed,
      tail,
      pending,
    };
    return this.last;
  }

  /**
   * Closes every block of `source` but the last, and the leading chunks of a huge last
   * paragraph. Returns whether anything closed.
   */
  private closeBlocks(source: string, partial: boolean): boolean {
    const started = this.now();
    const tokens = lexBlocks(source);
    const slow = this.now() - started > SLOW_BLOCK_MS && source.length >= SLOW_MIN_CHARS;
    let consumed = 0;
    for (const token of tokens) consumed += token.raw.length;
    if (consumed !== source.length) return false; // (should not happen: then it is shown as it comes)
    let lastIndex = tokens.length - 1;
    while (lastIndex >= 0 && tokens[lastIndex]!.type === 'space') lastIndex--;
    if (lastIndex === -1 && partial) lastIndex = tokens.length; // only space: all of it closes
    const start = this.closedLength;
    for (let i = 0; i < lastIndex; i++) {
      const token = tokens[i]!;
      this.closedLength += token.raw.length;
      if (token.type === 'space' || token.type === 'def') continue;
      if (token.type === 'paragraph') this.push(paragraphChunks(token.raw), token.raw);
      else this.push([], token.raw);
    }
    const last = tokens[lastIndex];
    if (last?.type === 'paragraph') {
      for (const chunk of paragraphChunks(last.raw)) {
        this.closed.push({ key: this.closed.length, raw: chunk.raw, token: chunk });
        this.closedLength += chunk.raw.length;
      }
    } else if (slow && last && last.raw.length >= SLOW_MIN_CHARS) this.slowFrom = this.closedLength;
    return this.closedLength > start;
  }

  /** Closed blocks for `raw`: its chunks, then the rest of it parsed whole. */
  private push(chunks: Token[], raw: string): void {
    let offset = 0;
    for (const chunk of chunks) {
      this.closed.push({ key: this.closed.length, raw: chunk.raw, token: chunk });
      offset += chunk.raw.length;
    }
    const block = this.blockOf(raw.slice(offset), false);
    if (block) this.closed.push(block);
  }

  /** An open block past MAX_BLOCK: up to its last blank line (or all of it) closes as plain text. */
  private closePlain(source: string): void {
    const blank = source.lastIndexOf('\n\n');
    const raw = blank > 0 ? source.slice(0, blank + 2) : source;
    this.closed.push({ key: this.closed.length, raw, token: plainToken(raw) });
    this.closedLength += raw.length;
    this.window = WINDOW;
  }

  /** One block for `text` (parsed whole; repaired first while it streams), or null if empty. */
  private blockOf(text: string, repair: boolean): Block | null {
    const source = repair ? repairTail(text) : text;
    const started = this.now();
    const tokens = lex(source).filter((t) => t.type !== 'space' && t.type !== 'def');
    const slow = this.now() - started > SLOW_BLOCK_MS && text.length >= SLOW_MIN_CHARS;
    // (Only an open block can be slow again: a closed one is parsed once.)
    if (slow && repair && tokens.length > 0 && tokens[0]!.type !== 'paragraph')
      this.slowFrom = this.closedLength;
    if (tokens.length === 0) return null;
    if (tokens.length === 1) return { key: this.closed.length, raw: text, token: tokens[0]! };
    // Repair can split a block (rare): keep them together under one synthetic container.
    return {
      key: this.closed.length,
      raw: text,
      token: { type: 'blockGroup', raw: text, tokens } as unknown as Token,
    };
  }
}

/** A block shown as the text it is (not parsed). */
function plainToken(raw: string): Token {
  return { type: 'plainText', raw } as unknown as Token;
}

/**
 * Where a window of about `size` characters ends: after a line end, or in a very long line, after
 * a space. (Searches look only about the window first: a 1 MB single-line paragraph must not be
 * scanned to its end for every 4 KB window.)
 */
function windowEnd(rest: string, size: number): number {
  const near = rest.slice(size, Math.ceil(size * 1.5));
  const line = near.indexOf('\n');
  if (line !== -1) return size + line + 1;
  const space = near.indexOf(' ');
  if (space !== -1) return size + space + 1;
  const far = rest.indexOf('\n', size);
  return Math.min(rest.length, far === -1 ? size : far + 1);
}

/** Splits a finished text once (no streaming repair). */
export function splitBlocks(text: string): Block[] {
  const splitter = new BlockSplitter();
  let result = splitter.update(text, false);
  while (result.pending) result = splitter.update(text, false);
  const { closed, tail } = result;
  return tail ? [...closed, tail] : [...closed];
}

/** Parsed messages, kept across mounts (a list scrolled back and forth parses nothing again). */
const splitters = new Map<string, BlockSplitter>();
const SPLITTER_LIMIT = 300;

/**
 * The splitter for a message (by id), most recently used kept: its closed blocks survive the
 * component, and a changed text is parsed incrementally when it extends the old one.
 */
export function cachedSplitter(key: string): BlockSplitter {
  let splitter = splitters.get(key);
  if (splitter) splitters.delete(key);
  else splitter = new BlockSplitter();
  splitters.set(key, splitter);
  if (splitters.size > SPLITTER_LIMIT) splitters.delete(splitters.keys().next().value!);
  return splitter;
}
