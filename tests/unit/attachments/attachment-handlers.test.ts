import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryAttachments } from '../../../src/main/core/attachments/memory-attachments.ts';
import { attachmentHandlers } from '../../../src/main/core/handlers/attachment-handlers.ts';
import { ChunkedUploads } from '../../../src/main/core/handlers/chunked-uploads.ts';
import { TempFiles } from '../../../src/main/core/store/temp-files.ts';
import type { CallContext } from '../../../src/main/core/rpc/bind-contract.ts';
import { makePdf } from './make-files.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-attach-handlers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('attachments.finish', () => {
  it('prepares files one at a time, in the order they finished arriving', async () => {
    const kept: string[] = [];
    const memory = new MemoryAttachments();
    const shelf = {
      put: (bytes: Uint8Array, meta: Parameters<MemoryAttachments['put']>[1]) => {
        kept.push(meta.name);
        return memory.put(bytes, meta);
      },
      read: () => ({ data: new Uint8Array(0), size: 0, mime: 'text/plain' }),
    };
    const handlers = attachmentHandlers({
      uploads: new ChunkedUploads(new TempFiles(dir)),
      attachments: shelf,
    });
    const ctx = {} as CallContext;
    const send = async (name: string, bytes: Uint8Array) => {
      const { uploadId } = await handlers['attachments.begin']({ name, totalBytes: bytes.length }, ctx);
      await handlers['attachments.chunk'](
        { uploadId, offset: 0, data: Buffer.from(bytes).toString('base64') },
        ctx,
      );
      return uploadId;
    };
    // A PDF takes far longer to prepare than a line of text: prepared side by side, the text would be kept first.
    const pdf = await send('long.pdf', makePdf(Array.from({ length: 40 }, (_, i) => `Page ${i + 1}`)));
    const text = await send('short.txt', new TextEncoder().encode('one line'));
    const refs = await Promise.all([
      handlers['attachments.finish']({ uploadId: pdf }, ctx),
      handlers['attachments.finish']({ uploadId: text }, ctx),
    ]);
    expect(refs.map((ref) => ref.name)).toEqual(['long.pdf', 'short.txt']);
    expect(kept).toEqual(['long.pdf', 'short.txt']);
    // A refusal does not stop the next in line.
    const zip = await send('a.zip', new TextEncoder().encode('PK\x03\x04'));
    const after = await send('after.txt', new TextEncoder().encode('still here'));
    const [refused, accepted] = await Promise.allSettled([
      handlers['attachments.finish']({ uploadId: zip }, ctx),
      handlers['attachments.finish']({ uploadId: after }, ctx),
    ]);
    expect(refused).toMatchObject({ status: 'rejected', reason: { reason: 'attachment_kind' } });
    expect(accepted).toMatchObject({ status: 'fulfilled', value: { name: 'after.txt' } });
  });
});
