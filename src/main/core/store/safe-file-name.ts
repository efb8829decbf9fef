/** File names safe on every OS: what exports and downloads name files, and what attachments are called. */

const RESERVED_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;

/** A title as a file name on every OS: no path separators, reserved characters or names, not empty. */
export function safeFileName(title: string): string {
  const cleaned = title
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/[. ]+$/, '');
  if (RESERVED_NAMES.test(cleaned)) return `${cleaned}_`;
  return cleaned || 'conversation';
}

/**
 * An attachment's name (a label, already cleaned when stored: attachments/name.ts) as a file name on
 * every OS, for exports: no path separators or reserved characters, no reserved Windows name
 * ("nul.txt" → "nul_.txt"), no leading or trailing dots, never empty.
 */
export function safeAttachmentName(name: string): string {
  const cleaned = name
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .replace(/^[. ]+/, '');
  const stem = cleaned.split('.')[0] ?? '';
  if (RESERVED_NAMES.test(stem)) return `${stem}_${cleaned.slice(stem.length)}`;
  return cleaned || 'attachment';
}
