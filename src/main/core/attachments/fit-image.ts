import type { ImageMime } from '../../../shared/attachments.ts';
import { ATTACHMENT_LIMITS } from '../../../shared/attachments.ts';
import { megabytes } from '../store/import-limits.ts';
import type { ImageHeader } from './image-header.ts';
import { orientedSize } from './image-header.ts';
import type { Pixels } from './pixels.ts';
import { applyOrientation, scaleDown } from './pixels.ts';
import { attachmentRefusal } from './refusals.ts';

/** The most pixels Parley decodes to scale an image down (a 12-megapixel photo is far below). */
export const MAX_DECODE_PIXELS = 50_000_000;
const JPEG_QUALITY = 85;
/** Each further try when an encoded image is still over the byte cap scales it by this. */
const RETRY_SCALE = 0.75;
const MAX_TRIES = 5;

export interface FittedImage {
  bytes: Uint8Array;
  mime: ImageMime;
  /** As shown (after any EXIF orientation). */
  width: number;
  height: number;
}

/**
 * An image within the providers' limits: one that fits keeps its exact bytes; a larger PNG or JPEG
 * is decoded, turned as its EXIF orientation says, scaled down (longer side at most `maxImageSide`)
 * and encoded again (JPEG at quality 85, PNG lossless) in pure JavaScript; a larger GIF or WebP is
 * refused in plain words (Parley has no encoder for them).
 */
export async function fitImage(
  bytes: Uint8Array,
  mime: ImageMime,
  header: ImageHeader,
  limits: { maxSide: number; maxBytes: number } = {
    maxSide: ATTACHMENT_LIMITS.maxImageSide,
    maxBytes: ATTACHMENT_LIMITS.maxImageBytes,
  },
): Promise<FittedImage> {
  const shown = orientedSize(header);
  if (Math.max(shown.width, shown.height) <= limits.maxSide && bytes.length <= limits.maxBytes)
    return { bytes, mime, ...shown };
  if (mime !== 'image/png' && mime !== 'image/jpeg')
    throw attachmentRefusal(
      'attachment_image_too_large',
      `That image is larger than ${limits.maxSide} pixels on a side or ${megabytes(limits.maxBytes)}, and Parley scales down only PNG and JPEG images. Save it as PNG or JPEG first.`,
      { side: limits.maxSide, size: megabytes(limits.maxBytes) },
    );
  if (header.width * header.height > MAX_DECODE_PIXELS)
    throw attachmentRefusal(
      'attachment_image_too_large',
      `That image has more than ${MAX_DECODE_PIXELS / 1_000_000} megapixels, more than Parley scales down. Make it smaller first.`,
      { side: limits.maxSide, size: megabytes(limits.maxBytes) },
    );
  const pixels = applyOrientation(await decode(bytes, mime), header.orientation);
  let scale = Math.min(1, limits.maxSide / Math.max(pixels.width, pixels.height));
  for (let tries = 0; tries < MAX_TRIES; tries++, scale *= RETRY_SCALE) {
    const width = Math.max(1, Math.round(pixels.width * scale));
    const height = Math.max(1, Math.round(pixels.height * scale));
    const encoded = await encode(scaleDown(pixels, width, height), mime);
    if (encoded.length <= limits.maxBytes) return { bytes: encoded, mime, width, height };
  }
  throw attachmentRefusal(
    'attachment_image_too_large',
    `That image stays larger than ${megabytes(limits.maxBytes)} even scaled down. Save it as JPEG first.`,
    { side: limits.maxSide, size: megabytes(limits.maxBytes) },
  );
}

async function decode(bytes: Uint8Array, mime: 'image/png' | 'image/jpeg'): Promise<Pixels> {
  try {
    if (mime === 'image/png') {
      const { PNG } = await import('pngjs');
      return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
    const jpeg = await import('jpeg-js');
    return jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_DECODE_PIXELS / 1_000_000,
      maxMemoryUsageInMB: 1024,
    });
  } catch (error) {
    throw attachmentRefusal(
      'attachment_unreadable',
      'That image could not be read: it is damaged.',
      {},
      String(error),
    );
  }
}

async function encode(pixels: Pixels, mime: 'image/png' | 'image/jpeg'): Promise<Uint8Array> {
  if (mime === 'image/png') {
    const { PNG } = await import('pngjs');
    const data = Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength);
    return new Uint8Array(PNG.sync.write({ ...pixels, data }, { colorType: 6 }));
  }
  const jpeg = await import('jpeg-js');
  return new Uint8Array(jpeg.encode(pixels, JPEG_QUALITY).data);
}
