import type { AttachmentKind } from '../../../shared/attachments.ts';

/** The longest name kept, in characters (code points). */
export const MAX_NAME_CHARS = 255;

/**
 * A chosen file's name as Parley shows and stores it: its last path segment only, without control
 * characters, direction overrides or invisible marks (which can make "exe.txt" read as "txt.exe"),
 * trimmed, at most 255 characters with its extension kept, and never empty. It is a label, never a path.
 */
export function sanitizeAttachmentName(chosen: string, kind: AttachmentKind, ext: string): string {
  const base = chosen.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const name = cleaned === '.' || cleaned === '..' ? '' : cleaned;
  if (!name) return `${defaultNames[kind]}${ext}`;
  const chars = [...name];
  if (chars.length <= MAX_NAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? [...name.slice(dot)] : [];
  return [...chars.slice(0, MAX_NAME_CHARS - extension.length), ...extension].join('');
}

const defaultNames: Record<AttachmentKind, string> = { image: 'image', text: 'file', pdf: 'document' };
