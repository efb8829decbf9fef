import { createHash } from 'node:crypto';
import type { AttachmentRef } from '../../../shared/attachments.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { AttachmentReader } from '../chat/attachment-parts.ts';
import type { AttachmentKeeper, AttachmentMeta } from './attach-file.ts';

type Kept = AttachmentRef & { text: string | null; data: Uint8Array };

/**
 * Attachments kept in memory for one send that is not saved (`parley ask --no-save`): the same ids
 * (SHA-256 of the bytes) and reads as the attachment store, gone when the process ends.
 */
export class MemoryAttachments implements AttachmentKeeper, AttachmentReader {
  readonly #kept = new Map<string, Kept>();

  put(bytes: Uint8Array, meta: AttachmentMeta): AttachmentRef {
    const id = createHash('sha256').update(bytes).digest('hex');
    const { text = null, ...ref } = { ...meta, id, size: bytes.byteLength };
    this.#kept.set(id, { ...ref, text, data: bytes });
    return ref;
  }

  get(id: string): (AttachmentRef & { text: string | null }) | null {
    const kept = this.#kept.get(id);
    if (!kept) return null;
    const { data: _data, ...stored } = kept;
    return stored;
  }

  bytes(id: string): Uint8Array {
    const kept = this.#kept.get(id);
    if (!kept) throw new ParleyError({ code: 'not_found', message: 'That attachment is not stored here.' });
    return kept.data;
  }
}
