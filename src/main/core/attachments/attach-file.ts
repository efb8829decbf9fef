import type { AttachmentRef } from '../../../shared/attachments.ts';
import type { IngestedAttachment } from './ingest.ts';
import type { Ingest } from './ingest-runner.ts';
import { ingestHere } from './ingest-runner.ts';

/** What an ingested attachment is kept with (besides its bytes). */
export type AttachmentMeta = Omit<IngestedAttachment, 'bytes' | 'notice'>;

/** Where ingested attachments are kept (the attachment store): once each, by content hash. */
export interface AttachmentKeeper {
  put(bytes: Uint8Array, meta: AttachmentMeta): AttachmentRef | Promise<AttachmentRef>;
}

/**
 * A file a person chose, checked and prepared (ingest) and kept (the store): the one way in for the
 * app's uploads and the CLI's `--attach`. `notice` tells the person something in plain words (a PDF
 * without text).
 */
export async function attachFile(
  bytes: Uint8Array,
  chosenName: string,
  keeper: AttachmentKeeper,
  ingest: Ingest = ingestHere,
): Promise<{ ref: AttachmentRef; notice?: string }> {
  const { bytes: stored, notice, ...meta } = await ingest(bytes, chosenName);
  const ref = await keeper.put(stored, meta);
  return notice ? { ref, notice } : { ref };
}
