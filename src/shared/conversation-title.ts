/** The longest title Parley keeps (a rename, an imported title), in characters. */
export const TITLE_MAX_LENGTH = 200;
/** The longest title Parley makes from a conversation's first message, in characters. */
export const TITLE_MAX_CHARS = 80;

/**
 * A conversation's title from any text: the first line that has text, whitespace collapsed, at most
 * `max` characters, the last one "…" when cut (never in the middle of a surrogate pair). The one rule
 * for every side (store, chat service, import, CLI, renderer): titles made from a first message keep
 * TITLE_MAX_CHARS; renames and imported titles keep TITLE_MAX_LENGTH.
 */
export function conversationTitle(text: string, max = TITLE_MAX_CHARS): string {
  const line = (text.split('\n').find((candidate) => candidate.trim() !== '') ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (line.length <= max) return line;
  let cut = line.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
