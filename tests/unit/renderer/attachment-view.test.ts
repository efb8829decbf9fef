import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { thumbnailBox } from '../../../src/renderer/src/lib/attachments/thumbnail-box.ts';
import { pastedFiles } from '../../../src/renderer/src/lib/attachments/pasted-files.ts';
import { formatSize } from '../../../src/renderer/src/lib/attachments/size.ts';
import type { AttachmentRef } from '../../../src/shared/attachments.ts';

const image = (width?: number, height?: number): AttachmentRef => ({
  id: 'a'.repeat(64),
  kind: 'image',
  name: 'p.png',
  mime: 'image/png',
  size: 1,
  ...(width && height ? { width, height } : {}),
});

describe('a message thumbnail’s box', () => {
  it('keeps the image’s shape within 240 x 180, known before the bytes arrive', () => {
    expect(thumbnailBox(image(4000, 3000))).toEqual({ width: 240, height: 180 });
    expect(thumbnailBox(image(3000, 4000))).toEqual({ width: 135, height: 180 });
    expect(thumbnailBox(image(100, 50))).toEqual({ width: 100, height: 56 }); // never thinner than 56
    expect(thumbnailBox(image(6000, 10))).toEqual({ width: 240, height: 56 });
    expect(thumbnailBox(image())).toEqual({ width: 240, height: 180 }); // size unknown: the full box
  });
});

/** What a paste's DataTransfer offers (Node has none): its files and its plain text. */
function clipboard(files: File[], text = ''): DataTransfer {
  return { files, getData: (type: string) => (type === 'text/plain' ? text : '') } as unknown as DataTransfer;
}

describe('a paste’s files', () => {
  const shot = new File(['png'], 'image.png', { type: 'image/png' });
  const doc = new File(['pdf'], 'report.pdf', { type: 'application/pdf' });

  it('attaches a screenshot and copied files', () => {
    expect(pastedFiles(clipboard([shot]))).toEqual([shot]);
    expect(pastedFiles(clipboard([doc, shot], 'report.pdf\nimage.png'))).toEqual([doc, shot]);
  });

  it('pastes plain text as text: a spreadsheet’s cells also copy as a picture', () => {
    expect(pastedFiles(clipboard([shot], 'A1\tB1'))).toEqual([]);
    expect(pastedFiles(clipboard([], 'just text'))).toEqual([]);
    expect(pastedFiles(null)).toEqual([]);
  });
});

describe('file sizes', () => {
  const t = ((key: string, params: { n: number | string }) =>
    `${params.n} ${key.split('.').at(-1)}`) as TFunction;
  it('read in plain units', () => {
    expect(formatSize(812, t)).toBe('812 b');
    expect(formatSize(48 * 1024 + 100, t)).toBe('48 kb');
    expect(formatSize(3.24 * 1024 * 1024, t)).toBe('3.2 mb');
    expect(formatSize(20 * 1024 * 1024, t)).toBe('20 mb');
  });
});
