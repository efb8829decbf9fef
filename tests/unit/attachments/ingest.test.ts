import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../../src/main/core/attachments/image-header.ts';
import { ingestAttachment, NO_PDF_TEXT_NOTICE } from '../../../src/main/core/attachments/ingest.ts';
import { extractPdfText } from '../../../src/main/core/attachments/pdf-text.ts';
import { sniff } from '../../../src/main/core/attachments/sniff.ts';
import { ATTACHMENT_LIMITS } from '../../../src/shared/attachments.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { i18n } from '../../../src/renderer/src/i18n/index.ts';
import { errorText } from '../../../src/renderer/src/lib/error-text.ts';
import { makeJpeg, makePdf, makePng } from './make-files.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))),
  );
const le16 = (n: number) => [n & 0xff, n >> 8];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];
const gif = (w: number, h: number) => bytes('GIF89a', le16(w), le16(h), [0, 0, 0], ';');
const webpX = (w: number, h: number) =>
  bytes('RIFF', [22, 0, 0, 0], 'WEBPVP8X', [10, 0, 0, 0, 0, 0, 0, 0], le24(w - 1), le24(h - 1));
const tokens = { tokenCount: async (text: string) => text.length };
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ParleyError);
      return error as ParleyError;
    },
  );

describe('the type comes from the bytes, never the name', () => {
  it('knows images, PDFs and text whatever they are called, and an SVG is its source text, typed as SVG', async () => {
    expect(sniff(makePng(3, 2))).toEqual({ kind: 'image', mime: 'image/png' });
    expect((await ingestAttachment(makePng(3, 2), 'notes.txt', tokens)).kind).toBe('image');
    expect(sniff(makeJpeg(3, 2))).toEqual({ kind: 'image', mime: 'image/jpeg' });
    expect(sniff(gif(1, 1))).toEqual({ kind: 'image', mime: 'image/gif' });
    expect(sniff(webpX(1, 1))).toEqual({ kind: 'image', mime: 'image/webp' });
    expect(sniff(makePdf(['x']))).toEqual({ kind: 'pdf', mime: 'application/pdf' });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const ingested = await ingestAttachment(bytes(svg), 'logo.svg', tokens);
    // Its type says SVG (a window shows it as a picture in an <img>); it is sent as its text.
    expect(ingested).toMatchObject({ kind: 'text', mime: 'image/svg+xml', name: 'logo.svg', text: svg });
    const declared = `\ufeff<?xml version="1.0"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n${svg}`;
    expect(
      (await ingestAttachment(bytes(Buffer.from(declared, 'utf8').toString('latin1')), 'd', tokens)).mime,
    ).toBe('image/svg+xml');
    // Text that only mentions <svg> is text.
    expect((await ingestAttachment(bytes('Use <svg> for icons.'), 'notes.txt', tokens)).mime).toBe(
      'text/plain',
    );
    expect((await ingestAttachment(bytes('%PDF? no, plain text'), 'fake.pdf', tokens)).kind).toBe('text');
  });

  it('asks for UTF-8 when a text file is in a legacy encoding (GBK, Latin-1)', async () => {
    const gbk = bytes([0xc4, 0xe3, 0xba, 0xc3, 0x0a]); // 你好 in GBK
    const latin1 = bytes('Gr\xfc\xdfe aus M\xfcnchen\r\n');
    const brokenUtf16 = bytes([0xff, 0xfe, 0x41]);
    for (const legacy of [gbk, latin1, brokenUtf16]) {
      const error = await refusal(ingestAttachment(legacy, 'notes.txt', tokens));
      expect(error).toMatchObject({
        reason: 'attachment_encoding',
        message: 'That text file is not in UTF-8 (or UTF-16). Save it as UTF-8 and attach it again.',
      });
    }
  });

  it('says an empty file is empty', async () => {
    const error = await refusal(ingestAttachment(new Uint8Array(0), 'empty.txt', tokens));
    expect(error).toMatchObject({ reason: 'attachment_empty', message: 'That file is empty.' });
  });

  it('decodes UTF-8 (with or without its mark) and UTF-16 with its mark; refuses binary', async () => {
    const text = 'Grüße, 你好 😀\n';
    for (const [encoded, label] of [
      [Buffer.from(text, 'utf8'), 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8 + BOM'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), 'utf-16be'],
    ] as const) {
      const ingested = await ingestAttachment(new Uint8Array(encoded), 'a.txt', tokens);
      expect(ingested.text, label).toBe(text);
      expect(ingested.tokens, label).toBe(text.length);
      expect(ingested.bytes, label).toEqual(new Uint8Array(encoded));
    }
    for (const [binary, what] of [
      [bytes('text then a NUL\0 byte'), /not text, an image or a PDF/],
      [bytes([0x01, 0x02, 0x03, 0xc3, 0x28]), /not text/],
      [bytes('PK\x03\x04rest'), /ZIP archive/],
      [bytes('MZ\x90\0'), /a program/],
      [bytes('\0\0\0\x18ftypheic'), /HEIC/],
    ] as const) {
      const error = await refusal(ingestAttachment(binary, 'x.txt', tokens));
      expect(error.message).toMatch(what);
      expect(error.reason).toBe('attachment_kind');
    }
  });
});

describe('image sizes from the header', () => {
  it('reads PNG, JPEG, GIF and WebP sizes, and a JPEG’s EXIF orientation', () => {
    expect(readImageHeader(makePng(300, 200), 'image/png')).toEqual({
      width: 300,
      height: 200,
      orientation: 1,
    });
    expect(readImageHeader(makeJpeg(40, 30), 'image/jpeg')).toEqual({
      width: 40,
      height: 30,
      orientation: 1,
    });
    expect(readImageHeader(makeJpeg(40, 30, 6), 'image/jpeg')).toEqual({
      width: 40,
      height: 30,
      orientation: 6,
    });
    expect(readImageHeader(gif(640, 480), 'image/gif')).toEqual({ width: 640, height: 480, orientation: 1 });
    expect(readImageHeader(webpX(5000, 3), 'image/webp')).toEqual({ width: 5000, height: 3, orientation: 1 });
    const vp8l = bytes(
      'RIFF',
      [0, 0, 0, 0],
      'WEBPVP8L',
      [0, 0, 0, 0, 0x2f],
      [99 & 0xff, (99 >> 8) | ((49 & 0x3) << 6), (49 >> 2) & 0xff, 0],
    );
    expect(readImageHeader(vp8l, 'image/webp')).toEqual({ width: 100, height: 50, orientation: 1 });
    const vp8 = bytes(
      'RIFF',
      [0, 0, 0, 0],
      'WEBPVP8 ',
      [0, 0, 0, 0, 0, 0, 0],
      [0x9d, 0x01, 0x2a],
      le16(320),
      le16(240),
    );
    expect(readImageHeader(vp8, 'image/webp')).toEqual({ width: 320, height: 240, orientation: 1 });
    expect(readImageHeader(makePng(3, 2).subarray(0, 20), 'image/png')).toBeNull();
    expect(readImageHeader(bytes([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff]), 'image/jpeg')).toBeNull();
  });

  it('keeps an image within the limits byte for byte, reporting the size it is shown at', async () => {
    const photo = makeJpeg(30, 40, 6);
    const ingested = await ingestAttachment(photo, 'IMG_1.jpg', tokens);
    expect(ingested.bytes).toBe(photo);
    expect(ingested).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 40, height: 30, text: null });
  });
});

describe('downscaling', () => {
  it('turns a 4000x3000 photo with EXIF orientation 6 upright and scales it to 1536x2048', async () => {
    const photo = makeJpeg(4000, 3000, 6, 50);
    const ingested = await ingestAttachment(photo, 'IMG_2.jpg', tokens);
    expect(ingested).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 1536, height: 2048 });
    expect(readImageHeader(ingested.bytes, 'image/jpeg')).toEqual({
      width: 1536,
      height: 2048,
      orientation: 1,
    });
    expect(ingested.bytes.length).toBeLessThanOrEqual(ATTACHMENT_LIMITS.maxImageBytes);
    // Red grows with the source's x, green with its y; turned a quarter clockwise, the source's
    // bottom-left corner is now at the top left, its top-left at the top right.
    const { data, width, height } = jpeg.decode(ingested.bytes, { useTArray: true });
    const at = (x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 2)];
    const near = (actual: number[], expected: number[]) =>
      actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(24));
    near(at(0, 0), [0, 255]);
    near(at(width - 1, 0), [0, 0]);
    near(at(0, height - 1), [255, 255]);
    near(at(width - 1, height - 1), [255, 0]);
  }, 60_000);

  it('scales a large PNG down losslessly, and refuses a GIF or WebP over the limits', async () => {
    const ingested = await ingestAttachment(makePng(3000, 100), 'wide.png', tokens);
    expect(ingested).toMatchObject({ kind: 'image', mime: 'image/png', width: 2048, height: 68 });
    expect(PNG.sync.read(Buffer.from(ingested.bytes))).toMatchObject({ width: 2048, height: 68 });
    for (const big of [gif(2049, 10), webpX(10, 4000)]) {
      const error = await refusal(ingestAttachment(big, 'big', tokens));
      expect(error.reason).toBe('attachment_image_too_large');
      expect(error.message).toContain('larger than 2048 pixels on a side or 5 MB');
    }
    const damaged = makePng(3000, 10).subarray(0, 80);
    expect((await refusal(ingestAttachment(damaged, 'cut.png', tokens))).reason).toBe(
      'attachment_unreadable',
    );
  }, 30_000);
});

describe('caps', () => {
  it('refuses a file over 20 MB and text over the character cap, naming the limit', async () => {
    const huge = new Uint8Array(ATTACHMENT_LIMITS.maxFileBytes + 1).fill(0x61);
    const tooBig = await refusal(ingestAttachment(huge, 'a.txt', tokens));
    expect(tooBig.message).toBe('That file is larger than 20 MB, more than Parley attaches.');
    const long = new Uint8Array(ATTACHMENT_LIMITS.maxTextChars + 1).fill(0x61);
    const tooLong = await refusal(ingestAttachment(long, 'a.txt', tokens));
    expect(tooLong.message).toContain('longer than 400,000 characters');
    const atCap = await ingestAttachment(long.subarray(1), 'a.txt', tokens);
    expect(atCap.text).toHaveLength(ATTACHMENT_LIMITS.maxTextChars);
    // Every refusal reads in Chinese too.
    await i18n.changeLanguage('zh-CN');
    try {
      for (const error of [tooBig, tooLong]) expect(errorText(error)).toMatch(/\p{Script=Han}/u);
      expect(errorText(tooBig)).toContain('20 MB');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});

describe('PDFs', () => {
  it('extracts the text of every page, with a token count, keeping the exact bytes', async () => {
    const pdf = makePdf(['Quarterly report (draft)', 'Revenue grew 12% in Q3.']);
    const ingested = await ingestAttachment(pdf, 'report.pdf', tokens);
    expect(ingested).toMatchObject({ kind: 'pdf', mime: 'application/pdf', name: 'report.pdf' });
    expect(ingested.text).toBe('Quarterly report (draft)\n\nRevenue grew 12% in Q3.');
    expect(ingested.tokens).toBe(ingested.text!.length);
    expect(ingested.bytes).toBe(pdf);
    expect(ingested.notice).toBeUndefined();
  });

  it('says when a PDF has no text, and refuses a damaged one or one over the caps in plain words', async () => {
    const scan = await ingestAttachment(makePdf(['']), 'scan.pdf', tokens);
    expect(scan).toMatchObject({ kind: 'pdf', text: '', notice: NO_PDF_TEXT_NOTICE });
    const damaged = await refusal(ingestAttachment(bytes('%PDF-1.4\nnothing else'), 'x.pdf', tokens));
    expect(damaged).toMatchObject({
      reason: 'attachment_unreadable',
      message: 'That PDF could not be read: it is damaged or protected.',
    });
    const three = makePdf(['one', 'two', 'three']);
    await expect(
      extractPdfText(three, { maxPages: 2, timeoutMs: 10_000, maxChars: 1000 }),
    ).rejects.toMatchObject({
      reason: 'pdf_too_many_pages',
    });
    await expect(
      extractPdfText(three, { maxPages: 10, timeoutMs: 10_000, maxChars: 6 }),
    ).rejects.toMatchObject({
      reason: 'attachment_text_too_long',
    });
    await expect(extractPdfText(three, { maxPages: 10, timeoutMs: 0, maxChars: 1000 })).rejects.toMatchObject(
      {
        reason: 'pdf_timeout',
      },
    );
  });

  it('refuses a PDF over the page cap, and a page tree that loops, without hanging', async () => {
    const many = makePdf(Array.from({ length: 2001 }, () => ''));
    await expect(ingestAttachment(many, 'many.pdf', tokens)).rejects.toMatchObject({
      reason: 'pdf_too_many_pages',
      message: 'That PDF has more than 2000 pages, more than Parley reads.',
    });
    // The page tree lists itself as its own kid.
    const looping = Buffer.from(makePdf(['x']))
      .toString('latin1')
      .replace('/Kids [4 0 R]', '/Kids [2 0 R]');
    const started = Date.now();
    const error = await refusal(
      ingestAttachment(new Uint8Array(Buffer.from(looping, 'latin1')), 'loop.pdf', tokens),
    );
    expect(error.reason).toBe('attachment_unreadable');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);
});
