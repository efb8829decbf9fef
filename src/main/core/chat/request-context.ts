import type { ConversationSettings, ModelParameters } from '../../../shared/assistants.ts';
import type { MessagePart } from '../../../shared/attachments.ts';
import type { ChatMessageInput } from '../../../shared/llm-events.ts';
import { countMessageTokens } from '../llm/tokens.ts';

/**
 * What one request sends besides its parameters: the conversation's system prompt first, then its
 * history cut to the last N messages (its history limit), then fitted to the model's context window
 * by leaving out the oldest messages, never the system prompt and never the newest ones (the message
 * being answered). Token counts are estimates (tokens.ts) with a margin, so a model whose window is
 * known is never sent more than it holds.
 */

/** A message as a request is planned: its text, and the attachments it carries (their bytes are read later, for what is sent). */
export interface PlannedMessage extends ChatMessageInput {
  attachments?: MessagePart[];
  /** Estimated tokens of `attachments` (images by the API's own rule, files by their text). */
  attachmentTokens?: number;
}

export interface ContextWindow {
  /** Tokens, or null when the model's window is unknown (then nothing is left out to fit). */
  contextWindow: number | null;
  /** The output budget reserved when the parameters set none. */
  defaultMaxOutput: number;
}

export interface ContextRequest {
  settings: Pick<ConversationSettings, 'systemPrompt' | 'historyLimit'> & { parameters: ModelParameters };
  /** The conversation's messages, oldest first; the last `keep` of them are always sent. */
  messages: PlannedMessage[];
  keep: number;
  window: ContextWindow;
  /** Count tokens even when the request clearly fits (the preview shows the count). */
  exact?: boolean;
}

export interface BuiltContext {
  messages: PlannedMessage[];
  /**
   * Estimated input tokens of `messages`; without `exact`, a request far inside its window is not
   * counted and this is an upper bound (its UTF-8 bytes).
   */
  inputTokens: number;
  /** Earlier messages sent (not counting the `keep` newest ones). */
  sentEarlier: number;
  /** Earlier messages the history limit skipped. */
  leftOutByLimit: number;
  /** Earlier messages left out to fit the window. */
  leftOutToFit: number;
  /** The window fitted to, when messages were left out for it. */
  fitTokens: number | null;
  /** Even the system prompt and the newest messages do not fit: the request would be refused. */
  tooLong: boolean;
}

/** What countMessageTokens adds once per request (the reply's priming), not per message. */
const PER_REPLY = 3;

/** Estimates run low for some tokenizers: keep this share of the window free. */
const SAFETY_MARGIN = 0.05;

export async function buildContext(request: ContextRequest): Promise<BuiltContext> {
  const { settings, window } = request;
  const keep = Math.min(request.keep, request.messages.length);
  const tail = request.messages.slice(request.messages.length - keep);
  let earlier = request.messages.slice(0, request.messages.length - keep);
  const all = earlier.length;
  if (settings.historyLimit !== null) earlier = earlier.slice(-settings.historyLimit);
  earlier = withoutLeadingAnswers(earlier);
  const leftOutByLimit = all - earlier.length;

  const system: PlannedMessage[] = settings.systemPrompt
    ? [{ role: 'system', content: settings.systemPrompt }]
    : [];
  const budget = inputBudget(window, settings.parameters);
  const bound = byteBound([...system, ...earlier, ...tail]);
  if (!request.exact && (budget === null || bound <= budget)) {
    // No tokenizer needed: a token is at least one byte, so this fits whatever the count.
    return fitted([...system, ...earlier, ...tail], bound, earlier.length, leftOutByLimit, 0, null, false);
  }
  // The newest earlier messages first, until the next one would not fit: older ones are never counted.
  let inputTokens = await countTokens([...system, ...tail]);
  const sizes = new Map<number, number>();
  let start = earlier.length;
  while (start > 0) {
    const size = (await countTokens([earlier[start - 1]!])) - PER_REPLY;
    if (budget !== null && inputTokens + size > budget) break;
    sizes.set(--start, size);
    inputTokens += size;
  }
  // An answer without the question it answers is left out with it.
  while (start < earlier.length && earlier[start]!.role === 'assistant') inputTokens -= sizes.get(start++)!;
  const kept = earlier.slice(start);
  const tooLong = budget !== null && inputTokens > budget;
  const fitTokens = start > 0 ? window.contextWindow : null;
  return fitted(
    [...system, ...kept, ...tail],
    inputTokens,
    kept.length,
    leftOutByLimit,
    start,
    fitTokens,
    tooLong,
  );
}

/** The messages' text tokens and their attachments' estimate. */
async function countTokens(messages: PlannedMessage[]): Promise<number> {
  return (await countMessageTokens(messages)) + attachmentTokensOf(messages);
}

function attachmentTokensOf(messages: PlannedMessage[]): number {
  return messages.reduce((sum, m) => sum + (m.attachmentTokens ?? 0), 0);
}

function fitted(
  messages: PlannedMessage[],
  inputTokens: number,
  sentEarlier: number,
  leftOutByLimit: number,
  leftOutToFit: number,
  fitTokens: number | null,
  tooLong: boolean,
): BuiltContext {
  return { messages, inputTokens, sentEarlier, leftOutByLimit, leftOutToFit, fitTokens, tooLong };
}

/** More tokens than any byte-level tokenizer makes of these messages (framing included), attachments at their estimate. */
function byteBound(messages: PlannedMessage[]): number {
  const text = messages.reduce((sum, m) => sum + 4 + Buffer.byteLength(m.content, 'utf8'), 3);
  return text + attachmentTokensOf(messages);
}

/** Tokens the input may take: the window less the output reserved and a margin; null when unknown. */
function inputBudget(window: ContextWindow, parameters: ModelParameters): number | null {
  if (window.contextWindow === null) return null;
  // Without an explicit limit, reserve the usual output but never more than a quarter of a small window.
  const reserved = parameters.maxOutputTokens ?? Math.min(window.defaultMaxOutput, window.contextWindow / 4);
  return Math.floor(window.contextWindow * (1 - SAFETY_MARGIN) - reserved);
}

function withoutLeadingAnswers(messages: PlannedMessage[]): PlannedMessage[] {
  let start = 0;
  while (start < messages.length && messages[start]!.role === 'assistant') start++;
  return messages.slice(start);
}
