import type { ConversationSettings, ModelParameters } from '../../../shared/assistants.ts';
import type { ChatMessageInput } from '../../../shared/llm-events.ts';
import { countMessageTokens } from '../llm/tokens.ts';

/**
 * What one request sends besides its parameters: the conversation's system prompt first, then its
 * history cut to the last N messages (its history limit), then fitted to the model's context window
 * by leaving out the oldest messages, never the system prompt and never the newest ones (the message
 * being answered). Token counts are estimates (tokens.ts) with a margin, so a model whose window is
 * known is never sent more than it holds.
 */

export interface ContextWindow {
  /** Tokens, or null when the model's window is unknown (then nothing is left out to fit). */
  contextWindow: number | null;
  /** The output budget reserved when the parameters set none. */
  defaultMaxOutput: number;
}

export interface ContextRequest {
  settings: Pick<ConversationSettings, 'systemPrompt' | 'historyLimit'> & { parameters: ModelParameters };
  /** The conversation's messages, oldest first; the last `keep` of them are always sent. */
  messages: ChatMessageInput[];
  keep: number;
  window: ContextWindow;
}

export interface BuiltContext {
  messages: ChatMessageInput[];
  /** Estimated input tokens of `messages`. */
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

  const system: ChatMessageInput[] = settings.systemPrompt
    ? [{ role: 'system', content: settings.systemPrompt }]
    : [];
  const fixed = await countMessageTokens([...system, ...tail]);
  const sizes = await Promise.all(earlier.map((m) => countMessageTokens([m]).then((n) => n - 3)));
  let inputTokens = fixed + sizes.reduce((sum, n) => sum + n, 0);

  let start = 0;
  const budget = inputBudget(window, settings.parameters);
  if (budget !== null) {
    while (start < earlier.length && inputTokens > budget) {
      inputTokens -= sizes[start]!;
      start++;
      // An answer without the question it answers is dropped with it.
      while (start < earlier.length && earlier[start]!.role === 'assistant') inputTokens -= sizes[start++]!;
    }
  }
  const kept = earlier.slice(start);
  return {
    messages: [...system, ...kept, ...tail],
    inputTokens,
    sentEarlier: kept.length,
    leftOutByLimit,
    leftOutToFit: start,
    fitTokens: start > 0 ? window.contextWindow : null,
    tooLong: budget !== null && inputTokens > budget,
  };
}

/** Tokens the input may take: the window less the output reserved and a margin; null when unknown. */
function inputBudget(window: ContextWindow, parameters: ModelParameters): number | null {
  if (window.contextWindow === null) return null;
  // Without an explicit limit, reserve the usual output but never more than a quarter of a small window.
  const reserved = parameters.maxOutputTokens ?? Math.min(window.defaultMaxOutput, window.contextWindow / 4);
  return Math.floor(window.contextWindow * (1 - SAFETY_MARGIN) - reserved);
}

function withoutLeadingAnswers(messages: ChatMessageInput[]): ChatMessageInput[] {
  let start = 0;
  while (start < messages.length && messages[start]!.role === 'assistant') start++;
  return messages.slice(start);
}
