/**
 * Makes the growing end of a streaming answer render sensibly, in the spirit of Streamdown's
 * "remend": an unclosed `**bold`, `*em`, `~~strike~~` or `` `code `` is closed for display, a
 * half-written link shows its text, and a marker with nothing after it yet is hidden. It only
 * ever touches the last paragraph, and never the inside of a fenced code block.
 */
export function repairTail(text: string): string {
  if (insideOpenFence(text)) return text;
  // Markers never span a blank line: only the last paragraph can hold an open one.
  const paragraphStart = lastParagraphStart(text);
  const head = text.slice(0, paragraphStart);
  let para = text.slice(paragraphStart);
  if (/^ {0,3}(\$\$|\\\[)/.test(para)) return text; // display math renders its own way while open

  // A half-written link or image: `[text](http://exa` -> `text`, `[text` -> `text`.
  para = para.replace(/!?\[([^\]\n]*)\]\([^)\s]*$/, '$1');
  para = para.replace(/!?\[([^\]\n]*)$/, '$1');

  // Inline code: an odd number of single backticks leaves a span open.
  let closers = '';
  const codeFree = stripCodeSpans(para);
  let scan = codeFree.text;
  if (codeFree.open) {
    if (!para.slice(codeFree.openAt + 1).trim()) {
      para = para.slice(0, codeFree.openAt); // "`" with nothing after it yet
    } else {
      closers = '`';
    }
    scan = codeFree.text;
  }

  // Emphasis markers outside code spans; list bullets ("* item") are not emphasis.
  scan = scan.replace(/^ {0,3}[*+-] /gm, '');
  const strong = countUnescaped(scan, '**') + countUnescaped(scan, '__');
  const strike = countUnescaped(scan, '~~');
  const single = countSingleStars(scan);
  let tail = '';
  if (single % 2 === 1) tail += '*';
  if (strong % 2 === 1) tail += '**';
  if (strike % 2 === 1) tail += '~~';
  if (/\$\$/.test(scan) && (scan.match(/\$\$/g) ?? []).length % 2 === 1) tail += '$$';
  if (tail && !closers) {
    // A marker just opened with nothing after it: drop it instead of closing an empty span.
    const bare = /(\*\*|__|~~|\*|\$\$)\s*$/.exec(para);
    if (bare && para.trimEnd().endsWith(bare[1]!)) {
      return head + para.slice(0, bare.index).trimEnd();
    }
  }
  return head + para.trimEnd() + closers + tail;
}

function insideOpenFence(text: string): boolean {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!match) continue;
    const fence = match[1]!;
    if (open === null) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && !line.trim().slice(fence.length).trim())
      open = null;
  }
  return open !== null;
}

function lastParagraphStart(text: string): number {
  const index = text.lastIndexOf('\n\n');
  return index === -1 ? 0 : index + 2;
}

function stripCodeSpans(text: string): { text: string; open: boolean; openAt: number } {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\') {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (text[i] !== '`') {
      out += text[i];
      i++;
      continue;
    }
    let run = 0;
    while (text[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    const close = text.indexOf(fence, i + run);
    if (close === -1) {
      return { text: out, open: run === 1, openAt: i };
    }
    i = close + run;
  }
  return { text: out, open: false, openAt: -1 };
}

function countUnescaped(text: string, marker: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(marker, i)) {
      count++;
      i += marker.length - 1;
    }
  }
  return count;
}

function countSingleStars(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] !== '*') continue;
    let run = 0;
    while (text[i + run] === '*') run++;
    const before = text[i - 1] ?? ' ';
    const after = text[i + run] ?? ' ';
    const spaced = /\s/.test(before) && /\s/.test(after); // "a * b" is not emphasis
    if (run % 2 === 1 && !spaced) count++;
    i += run - 1;
  }
  return count;
}
