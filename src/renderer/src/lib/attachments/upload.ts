import { ATTACHMENT_LIMITS } from '../../../../shared/attachments.ts';
import type { AttachmentRef } from '../../../../shared/attachments.ts';
import type { Api } from '../api.ts';
import { sendInChunks } from '../chunked-upload.ts';

/**
 * Hands a file's bytes to main (attachments.begin/chunk/finish), which sniffs, checks and stores
 * them once by content hash, and says what the file is.
 */
export async function uploadAttachment(
  api: Api,
  file: File,
  onFraction: (fraction: number) => void,
): Promise<AttachmentRef> {
  const { uploadId } = await api.call('attachments.begin', {
    name: file.name || 'file',
    totalBytes: file.size,
  });
  await sendInChunks(
    file,
    ATTACHMENT_LIMITS.chunkBytes,
    (offset, data) => api.call('attachments.chunk', { uploadId, offset, data }),
    onFraction,
  );
  return api.call('attachments.finish', { uploadId });
}
