/**
 * Properties of the attachment store's edges: any name becomes a safe file name on every OS, any
 * stored parts column reads as a list, and any bytes are stored once by their hash and read back
 * exactly. Fixed seed plus a printed random one (PARLEY_FUZZ_SEED replays it).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partsOf } from '../../../src/main/core/store/attachment-refs.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { safeAttachmentName } from '../../../src/main/core/store/safe-file-name.ts';
import { rawDb } from '../../fixtures/history-kit.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

const nameArb = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(
      fc.constantFrom('', '../', '..\\', 'C:\\', '/etc/', './'),
      fc.constantFrom('CON', 'nul', 'com1', 'LPT9', 'aux', 'prn', 'report', '.', '..', ' ', '報告'),
      fc.constantFrom('', '.txt', '.png.', '. ', '.tar.gz', '\u0000', '\u202e'),
    )
    .map(([a, b, c]) => a + b + c),
);

describe('attachment names in exports', () => {
  it('are never empty, never a path, never hold reserved characters or a reserved Windows name', async () => {
    await checkSeeds(
      'safeAttachmentName',
      fc.property(nameArb, (name) => {
        const safe = safeAttachmentName(name);
        expect(safe.length).toBeGreaterThan(0);
        // eslint-disable-next-line no-control-regex -- control characters are what must not be there
        expect(safe).not.toMatch(/[\\/:*?"<>|\u0000-\u001f\u007f]/);
        expect(safe).not.toMatch(/^[. ]|[. ]$/);
        expect(safe.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
        expect(safeAttachmentName(safe)).toBe(safe);
      }),
      500,
    );
  });
});

describe('a stored parts column', () => {
  it('always reads as a list (damage falls back to the message text)', async () => {
    await checkSeeds(
      'partsOf',
      fc.property(
        fc.string(),
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.constant(null),
          fc.jsonValue().map((v) => JSON.stringify([v, { type: 'text', text: 'x' }])),
          fc.constant('[null, 1, {"type": "image"}, {"type": "file", "attachment": null}]'),
        ),
        (content, column) => {
          const parts = partsOf(content, column);
          expect(parts.length).toBeGreaterThan(0);
          for (const part of parts) {
            if (part.type === 'text') expect(typeof part.text).toBe('string');
            else if ('attachment' in part) expect(typeof part.attachment.id).toBe('string');
            else expect.unreachable(`a ${part.type} part in a message without tools`);
          }
        },
      ),
      300,
    );
  });
});

describe('storing bytes', () => {
  let dataDir: string;
  let history: HistoryService;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-attachment-prop-'));
    history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
  });
  afterAll(() => {
    history.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps each distinct content once, under its SHA-256, and reads back the exact bytes', async () => {
    const seen = new Set<string>();
    await checkSeeds(
      'attachment put',
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { minLength: 1, maxLength: 6 }),
        fc.nat({ max: 10_000 }),
        (blobs, offset) => {
          for (const blob of blobs) {
            const ref = history.attachments.put(blob, { kind: 'text', name: 'f.txt', mime: 'text/plain' });
            expect(ref.id).toBe(createHash('sha256').update(blob).digest('hex'));
            expect(ref.size).toBe(blob.length);
            seen.add(ref.id);
            expect(history.attachments.bytes(ref.id).equals(Buffer.from(blob))).toBe(true);
            const at = offset % (blob.length + 1);
            expect(
              history.attachments.read(ref.id, at, 16).data.equals(Buffer.from(blob.subarray(at, at + 16))),
            ).toBe(true);
          }
        },
      ),
      40,
    );
    const raw = rawDb(dataDir);
    expect(Number((raw.prepare('SELECT count(*) AS n FROM attachments').get() as { n: number }).n)).toBe(
      seen.size,
    );
    raw.close();
  });
});
