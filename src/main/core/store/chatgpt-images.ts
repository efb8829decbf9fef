import type { AttachmentRef, MessagePart } from '../../../shared/attachments.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { AttachmentKeeper } from '../attachments/attach-file.ts';
import { attachFile } from '../attachments/attach-file.ts';
import type { Ingest } from '../attachments/ingest-runner.ts';
import { sniff } from '../attachments/sniff.ts';
import type { ImageAssets } from './chatgpt-assets.ts';
import type { ImportedConversation } from './chatgpt-mapping.ts';
import { IMAGE_PLACEHOLDER } from './chatgpt-mapping.ts';

/**
 * The images an imported batch's messages show, stored as attachments (by the rules of an attached
 * file: type from the bytes, size caps, a too-large image scaled down) before the batch is written:
 * each message gets its parts in order, and an image the export lacks (or that is not an image
 * Parley takes) stays an `[image]` placeholder in its text. Only a full disk stops the import.
 */
export async function storeImportedImages(
  batch: ImportedConversation[],
  assets: ImageAssets,
  keeper: AttachmentKeeper,
  budget: { bytesLeft: number },
  ingest?: Ingest,
): Promise<void> {
  for (const conversation of batch) {
    for (const message of conversation.messages) {
      if (!message.pieces) continue;
      const parts: MessagePart[] = [];
      const texts: string[] = [];
      for (const piece of message.pieces) {
        const ref =
          typeof piece === 'string' ? null : await storeImage(piece.asset, assets, keeper, budget, ingest);
        if (ref) {
          parts.push({ type: 'image', attachment: ref });
          continue;
        }
        const text = typeof piece === 'string' ? piece : IMAGE_PLACEHOLDER;
        texts.push(text);
        const last = parts.at(-1);
        if (last?.type === 'text') last.text += `\n${text}`;
        else parts.push({ type: 'text', text });
      }
      message.content = texts.join('\n');
      if (parts.some((part) => part.type === 'image')) message.parts = parts;
    }
  }
}

async function storeImage(
  asset: string,
  assets: ImageAssets,
  keeper: AttachmentKeeper,
  budget: { bytesLeft: number },
  ingest?: Ingest,
): Promise<AttachmentRef | null> {
  const found = await assets.read(asset);
  if (!found || found.bytes.length > budget.bytesLeft || sniff(found.bytes).kind !== 'image') return null;
  budget.bytesLeft -= found.bytes.length;
  try {
    return (await attachFile(found.bytes, found.name, keeper, ingest)).ref;
  } catch (error) {
    if (error instanceof ParleyError && error.code === 'storage') throw error; // a full disk
    return null; // damaged or refused: the placeholder stays
  }
}
