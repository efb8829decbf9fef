/** The longest title Parley makes or keeps, in characters; a longer one is cut and ends in "…". */
export const TITLE_MAX_CHARS = 80;

/**
 * A conversation's title from any text (its first message, a rename, an imported title): the first
 * line that has text, whitespace collapsed, at most TITLE_MAX_CHARS characters. The one rule for
 * every side (store, chat service, CLI, renderer).
 */
export function conversationTitle(text: string): string {
  const line = (text.split('\n').find((candidate) => candidate.trim() !== '') ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > TITLE_MAX_CHARS ? `${line.slice(0, TITLE_MAX_CHARS - 1)}…` : line;
}
