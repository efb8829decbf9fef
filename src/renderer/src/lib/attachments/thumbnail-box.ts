import type { AttachmentRef } from '../../../../shared/attachments.ts';

/** A thumbnail's box: the image's shape within these bounds, known before it loads (no layout shift). */
const BOX = { width: 240, height: 180, min: 56 };

export function thumbnailBox(ref: AttachmentRef): { width: number; height: number } {
  if (!ref.width || !ref.height) return { width: BOX.width, height: BOX.height };
  const scale = Math.min(1, BOX.width / ref.width, BOX.height / ref.height);
  return {
    width: Math.max(BOX.min, Math.round(ref.width * scale)),
    height: Math.max(BOX.min, Math.round(ref.height * scale)),
  };
}
