/** A conversation title is one line of at most this many characters (renames and imports alike). */
export const TITLE_MAX_LENGTH = 200;

/** One line, trimmed, cut to `max` characters with an ellipsis (never in the middle of a surrogate pair). */
export function capTitle(text: string, max = TITLE_MAX_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let cut = line.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
