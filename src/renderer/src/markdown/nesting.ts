/**
 * Deep nesting caps, before marked sees the text. marked's time grows steeply with nesting (400
 * nested list levels take minutes, 1,000 lines of deepening quotes seconds) and 5,000 nested
 * quotes overflow its stack. Outside fenced code, a line's quote and list markers past the 10th
 * and its indentation past 40 columns are dropped, so the rest of the line is text at the
 * deepest allowed level. (The text then no longer matches the tokens' lengths: the block
 * splitter sees that and treats what follows as one block, which only such answers pay for.)
 */
export const MAX_QUOTE_DEPTH = 10;
export const MAX_INDENT = 40;

/** Fast check: does any line go past a cap at all (the usual answer: no, and nothing is copied)? */
const SUSPECT = new RegExp(
  `^(?:[ \\t]{${MAX_INDENT + 1}}|[ \\t]*(?:(?:>|(?:[-+*]|\\d{1,9}[.)])[ \\t])[ \\t]*){${MAX_QUOTE_DEPTH + 1}})`,
  'm',
);

export function flattenDeepNesting(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return new NestingFlattener().flatten(text);
}

/** A line that opens or closes a fence (it may sit inside quotes and list items). */
const FENCE = /^[ \t>*+\-.)\d]*?(`{3,}|~{3,})/;
/** The same caps as SUSPECT, for one line. */
const SUSPECT_LINE = new RegExp(SUSPECT.source);

/**
 * flattenDeepNesting for a text that grows (a streaming answer): the lines finished at the last
 * call are not looked at again, so each call costs about the new text, not the whole answer.
 */
export class NestingFlattener {
  /** Input up to the end of its last finished line, and what it became. */
  private doneIn = '';
  private doneOut = '';
  private fence: string | null = null;
  /** The last call's input and result: a huge answer opening over many updates passes the same text. */
  private lastIn = '';
  private lastOut = '';

  flatten(text: string): string {
    if (text === this.lastIn) return this.lastOut;
    this.lastIn = text;
    this.lastOut = this.flattenNew(text);
    return this.lastOut;
  }

  private flattenNew(text: string): string {
    if (!text.startsWith(this.doneIn)) {
      this.doneIn = '';
      this.doneOut = '';
      this.fence = null;
    }
    const lastLine = text.lastIndexOf('\n') + 1;
    if (lastLine > this.doneIn.length) {
      const out: string[] = [];
      for (const line of text.slice(this.doneIn.length, lastLine - 1).split('\n')) out.push(this.line(line));
      this.doneOut += out.join('\n') + '\n';
      this.doneIn = text.slice(0, lastLine);
    }
    // The unfinished last line: flattened, not remembered (it may still change).
    const fence = this.fence;
    const rest = this.line(text.slice(lastLine));
    this.fence = fence;
    return this.doneOut + rest;
  }

  private line(line: string): string {
    const marker = FENCE.exec(line)?.[1];
    if (this.fence !== null) {
      if (marker && marker[0] === this.fence[0] && marker.length >= this.fence.length) this.fence = null;
      return line;
    }
    if (marker) {
      this.fence = marker;
      return line;
    }
    return SUSPECT_LINE.test(line) ? flattenLine(line) : line;
  }
}

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t])/;

function flattenLine(line: string): string {
  let out = '';
  let depth = 0;
  let column = 0;
  let capped = false;
  let afterMarker = false;
  let i = 0;
  for (; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      column += c === '\t' ? 4 - (column % 4) : 1;
      if (!capped && (column <= MAX_INDENT || afterMarker)) out += c;
      afterMarker = false;
      continue;
    }
    const listMarker = c === '>' ? undefined : LIST_MARKER.exec(line.slice(i, i + 11))?.[0];
    if (c === '>' || listMarker) {
      const marker = listMarker ?? '>';
      depth++;
      column += marker.length;
      // Past the cap, markers and the space after them are dropped.
      if (depth > MAX_QUOTE_DEPTH) capped = true;
      else {
        out += marker;
        afterMarker = true;
      }
      i += marker.length - 1;
      continue;
    }
    break;
  }
  return out + line.slice(i);
}
