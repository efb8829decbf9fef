import type { AttachmentChoice, AttachmentRef, MessagePart } from '../../../shared/attachments.ts';
import { attachmentsOf } from '../../../shared/attachments.ts';
import { checkMessageAttachments } from '../attachments/refusals.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { StoredMessage } from '../../../shared/history.ts';
import type { ChatInputPart, ChatMessageInput } from '../../../shared/llm-events.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import { imageTokens, type ImageTokenRule } from '../llm/tokens.ts';
import type { PlannedMessage } from './request-context.ts';

/**
 * A message's attachments on their way to a model: the parts a new message is stored with (from the
 * ids the sender lists), their estimated tokens, and the bytes each part carries on the wire. Bytes
 * are read only for the messages a request sends, after the context window has been fitted.
 */

/** What the chat service reads from the attachment store (store/attachment-store.ts). */
export interface AttachmentReader {
  /** A stored attachment, with the text sent in its place (text files, PDFs); null when unknown. */
  get(id: string): (AttachmentRef & { text: string | null }) | null;
  /** Its stored bytes. */
  bytes(id: string): Uint8Array | Promise<Uint8Array>;
}

function missing(): ParleyError {
  return new ParleyError({
    code: 'not_found',
    reason: 'attachment_missing',
    message: 'An attached file is no longer stored in Parley. Attach it again.',
  });
}

/** A new message's parts: its text first (when there is any), then each attachment in the order listed. */
export function newMessageParts(
  content: string,
  choices: readonly AttachmentChoice[],
  reader: AttachmentReader | undefined,
): MessagePart[] | undefined {
  if (choices.length === 0) return undefined;
  const parts: MessagePart[] = content ? [{ type: 'text', text: content }] : [];
  for (const choice of choices) {
    const found = reader?.get(choice.id);
    if (!found) throw missing();
    // The part refers to the file; its text stays in the store.
    const { text: _text, ...attachment } = found;
    if (attachment.kind !== 'image') parts.push({ type: 'file', attachment });
    else
      parts.push(
        choice.detail ? { type: 'image', attachment, detail: choice.detail } : { type: 'image', attachment },
      );
  }
  checkMessageAttachments(attachmentsOf(parts).map((attachment) => attachment.size));
  return parts;
}

/** A stored message as a request plans it: its text, and its attachments when it has any. */
export function plannedMessage(message: StoredMessage): PlannedMessage {
  const parts = message.parts ?? [];
  const input: PlannedMessage = { role: message.role, content: message.content };
  if (parts.some((part) => part.type !== 'text')) input.attachments = parts;
  return input;
}

export function carriesImages(messages: readonly PlannedMessage[]): boolean {
  return messages.some((message) => message.attachments?.some((part) => part.type === 'image'));
}

/** How an API counts images: Anthropic its own way, every other kind as OpenAI does. */
export function imageRule(provider: Pick<ProviderConfig, 'kind'>): ImageTokenRule {
  return provider.kind === 'anthropic' ? 'anthropic' : 'openai';
}

/** Estimated tokens of a message's attachments under the costliest of `rules`. */
export function attachmentTokens(parts: readonly MessagePart[], rules: readonly ImageTokenRule[]): number {
  let most = 0;
  for (const rule of new Set(rules)) {
    let sum = 0;
    for (const part of parts) {
      if (part.type === 'image') sum += imageTokens(part.attachment, part.detail, rule);
      // A file goes as its text (a PDF also natively; its text is the estimate either way).
      else if (part.type === 'file') sum += part.attachment.tokens ?? Math.ceil(part.attachment.size / 4);
      // A tool call's arguments and a result's text go as text too (about 4 characters a token).
      else if (part.type === 'tool_call')
        sum += Math.ceil((part.call.name.length + part.call.arguments.length) / 4);
      else if (part.type === 'tool_result') sum += Math.ceil(part.outcome.text.length / 4);
    }
    most = Math.max(most, sum);
  }
  return most;
}

/** The messages a request sends, each attachment with the bytes (base64) or text its part carries. */
export async function withWireParts(
  messages: readonly PlannedMessage[],
  reader: AttachmentReader | undefined,
): Promise<ChatMessageInput[]> {
  const out: ChatMessageInput[] = [];
  for (const message of messages) {
    const input: ChatMessageInput = { role: message.role, content: message.content };
    if (message.attachments) {
      input.parts = [];
      for (const part of message.attachments) input.parts.push(await wirePart(part, reader));
    }
    out.push(input);
  }
  return out;
}

async function wirePart(part: MessagePart, reader: AttachmentReader | undefined): Promise<ChatInputPart> {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (part.type === 'tool_call') return { type: 'tool_call', call: part.call };
  if (part.type === 'tool_result') return { type: 'tool_result', callId: part.callId, outcome: part.outcome };
  const { attachment } = part;
  const found = reader?.get(attachment.id);
  if (!reader || !found) throw missing();
  if (part.type === 'image') {
    const data = await base64(reader, attachment.id);
    return part.detail
      ? { type: 'image', mime: attachment.mime, data, detail: part.detail }
      : { type: 'image', mime: attachment.mime, data };
  }
  const text = found.text ?? '';
  if (attachment.kind === 'pdf')
    return { type: 'pdf', name: attachment.name, data: await base64(reader, attachment.id), text };
  return { type: 'file', name: attachment.name, text };
}

async function base64(reader: AttachmentReader, id: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await reader.bytes(id);
  } catch (error) {
    throw error instanceof ParleyError ? error : missing();
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
