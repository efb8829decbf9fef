import type { ChatInputPart } from '../../../../shared/llm-events.ts';

/**
 * What every adapter sends for a file the model reads as text: a text or code file, and a PDF where
 * the model does not take PDFs natively. One shape for every API, so the model always sees the name:
 *
 *     File: notes.txt
 *
 *     ```
 *     …the file's text…
 *     ```
 *
 * A PDF sent as text says so after its name: `File: report.pdf (text extracted from the PDF)`. The
 * fence is longer than any run of backticks in the text, so the file cannot close it early.
 */
export function fileAsText(part: Extract<ChatInputPart, { type: 'file' | 'pdf' }>): string {
  const title = part.type === 'pdf' ? `${part.name} (text extracted from the PDF)` : part.name;
  const fence = fenceFor(part.text);
  return `File: ${title}\n\n${fence}\n${part.text}\n${fence}`;
}

/** An image as a data URL (`data:image/png;base64,…`). */
export function dataUrl(mime: string, base64: string): string {
  return `data:${mime};base64,${base64}`;
}

function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}
