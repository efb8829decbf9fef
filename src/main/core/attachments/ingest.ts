import type { AttachmentKind } from '../../../shared/attachments.ts';
import { ATTACHMENT_LIMITS } from '../../../shared/attachments.ts';
import { countTextTokens } from '../llm/tokens.ts';
import { fitImage } from './fit-image.ts';
import { readImageHeader } from './image-header.ts';
import { sanitizeAttachmentName } from './name.ts';
import { extractPdfText, textTooLong } from './pdf-text.ts';
import { attachmentRefusal, fileTooLarge } from './refusals.ts';
import { decodeText, sniff } from './sniff.ts';

/** A file as Parley attaches it: what it is (from its bytes), its name, its text, the bytes to store. */
export interface IngestedAttachment {
  kind: AttachmentKind;
  /** Sniffed: image/*, application/pdf, or text/plain (image/svg+xml: an SVG, still a text file). */
  mime: string;
  /** Sanitised: a label, never a path. */
  name: string;
  /** Images: pixels as shown (after any EXIF orientation and downscale). */
  width?: number;
  height?: number;
  /** Text files: their text; PDFs: their extracted text ('' when they have none); images: null. */
  text: string | null;
  /** Estimated tokens of `text`. */
  tokens?: number;
  /** The bytes to store: the chosen file's exact bytes, or an image scaled down to the limits. */
  bytes: Uint8Array;
  /** Something to tell the person (a PDF without text), in plain words. */
  notice?: string;
}

export interface IngestOptions {
  /** Token estimate of a text (defaults to the app's tokenizer). */
  tokenCount?: (text: string) => Promise<number>;
}

const extensions: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'image/svg+xml': '.svg',
};

export const NO_PDF_TEXT_NOTICE =
  'This PDF has no text (is it a scan?). Only a model that reads PDFs itself can see what it shows.';

/**
 * Checks and prepares a file a person chose: its type from its bytes, the size caps, a text file's
 * text and tokens, a PDF's text, an image's size (scaled down when over the limits). Refusals are
 * ParleyErrors in plain words that name the limit.
 */
export async function ingestAttachment(
  bytes: Uint8Array,
  chosenName: string,
  options: IngestOptions = {},
): Promise<IngestedAttachment> {
  const tokenCount = options.tokenCount ?? countTextTokens;
  if (bytes.length > ATTACHMENT_LIMITS.maxFileBytes) throw fileTooLarge();
  if (bytes.length === 0) throw attachmentRefusal('attachment_empty', 'That file is empty.');
  const sniffed = sniff(bytes);
  if (sniffed.kind === 'refused' && sniffed.legacyText)
    throw attachmentRefusal(
      'attachment_encoding',
      'That text file is not in UTF-8 (or UTF-16). Save it as UTF-8 and attach it again.',
    );
  if (sniffed.kind === 'refused')
    throw attachmentRefusal(
      'attachment_kind',
      `Parley cannot attach that kind of file (${sniffed.what}). It takes images (PNG, JPEG, GIF, WebP), PDFs and text files.`,
    );
  const name = sanitizeAttachmentName(chosenName, sniffed.kind, extensions[sniffed.mime] ?? '');
  if (sniffed.kind === 'image') {
    const header = readImageHeader(bytes, sniffed.mime);
    if (!header)
      throw attachmentRefusal('attachment_unreadable', 'That image could not be read: it is damaged.');
    const fitted = await fitImage(bytes, sniffed.mime, header);
    return {
      kind: 'image',
      mime: fitted.mime,
      name,
      width: fitted.width,
      height: fitted.height,
      text: null,
      bytes: fitted.bytes,
    };
  }
  if (sniffed.kind === 'pdf') {
    const text = await extractPdfText(bytes);
    return {
      kind: 'pdf',
      mime: sniffed.mime,
      name,
      text,
      tokens: await tokenCount(text),
      bytes,
      ...(text ? {} : { notice: NO_PDF_TEXT_NOTICE }),
    };
  }
  const text = decodeText(bytes, sniffed) ?? '';
  if (text.length > ATTACHMENT_LIMITS.maxTextChars) throw textTooLong(ATTACHMENT_LIMITS.maxTextChars);
  return { kind: 'text', mime: sniffed.mime, name, text, tokens: await tokenCount(text), bytes };
}
