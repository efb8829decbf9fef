import { ATTACHMENT_LIMITS, imageMimes } from '../../../../shared/attachments.ts';

export interface PreparedFile {
  /** What is uploaded: the chosen file itself, or its downscaled copy. */
  file: File;
  /** The image was larger than the APIs take, and this is its smaller copy. */
  downscaled: boolean;
}

interface Limits {
  maxSide: number;
  maxBytes: number;
}

const defaults: Limits = {
  maxSide: ATTACHMENT_LIMITS.maxImageSide,
  maxBytes: ATTACHMENT_LIMITS.maxImageBytes,
};

/** JPEG qualities tried in turn while the copy is still over the byte limit. */
const QUALITIES = [0.9, 0.82, 0.72, 0.6];

/** An image type every API takes, by the type the browser gives the file (main sniffs the bytes). */
export function isImageFile(file: File): boolean {
  return (imageMimes as readonly string[]).includes(file.type);
}

/** A file the window can show as a picture: an image, or an SVG (in an <img>, where it runs no script). */
export function hasPreview(file: File): boolean {
  return isImageFile(file) || file.type === 'image/svg+xml';
}

/**
 * An image beyond the providers' limits (its longer side, or its bytes) is scaled down here, in
 * the window, before it is uploaded: decoded with its EXIF orientation applied, drawn on a canvas,
 * and encoded as JPEG (PNG when it has transparency). Within the limits, or not an image this
 * window can decode, the exact bytes the person chose go as they are (main sniffs and checks them).
 */
export async function prepareImage(file: File, limits: Limits = defaults): Promise<PreparedFile> {
  if (!isImageFile(file)) return { file, downscaled: false };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return { file, downscaled: false };
  }
  try {
    const longer = Math.max(bitmap.width, bitmap.height);
    if (longer <= limits.maxSide && file.size <= limits.maxBytes) return { file, downscaled: false };
    let scale = Math.min(1, limits.maxSide / longer);
    const alpha = file.type !== 'image/jpeg' && hasTransparency(bitmap);
    let blob = await encode(bitmap, scale, alpha, limits.maxBytes);
    // Still too many bytes at the lowest quality (a noisy photo, a big transparent PNG): smaller.
    while (blob.size > limits.maxBytes && scale > 0.05) {
      scale *= 0.75;
      blob = await encode(bitmap, scale, alpha, limits.maxBytes);
    }
    const name = renamed(file.name, alpha ? 'png' : 'jpg');
    return { file: new File([blob], name, { type: blob.type }), downscaled: true };
  } finally {
    bitmap.close();
  }
}

async function encode(bitmap: ImageBitmap, scale: number, alpha: boolean, maxBytes: number): Promise<Blob> {
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { alpha });
  if (!context) throw new Error('This window cannot draw images.');
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  if (alpha) return canvas.convertToBlob({ type: 'image/png' });
  let blob: Blob | null = null;
  for (const quality of QUALITIES) {
    blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    if (blob.size <= maxBytes) break;
  }
  return blob!;
}

/** Whether any pixel is not fully opaque (sampled on a small copy: cheap, and enough to choose PNG). */
function hasTransparency(bitmap: ImageBitmap): boolean {
  const side = 256;
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) return true;
  context.drawImage(bitmap, 0, 0, width, height);
  const data = context.getImageData(0, 0, width, height).data;
  for (let i = 3; i < data.length; i += 4) if (data[i]! < 255) return true;
  return false;
}

/** `photo.png` → `photo.jpg` (the name says what the bytes now are). */
function renamed(name: string, extension: string): string {
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name || 'image';
  return `${base}.${extension}`;
}
