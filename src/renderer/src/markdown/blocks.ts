import type { Token } from 'marked';
import { lex } from './lexer.ts';
import { repairTail } from './repair.ts';

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
}

const EMPTY: SplitResult = { closed: [], tail: null };

/**
 * Splits Markdown into top-level blocks, incrementally: on each update only the text after the
 * last closed block is lexed again, so an answer of any length costs about the size of its last
 * block per frame. A block closes once another block starts after it. When the new text is not
 * an extension of the old (an edit, another message), it starts over.
 */
export class BlockSplitter {
  private text = '';
  private closed: Block[] = [];
  private closedLength = 0;
  private last: SplitResult = EMPTY;
  private streaming = false;

  update(text: string, streaming: boolean): SplitResult {
    if (text === this.text && streaming === this.streaming && this.last !== EMPTY) return this.last;
    this.streaming = streaming;
    if (!text.startsWith(this.text.slice(0, this.closedLength)) || text.length < this.closedLength) {
      this.closed = [];
      this.closedLength = 0;
    }
    this.text = text;
    const rest = text.slice(this.closedLength);
    const tokens = lex(rest);
    let consumed = 0;
    for (const token of tokens) consumed += token.raw.length;
    if (consumed !== rest.length) {
      // The lexer normalised something (it should not); fall back to one tail block of everything.
      this.last = { closed: this.closed.slice(), tail: this.tailBlock(rest, streaming) };
      return this.last;
    }
    // Every token but the last non-space one is closed.
    let lastIndex = tokens.length - 1;
    while (lastIndex >= 0 && tokens[lastIndex]!.type === 'space') lastIndex--;
    let changed = false;
    for (let i = 0; i < lastIndex; i++) {
      const token = tokens[i]!;
      this.closedLength += token.raw.length;
      if (token.type === 'space' || token.type === 'def') continue;
      this.closed.push({ key: this.closed.length, raw: token.raw, token });
      changed = true;
    }
    const tailText =
      lastIndex >= 0
        ? tokens
            .slice(lastIndex)
            .map((t) => t.raw)
            .join('')
        : '';
    const tail = tailText.trim() ? this.tailBlock(tailText, streaming) : null;
    this.last = { closed: changed || this.last === EMPTY ? this.closed.slice() : this.last.closed, tail };
    return this.last;
  }

  private tailBlock(text: string, streaming: boolean): Block | null {
    const source = streaming ? repairTail(text) : text;
    const tokens = lex(source).filter((t) => t.type !== 'space' && t.type !== 'def');
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

/** Splits a finished text once (no streaming repair). */
export function splitBlocks(text: string): Block[] {
  const { closed, tail } = new BlockSplitter().update(text, false);
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
