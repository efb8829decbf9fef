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

/** The longest attachment name kept (`AttachmentRef.name`). */
export const MAX_ATTACHMENT_NAME = 255;

/**
 * An attached file's name as it is stored, shown and exported: the last segment of whatever path it
 * came with, no control or reserved characters, no reserved Windows name ("nul.txt" → "nul_.txt"),
 * at most 255 characters with its extension kept, never empty.
 */
export function safeAttachmentName(name: string): string {
  const last =
    name
      .split(/[\\/]/)
      .filter((s) => s.trim() !== '')
      .at(-1) ?? '';
  let cleaned = last
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .replace(/^\.+/, '');
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  let stem = ext ? cleaned.slice(0, dot) : cleaned;
  if (RESERVED_NAMES.test(stem.split('.')[0] ?? '')) stem = stem.replace(/^([^.]*)/, '$1_');
  cleaned = [...stem].slice(0, MAX_ATTACHMENT_NAME - ext.length).join('') + ext;
  return cleaned.trim() || 'attachment';
}
