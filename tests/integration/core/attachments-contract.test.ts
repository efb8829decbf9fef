import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src/shared/contract.ts';
import type { AttachmentRef } from '../../../src/shared/attachments.ts';
import { ATTACHMENT_LIMITS } from '../../../src/shared/attachments.ts';
import { dispatch } from '../../../src/main/core/rpc/bind-contract.ts';
import { dataFiles } from '../../../src/main/core/paths.ts';
import { sentParts } from '../../mock-server/content-rules.ts';
import { makePdf } from '../../unit/attachments/make-files.ts';
import { conversation, node } from '../../fixtures/chatgpt-export.ts';
import { recordingPeer, startCore, streamEnd, type CoreHarness } from './harness.ts';

/** The attachments.* requests through the contract, as a window (or a hostile page) sends them. */
const window = recordingPeer('attach-window');
let h: CoreHarness;
beforeAll(async () => {
  h = await startCore(window.peer, 'attachments');
});
afterAll(() => h.close());

/** A raw call: any input, the envelope as the transport would carry it. */
const raw = (name: string, input: unknown) =>
  dispatch(h.core.handlers, { name, input, peer: window.peer, trusted: true }) as Promise<Envelope<unknown>>;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function upload(bytes: Uint8Array, name: string, chunk = 256 * 1024): Promise<AttachmentRef> {
  const { uploadId } = await h.call('attachments.begin', { name, totalBytes: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunk)
    await h.call('attachments.chunk', {
      uploadId,
      offset,
      data: b64(bytes.subarray(offset, offset + chunk)),
    });
  return h.call('attachments.finish', { uploadId });
}

async function readBack(id: string): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let offset = 0, done = false; !done;) {
    const chunk = await h.call('attachments.read', { id, offset });
    pieces.push(Buffer.from(chunk.data, 'base64'));
    offset += pieces.at(-1)!.length;
    done = chunk.done;
  }
  return Buffer.concat(pieces);
}

/** A PNG of noise: incompressible, so it is over one read chunk yet within the image limits. */
function noisePng(side: number): Uint8Array {
  return new Uint8Array(PNG.sync.write({ width: side, height: side, data: randomBytes(side * side * 4) }));
}

describe('attachments through the contract', () => {
  it('stores a chosen file by content hash under a sanitised name, reads it back in chunks, and sends it', async () => {
    const png = noisePng(700);
    expect(png.length).toBeGreaterThan(ATTACHMENT_LIMITS.chunkBytes);
    const ref = await upload(png, '../../Downloads/\u202Egnp.exe\u0007');
    expect(ref).toEqual({
      id: createHash('sha256').update(png).digest('hex'),
      kind: 'image',
      name: 'gnp.exe',
      mime: 'image/png',
      size: png.length,
      width: 700,
      height: 700,
    });
    expect(Buffer.compare(await readBack(ref.id), Buffer.from(png))).toBe(0);

    h.mock.enqueue({ text: 'Noise.' });
    const { streamId } = await h.call('chat.send', {
      content: 'What is this?',
      attachments: [{ id: ref.id }],
    });
    expect((await streamEnd(window.events, streamId)).state).toBe('complete');
    const [, image] = sentParts(h.mock.requests.at(-1)!.body);
    expect(Buffer.compare((image as { bytes: Buffer }).bytes, Buffer.from(png))).toBe(0);

    const pdf = await upload(makePdf(['Minutes of the meeting']), 'minutes.pdf');
    expect(pdf).toMatchObject({ kind: 'pdf', mime: 'application/pdf', name: 'minutes.pdf' });
    expect(h.core.history.attachments.get(pdf.id)?.text).toBe('Minutes of the meeting');
    expect(pdf.tokens).toBeGreaterThan(0);
  });

  it('answers a hostile client with plain-words errors, never a crash, and leaves no files behind', async () => {
    const error = async (name: string, input: unknown) => {
      const envelope = await raw(name, input);
      if (envelope.ok) throw new Error(`${name} was accepted: ${JSON.stringify(input).slice(0, 80)}`);
      return envelope.error;
    };
    const { uploadId } = await h.call('attachments.begin', { name: 'notes.txt', totalBytes: 6 });
    const cases: [string, unknown, RegExp][] = [
      [
        'attachments.begin',
        { name: 'x', totalBytes: ATTACHMENT_LIMITS.maxFileBytes + 1 },
        /^That file is larger than 20 MB, more than Parley attaches\.$/,
      ],
      ['attachments.begin', { name: '', totalBytes: 1 }, /./],
      ['attachments.begin', { name: 'x', totalBytes: -1 }, /./],
      ['attachments.begin', { name: 'x', totalBytes: 1, path: '/etc/passwd' }, /./],
      ['attachments.chunk', { uploadId, offset: 3, data: b64(Buffer.from('abc')) }, /went missing/],
      ['attachments.chunk', { uploadId, offset: -1, data: '' }, /./],
      ['attachments.chunk', { uploadId, offset: 0, data: '!!!!' }, /arrived damaged/],
      [
        'attachments.chunk',
        { uploadId, offset: 0, data: b64(Buffer.from('abcdefg')) },
        /larger than announced/,
      ],
      ['attachments.chunk', { uploadId, offset: 0, data: 'A'.repeat(2_000_000) }, /./],
      ['attachments.chunk', { uploadId: randomUUID(), offset: 0, data: '' }, /no longer in progress/],
      ['attachments.chunk', { uploadId: 'not-a-uuid', offset: 0, data: '' }, /./],
      ['attachments.finish', { uploadId }, /did not arrive completely/],
      ['attachments.finish', { uploadId: randomUUID() }, /no longer in progress/],
      ['attachments.read', { id: 'a'.repeat(64), offset: 0 }, /./],
      ['attachments.read', { id: '../../history.sqlite', offset: 0 }, /./],
      ['attachments.read', { id: 'a'.repeat(64), offset: -5 }, /./],
    ];
    for (const [name, input, message] of cases) {
      const got = await error(name, input);
      expect(got.message, `${name} ${JSON.stringify(input).slice(0, 80)}`).toMatch(message);
      expect(['invalid_input', 'not_found']).toContain(got.code);
    }
    // The upload survived every bad chunk, and completes.
    await h.call('attachments.chunk', { uploadId, offset: 0, data: b64(Buffer.from('abc')) });
    await h.call('attachments.chunk', { uploadId, offset: 3, data: b64(Buffer.from('def')) });
    expect(await h.call('attachments.finish', { uploadId })).toMatchObject({
      kind: 'text',
      name: 'notes.txt',
      tokens: 1,
    });
    expect((await error('attachments.finish', { uploadId })).code).toBe('not_found');

    // A file of a kind Parley does not take is refused once it has arrived, by its bytes.
    const zip = Buffer.from('PK\x03\x04 a zip pretending to be a photo', 'latin1');
    const begun = await h.call('attachments.begin', { name: 'photo.png', totalBytes: zip.length });
    await h.call('attachments.chunk', { uploadId: begun.uploadId, offset: 0, data: b64(zip) });
    expect(await error('attachments.finish', { uploadId: begun.uploadId })).toMatchObject({
      code: 'invalid_input',
      reason: 'attachment_kind',
    });

    const temp = dataFiles(h.dataDir).temp;
    expect(existsSync(temp) ? readdirSync(temp) : []).toEqual([]);
    expect(await h.call('app.info', {})).toMatchObject({ edition: 'web' });
  });

  it('takes a ChatGPT import through the same chunked uploads, and keeps the two uses apart', async () => {
    const json = Buffer.from(
      JSON.stringify([
        conversation(
          'c-1',
          'Imported through chunks',
          [node('root', null, null, null), node('u', 'root', 'user', 'Hello from ChatGPT')],
          'u',
        ),
      ]),
    );
    const { importId } = await h.call('history.importBegin', {
      fileName: 'conversations.json',
      totalBytes: json.length,
    });
    // An attachment request cannot pick up an import's upload.
    const crossed = await raw('attachments.finish', { uploadId: importId });
    expect(crossed).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const half = Math.floor(json.length / 2);
    await h.call('history.importChunk', { importId, offset: 0, data: b64(json.subarray(0, half)) });
    await h.call('history.importChunk', { importId, offset: half, data: b64(json.subarray(half)) });
    await h.call('history.importFinish', { importId });
    for (
      let i = 0;
      i < 500 &&
      !window.events.some(
        (e) => e.name === 'history.importProgress' && (e.payload as { done: boolean }).done,
      );
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 10));
    const done = window.events.find(
      (e) => e.name === 'history.importProgress' && (e.payload as { done: boolean }).done,
    );
    expect(done?.payload).toMatchObject({ error: null, conversationsAdded: 1 });
    const titles = (await h.call('history.list', { limit: 50 })).items.map((c) => c.title);
    expect(titles).toContain('Imported through chunks');
  });
});
