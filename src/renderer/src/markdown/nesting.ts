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
  const lines = text.split('\n');
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A fence may sit inside quotes and list items: any container prefix, then the fence.
    const marker = /^[ \t>*+\-.)\d]*?(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    lines[i] = flattenLine(line);
  }
  return lines.join('\n');
}

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
    const listMarker = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t])/.exec(line.slice(i, i + 11))?.[0];
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
