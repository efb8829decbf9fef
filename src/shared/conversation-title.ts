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

/** The longest title Parley keeps from a model's answer to the title request, in characters. */
export const GENERATED_TITLE_MAX_CHARS = 60;

/**
 * How the title request (sent after a conversation's first answer) begins; the mock model server
 * recognises it by this, so tests script titles apart from answers.
 */
export const TITLE_INSTRUCTION = 'Write a short title (at most six words) for the conversation above';

const QUOTE_PAIRS: [string, string][] = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
  ['《', '》'],
  ['`', '`'],
];

/**
 * A model's answer to the title request as a title: its first line, without a "Title:" label,
 * Markdown marks, surrounding quotes, control characters or a closing full stop, at most
 * GENERATED_TITLE_MAX_CHARS. Empty when nothing usable is left.
 */
export function generatedTitle(answer: string): string {
  let line = conversationTitle(
    answer.replace(/\p{Cc}/gu, (c) => (c === '\n' ? c : ' ')),
    1000,
  );
  line = line
    .replace(/^(?:#+\s*|[-*>]\s+)/, '')
    .replace(/^(?:title|标题|題名|タイトル)\s*[:：]\s*/i, '')
    .replace(/\*\*|__|~~/g, '')
    .trim();
  // Full stops and quotes in any order: "“Title”." or "'Title.'" both end as Title.
  for (let before = ''; before !== line;) {
    before = line;
    line = line.replace(/[.。]+$/u, '').trim();
    const pair = QUOTE_PAIRS.find(
      ([open, close]) => line.length >= 2 && line.startsWith(open) && line.endsWith(close),
    );
    if (pair) line = line.slice(pair[0].length, -pair[1].length).trim();
  }
  return conversationTitle(line, GENERATED_TITLE_MAX_CHARS);
}
