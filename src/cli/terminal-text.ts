/**
 * Text from a model or a tool, made safe to print on a terminal: escape sequences could move the
 * cursor, rewrite what was shown above (a forged prompt) or retitle the window, and bidirectional
 * controls can make an argument read differently from what it is. Both are shown as visible marks.
 */

// Control characters (C0 but tab and newline, DEL, C1) and the bidirectional controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every terminal control shown as `\u{…}` instead of acting. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

/**
 * Text folded to one short line: its first non-empty line, cut at `width` characters, saying how
 * much more there is (a tool's whole output stays out of the terminal).
 */
export function foldedLine(text: string, width = 100): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const first = terminalText((lines[0] ?? '').trim().replace(/\t/g, ' '));
  const more = lines.length - 1;
  const cut = first.length > width ? `${first.slice(0, width - 1)}…` : first;
  if (!cut) return '(empty)';
  return more > 0 ? `${cut} (+${more} line${more > 1 ? 's' : ''})` : cut;
}
