import type { ImageMime } from '../../../shared/attachments.ts';

/**
 * An image's size (and a JPEG's EXIF orientation) read from its header, without decoding it: PNG's
 * IHDR, GIF's screen descriptor, WebP's VP8/VP8L/VP8X header, a JPEG's start-of-frame segment. Null
 * when the header is cut short or does not hold together. Every read is bounds-checked.
 */
export interface ImageHeader {
  /** Pixels as stored (before any EXIF rotation). */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (JPEG only; 1 when absent): 5–8 turn the image a quarter. */
  orientation: number;
}

const u16be = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u16le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u24le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
const u32be = (b: Uint8Array, o: number) =>
  ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
const tag = (b: Uint8Array, o: number, text: string) =>
  b.length >= o + text.length && [...text].every((c, i) => b[o + i] === c.charCodeAt(0));

export function readImageHeader(bytes: Uint8Array, mime: ImageMime): ImageHeader | null {
  const size = sizeOf(bytes, mime);
  if (!size || size.width < 1 || size.height < 1) return null;
  return { ...size, orientation: mime === 'image/jpeg' ? jpegOrientation(bytes) : 1 };
}

/** The size an image is shown at: a quarter turn (orientations 5–8) swaps its sides. */
export function orientedSize(header: ImageHeader): { width: number; height: number } {
  return header.orientation >= 5
    ? { width: header.height, height: header.width }
    : { width: header.width, height: header.height };
}

function sizeOf(b: Uint8Array, mime: ImageMime): { width: number; height: number } | null {
  switch (mime) {
    case 'image/png':
      return b.length >= 24 && tag(b, 12, 'IHDR') ? { width: u32be(b, 16), height: u32be(b, 20) } : null;
    case 'image/gif':
      return b.length >= 10 ? { width: u16le(b, 6), height: u16le(b, 8) } : null;
    case 'image/webp':
      return webpSize(b);
    case 'image/jpeg':
      return jpegSize(b);
  }
}

function webpSize(b: Uint8Array): { width: number; height: number } | null {
  if (tag(b, 12, 'VP8 ') && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  if (tag(b, 12, 'VP8L') && b.length >= 25 && b[20] === 0x2f) {
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (tag(b, 12, 'VP8X') && b.length >= 30) return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return null;
}

/** Each JPEG segment before the image data: its marker and where its payload starts and ends. */
function* jpegSegments(b: Uint8Array): Generator<{ marker: number; start: number; end: number }> {
  let offset = 2;
  while (offset + 4 <= b.length) {
    if (b[offset] !== 0xff) return;
    const marker = b[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return; // end of image, start of scan
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    const length = u16be(b, offset + 2);
    if (length < 2 || offset + 2 + length > b.length) return;
    yield { marker, start: offset + 4, end: offset + 2 + length };
    offset += 2 + length;
  }
}

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  for (const { marker, start, end } of jpegSegments(b)) {
    const frame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (frame && end - start >= 5) return { height: u16be(b, start + 1), width: u16be(b, start + 3) };
  }
  return null;
}

/** The EXIF orientation tag (0x0112) of IFD0 in a JPEG's APP1 segment; 1 when there is none. */
export function jpegOrientation(b: Uint8Array): number {
  for (const { marker, start, end } of jpegSegments(b)) {
    if (marker !== 0xe1 || !tag(b, start, 'Exif\0\0')) continue;
    const tiff = start + 6;
    const little = tag(b, tiff, 'II');
    if (!little && !tag(b, tiff, 'MM')) return 1;
    const u16 = (o: number) => (o + 2 <= end ? (little ? u16le(b, o) : u16be(b, o)) : -1);
    const u32 = (o: number) =>
      o + 4 <= end ? (little ? u16le(b, o) + u16le(b, o + 2) * 65536 : u32be(b, o)) : -1;
    const ifd = u32(tiff + 4);
    if (ifd < 8) return 1;
    const count = u16(tiff + ifd);
    for (let i = 0; i < count; i++) {
      const entry = tiff + ifd + 2 + i * 12;
      if (entry + 12 > end) break;
      if (u16(entry) === 0x0112) {
        const value = u16(entry + 8);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }
  return 1;
}
