import type { AttachmentRef } from '../../../shared/attachments.ts';
import type { IngestedAttachment, IngestOptions } from './ingest.ts';
import { ingestAttachment } from './ingest.ts';

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
  options: IngestOptions = {},
): Promise<{ ref: AttachmentRef; notice?: string }> {
  const { bytes: stored, notice, ...meta } = await ingestAttachment(bytes, chosenName, options);
  const ref = await keeper.put(stored, meta);
  return notice ? { ref, notice } : { ref };
}
