import type { AttachmentChunk } from '../../../shared/attachments.ts';
import { ATTACHMENT_LIMITS } from '../../../shared/attachments.ts';
import type { Handlers } from '../rpc/bind-contract.ts';
import type { AttachmentKeeper } from '../attachments/attach-file.ts';
import { attachFile } from '../attachments/attach-file.ts';
import type { Ingest } from '../attachments/ingest-runner.ts';
import type { ChunkedUploads } from './chunked-uploads.ts';
import { attachmentUpload } from './upload-policies.ts';

/** The attachment store as these handlers use it: keep a file, read a stored one back in pieces. */
export interface AttachmentShelf extends AttachmentKeeper {
  read(id: string, offset: number, length: number): { data: Uint8Array; size: number; mime: string };
}

type AttachmentHandlers = Pick<Handlers, Extract<keyof Handlers, `attachments.${string}`>>;

/**
 * `attachments.*`: the bytes a person chose arrive in chunks (main never reads a path a window
 * names), are sniffed, checked and prepared by the ingest, and kept in the attachment store; a
 * stored attachment's bytes go back in chunks.
 */
export function attachmentHandlers(deps: {
  uploads: ChunkedUploads;
  attachments: AttachmentShelf;
  /** Where files are prepared (a worker thread in the app and the browser edition). */
  ingest?: Ingest;
}): AttachmentHandlers {
  const { uploads, attachments, ingest } = deps;
  // Files are prepared one at a time, in the order they finish arriving: a window that finishes many
  // large files at once cannot hold them all (and their decoded pixels) in memory together.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work, work);
    turn = run.catch(() => undefined);
    return run;
  };
  return {
    'attachments.begin': ({ name, totalBytes }) => ({
      uploadId: uploads.begin(attachmentUpload, name, totalBytes),
    }),
    'attachments.chunk': async ({ uploadId, offset, data }) => ({
      received: await uploads.chunk(attachmentUpload, uploadId, offset, data),
    }),
    'attachments.finish': ({ uploadId }) =>
      inTurn(async () => {
        const { bytes, name } = await uploads.take(attachmentUpload, uploadId);
        return (await attachFile(bytes, name, attachments, ingest)).ref;
      }),
    'attachments.read': ({ id, offset }): AttachmentChunk => {
      const { data, size, mime } = attachments.read(id, offset, ATTACHMENT_LIMITS.chunkBytes);
      return {
        data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
        size,
        mime,
        done: offset + data.byteLength >= size,
      };
    },
  };
}
