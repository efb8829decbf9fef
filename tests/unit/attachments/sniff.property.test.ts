import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../../src/main/core/attachments/image-header.ts';
import { ingestAttachment } from '../../../src/main/core/attachments/ingest.ts';
import { MAX_NAME_CHARS, sanitizeAttachmentName } from '../../../src/main/core/attachments/name.ts';
import { sniff } from '../../../src/main/core/attachments/sniff.ts';
import { imageMimes } from '../../../src/shared/attachments.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

/** The starts of every kind sniffing knows, so random tails exercise each parser. */
const magics = [
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52],
  [0xff, 0xd8, 0xff],
  [0xff, 0xd8, 0xff, 0xe1, 0x00, 0x40, 0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a],
  [...Buffer.from('GIF89a')],
  [...Buffer.from('RIFF\0\0\0\0WEBPVP8 ')],
  [...Buffer.from('RIFF\0\0\0\0WEBPVP8L')],
  [...Buffer.from('RIFF\0\0\0\0WEBPVP8X')],
  [...Buffer.from('%PDF-1.7\n')],
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0x50, 0x4b, 0x03, 0x04],
  [],
];

const hostileBytes = fc
  .tuple(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 600 }))
  .map(([magic, tail]) => new Uint8Array([...magic, ...tail]));

describe('sniffing hostile bytes', () => {
  it('never throws, and names every refused file in words', async () => {
    await checkSeeds(
      'sniff',
      fc.property(hostileBytes, (bytes) => {
        const sniffed = sniff(bytes);
        if (sniffed.kind === 'refused') expect(sniffed.what.length).toBeGreaterThan(3);
        for (const mime of imageMimes) {
          const header = readImageHeader(bytes, mime);
          if (header) {
            expect(header.width).toBeGreaterThan(0);
            expect(header.orientation).toBeGreaterThanOrEqual(1);
            expect(header.orientation).toBeLessThanOrEqual(8);
          }
        }
      }),
      400,
    );
  });

  it('ingests any bytes to an attachment or a plain-words refusal, never a crash', async () => {
    await checkSeeds(
      'ingest',
      fc.asyncProperty(hostileBytes, fc.string({ maxLength: 40 }), async (bytes, name) => {
        try {
          const ingested = await ingestAttachment(bytes, name, { tokenCount: async (t) => t.length });
          expect(ingested.name.length).toBeGreaterThan(0);
          if (ingested.kind === 'image' && bytes.length <= 5 * 1024 ** 2) expect(ingested.bytes).toBe(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(ParleyError);
          expect((error as ParleyError).code).toBe('invalid_input');
          expect((error as ParleyError).message).toMatch(/^(That|Parley)/);
        }
      }),
      150,
      8,
    );
  }, 30_000);
});

describe('sanitising names', () => {
  it('keeps a label: one segment, no controls or direction marks, never empty, at most 255 characters', async () => {
    await checkSeeds(
      'names',
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 600, unit: 'binary' }),
          fc
            .array(fc.constantFrom('a', '/', '\\', '.', '\u202e', '\u0000', '\n', ' ', '😀', '\ud800', 'é'))
            .map((a) => a.join('')),
        ),
        (chosen) => {
          const name = sanitizeAttachmentName(chosen, 'text', '.txt');
          expect(name.length).toBeGreaterThan(0);
          expect([...name].length).toBeLessThanOrEqual(MAX_NAME_CHARS);
          // eslint-disable-next-line no-control-regex -- what must never remain
          expect(name).not.toMatch(/[/\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
          expect(name).not.toMatch(/^\s|\s$/);
          expect(name === '.' || name === '..').toBe(false);
          expect(() => encodeURIComponent(name)).not.toThrow(); // no lone surrogate
        },
      ),
      500,
    );
  });
});
