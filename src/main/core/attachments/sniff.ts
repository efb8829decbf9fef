import type { AttachmentKind, ImageMime } from '../../../shared/attachments.ts';

/**
 * What a file is, from its bytes only (never its name or the type a window claims): images by their
 * magic numbers, PDFs by their header, text as valid UTF-8 (or UTF-16 with its byte-order mark)
 * without NUL characters near the start. Anything else is refused, named in plain words where it is
 * a common kind. An SVG is text (its source, sent as text) whose type says SVG, so a window can show
 * it as a picture in an <img> (where it runs no script), never as live markup.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Sniffed =
  | { kind: 'image'; mime: ImageMime }
  | { kind: 'pdf'; mime: 'application/pdf' }
  | { kind: 'text'; mime: 'text/plain' | 'image/svg+xml'; encoding: TextEncoding; bom: number }
  /** `legacyText`: text in another encoding than UTF-8/UTF-16 (GBK, Latin-1…): saving it as UTF-8 helps. */
  | { kind: 'refused'; what: string; legacyText?: true };

export type SniffedKind = Extract<Sniffed, { kind: AttachmentKind }>;

/** How far into a text file a NUL character marks it as binary. */
export const TEXT_PROBE_BYTES = 64 * 1024;

const ascii = (bytes: Uint8Array, offset: number, text: string): boolean => {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
};

const startsWith = (bytes: Uint8Array, ...values: number[]): boolean =>
  bytes.length >= values.length && values.every((value, i) => bytes[i] === value);

/** Common kinds Parley does not take, named so the refusal says what the file is. */
const refusedKinds: [test: (b: Uint8Array) => boolean, what: string][] = [
  [
    (b) => startsWith(b, 0x50, 0x4b, 0x03, 0x04) || startsWith(b, 0x50, 0x4b, 0x05, 0x06),
    'a ZIP archive (or an Office document)',
  ],
  [(b) => startsWith(b, 0x1f, 0x8b), 'a gzip archive'],
  [(b) => ascii(b, 0, '7z\xbc\xaf\x27\x1c') || ascii(b, 0, 'Rar!'), 'an archive'],
  [
    (b) =>
      ascii(b, 0, 'MZ') ||
      ascii(b, 0, '\x7fELF') ||
      startsWith(b, 0xcf, 0xfa, 0xed, 0xfe) ||
      startsWith(b, 0xca, 0xfe, 0xba, 0xbe),
    'a program',
  ],
  [
    (b) =>
      ascii(b, 4, 'ftyp') &&
      /^(heic|heix|hevc|mif1|msf1|avif)/.test(String.fromCharCode(...b.subarray(8, 12))),
    'a HEIC or AVIF photo (convert it to JPEG or PNG first)',
  ],
  [(b) => ascii(b, 4, 'ftyp'), 'a video or audio file'],
  [
    (b) => ascii(b, 0, 'BM') || ascii(b, 0, 'II*\0') || ascii(b, 0, 'MM\0*'),
    'a BMP or TIFF image (convert it to PNG or JPEG first)',
  ],
  [
    (b) =>
      ascii(b, 0, 'ID3') ||
      ascii(b, 0, 'OggS') ||
      ascii(b, 0, 'fLaC') ||
      (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')),
    'an audio file',
  ],
  [(b) => ascii(b, 0, 'SQLite format 3\0'), 'a database'],
];

export function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return { kind: 'image', mime: 'image/png' };
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return { kind: 'image', mime: 'image/jpeg' };
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return { kind: 'image', mime: 'image/gif' };
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return { kind: 'image', mime: 'image/webp' };
  if (ascii(bytes, 0, '%PDF-')) return { kind: 'pdf', mime: 'application/pdf' };
  for (const [test, what] of refusedKinds) if (test(bytes)) return { kind: 'refused', what };
  const text = textEncoding(bytes);
  if (text) return { kind: 'text', mime: isSvg(bytes, text) ? 'image/svg+xml' : 'text/plain', ...text };
  if (looksLikeLegacyText(bytes))
    return { kind: 'refused', what: 'text in an encoding other than UTF-8', legacyText: true };
  return { kind: 'refused', what: 'not text, an image or a PDF' };
}

/** An SVG document: its root element is <svg> (after an XML declaration, comments, a doctype). */
function isSvg(bytes: Uint8Array, { encoding, bom }: { encoding: TextEncoding; bom: number }): boolean {
  const start = new TextDecoder(encoding).decode(bytes.subarray(bom, bom + 4096));
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE\s+svg[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>/]/i.test(
    start,
  );
}

/** The encoding of a text file, or null when the bytes are not text. */
function textEncoding(bytes: Uint8Array): { encoding: TextEncoding; bom: number } | null {
  if (bytes.length === 0) return null;
  const utf16 = startsWith(bytes, 0xff, 0xfe)
    ? 'utf-16le'
    : startsWith(bytes, 0xfe, 0xff)
      ? 'utf-16be'
      : null;
  const candidate: { encoding: TextEncoding; bom: number } = utf16
    ? { encoding: utf16, bom: 2 }
    : { encoding: 'utf-8', bom: startsWith(bytes, 0xef, 0xbb, 0xbf) ? 3 : 0 };
  const text = decodeText(bytes, candidate);
  return text !== null && !text.slice(0, TEXT_PROBE_BYTES).includes('\0') ? candidate : null;
}

/**
 * Bytes that are not UTF-8 but read like text in a one- or two-byte legacy encoding: no NUL and
 * almost no control characters other than tabs and line breaks near the start.
 */
function looksLikeLegacyText(bytes: Uint8Array): boolean {
  const probe = bytes.subarray(0, TEXT_PROBE_BYTES);
  let controls = 0;
  for (const byte of probe) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controls++;
  }
  return controls * 100 <= probe.length;
}

/** The text of bytes in an encoding (byte-order mark dropped), or null when they are not valid in it. */
export function decodeText(
  bytes: Uint8Array,
  { encoding, bom }: { encoding: TextEncoding; bom: number },
): string | null {
  if (encoding !== 'utf-8' && (bytes.length - bom) % 2 !== 0) return null;
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    return null;
  }
}
