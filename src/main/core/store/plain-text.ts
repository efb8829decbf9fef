/**
 * Markdown as the words a reader sees, for search snippets: no `#` headings, `**` emphasis,
 * backticks, fences, link or image syntax, list or quote markers, table pipes or HTML tags. Not a
 * Markdown parser: a few line-wise and inline rules, linear in the text's length.
 */
type Rule = [RegExp, string | ((match: string) => string)];

const LINE_RULES: Rule[] = [
  [/^[ \t]{0,3}(```|~~~).*$/gm, ''], // code fences (the code itself stays)
  [/^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$/gm, ''], // horizontal rules
  [/^(?=[^\n]*\|)(?=[^\n]*-)[ \t|:-]+$/gm, ''], // table separator rows
  [/^[ \t]*\|[^\n]*$/gm, (row) => row.replaceAll('|', ' ')], // table rows: cells apart, no pipes
  [/^[ \t]{0,3}#{1,6}(\s+|$)/gm, ''], // ATX headings
  [/^[ \t]{0,3}(>[ \t]?)+/gm, ''], // block quotes
  [/^[ \t]*([-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/gm, ''], // list markers and task boxes
];

const INLINE_RULES: Rule[] = [
  [/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1'], // images: their alt text
  [/\[([^\]\n]+)\]\([^)\n]*\)/g, '$1'], // links: their text
  [/\[([^\]\n]+)\]\[[^\]\n]*\]/g, '$1'], // reference links
  [/<(https?:\/\/[^>\s]+)>/g, '$1'], // autolinks
  [/<\/?[a-zA-Z][\w-]*(\s[^<>]*)?\/?>/g, ' '], // HTML tags
  [/`+/g, ''], // inline code marks
  [/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2'], // strong
  [/~~(?=\S)([^\n]*?\S)~~/g, '$1'], // strikethrough
  [/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2'], // emphasis with *
  [/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2'], // emphasis with _ (never inside snake_case)
];

export function plainText(markdown: string): string {
  let text = markdown.replace(/\r\n?/g, '\n');
  for (const [pattern, replacement] of [...LINE_RULES, ...INLINE_RULES]) {
    text =
      typeof replacement === 'string'
        ? text.replace(pattern, replacement)
        : text.replace(pattern, replacement);
  }
  return text.replace(/\s+/g, ' ').trim();
}
