import { z } from 'zod';
import type { ToolCall, ToolOutcome } from './tools.ts';

/**
 * Attachments and message parts, as every side sees them. A message's content is a list of parts:
 * text, image, file, and an answer's tool calls and their results, in the order they came.
 */

/** What a file is, sniffed from its bytes (never its name): how it is shown and sent. */
export const attachmentKinds = ['image', 'text', 'pdf'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** Image types every API takes (after sniffing; anything else is refused in plain words). */
export const imageMimes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageMime = (typeof imageMimes)[number];

export const ATTACHMENT_LIMITS = {
  /** One file, as chosen (before any downscale). */
  maxFileBytes: 20 * 1024 * 1024,
  /** Everything attached to one message, as stored. */
  maxMessageBytes: 50 * 1024 * 1024,
  maxFilesPerMessage: 20,
  /** A text or code file's text, and a PDF's extracted text, in characters. */
  maxTextChars: 400_000,
  /** An image's longer side is scaled down to this (what the APIs use at most). */
  maxImageSide: 2048,
  /** An image's stored bytes after any downscale (Anthropic refuses more than 5 MB an image). */
  maxImageBytes: 5 * 1024 * 1024,
  /** Bytes per `attachments.chunk` / `attachments.readChunk` (base64 on the wire). */
  chunkBytes: 1024 * 1024,
} as const;

/** Content hash (SHA-256, lower-case hex) of the stored bytes: an attachment's id. */
export const attachmentIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'Not an attachment id.');

/** How much detail an image is sent with (OpenAI's `detail`; other APIs ignore it). */
export const imageDetails = ['auto', 'low', 'high'] as const;
export type ImageDetail = (typeof imageDetails)[number];

/** A stored attachment as messages refer to it. */
export interface AttachmentRef {
  id: string;
  kind: AttachmentKind;
  /** The file's name, sanitised (no folders, no control characters), at most 255 characters. */
  name: string;
  /** Sniffed: image/*, application/pdf, text/plain for text and code files (image/svg+xml for an SVG, a text file). */
  mime: string;
  /** Stored bytes. */
  size: number;
  /** Images: pixels as stored. */
  width?: number;
  height?: number;
  /** Text files and PDFs: estimated tokens of the text sent in their place (a PDF's extracted text). */
  tokens?: number;
}

/** One part of a message's content. */
export type MessagePart =
  | { type: 'text'; text: string }
  | { type: 'image'; attachment: AttachmentRef; detail?: ImageDetail }
  | { type: 'file'; attachment: AttachmentRef }
  /** An answer's call of a tool (`server`'s `tool`; the model's name for it is `call.name`). */
  | { type: 'tool_call'; call: ToolCall; server: string; tool: string }
  /** What the call gave back (or the refusal sent when the person denied it). */
  | { type: 'tool_result'; callId: string; outcome: ToolOutcome };

/**
 * An answer that uses tools streams its text into `content` and stores its parts only at each tool
 * call or result: the text that came since the last stored part is the answer's text beyond the
 * text parts stored so far (the text parts, joined as they came, begin `content`).
 */
export function textAfterParts(parts: readonly MessagePart[], content: string): string {
  const stored = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return content.startsWith(stored) ? content.slice(stored.length) : '';
}

/** An answer's parts as they read now: the stored ones, then the text streamed since the last of them. */
export function answerParts(parts: readonly MessagePart[], content: string): MessagePart[] {
  const text = textAfterParts(parts, content);
  return text ? [...parts, { type: 'text', text }] : [...parts];
}

/** True for the parts of an answer that called tools. */
export function usedTools(parts: readonly MessagePart[]): boolean {
  return parts.some((part) => part.type === 'tool_call' || part.type === 'tool_result');
}

/** The parts of a message that carry attachments (images and files). */
export function attachmentsOf(parts: readonly MessagePart[]): AttachmentRef[] {
  const refs: AttachmentRef[] = [];
  for (const part of parts) if (part.type === 'image' || part.type === 'file') refs.push(part.attachment);
  return refs;
}

/** The text of a message's parts (what search, titles, copies and Markdown exports use). */
export function textOfParts(parts: readonly MessagePart[]): string {
  return parts
    .filter((part): part is { type: 'text'; text: string } => part.type === 'text')
    .map((part) => part.text)
    .join('\n\n');
}

/** An attachment as the sender lists it: its id, and (images) the detail to send it with. */
export const attachmentChoiceSchema = z
  .object({ id: attachmentIdSchema, detail: z.enum(imageDetails).optional() })
  .strict();
export type AttachmentChoice = z.infer<typeof attachmentChoiceSchema>;

export const attachmentChoicesSchema = z
  .array(attachmentChoiceSchema)
  .max(
    ATTACHMENT_LIMITS.maxFilesPerMessage,
    `At most ${ATTACHMENT_LIMITS.maxFilesPerMessage} files a message.`,
  );

const chunkDataSchema = z.string().max(Math.ceil(ATTACHMENT_LIMITS.chunkBytes / 3) * 4 + 4);

/** `attachments.begin`: the bytes a person chose arrive in chunks; main never reads a path the renderer names. */
export const attachmentBeginSchema = z
  .object({
    /** The chosen file's name (shown and exported sanitised; never used as a path). */
    name: z.string().min(1).max(1024),
    /** Over the cap of one file: refused by main's upload policy, in plain words with its reason. */
    totalBytes: z.number().int().positive(),
  })
  .strict();

export const attachmentChunkSchema = z
  .object({ uploadId: z.string().uuid(), offset: z.number().int().min(0), data: chunkDataSchema })
  .strict();

export const attachmentFinishSchema = z.object({ uploadId: z.string().uuid() }).strict();

/** `attachments.read`: a stored attachment's bytes at `offset`, at most `chunkBytes`. */
export const attachmentReadSchema = z
  .object({ id: attachmentIdSchema, offset: z.number().int().min(0).default(0) })
  .strict();

export interface AttachmentChunk {
  /** base64 */
  data: string;
  /** Total stored bytes. */
  size: number;
  mime: string;
  done: boolean;
}
