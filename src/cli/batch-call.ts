import type { ModelParameters } from '../shared/assistants.ts';
import { ParleyError } from '../shared/errors.ts';
import type { ChatRequest, LlmClient } from '../main/core/llm/client.ts';
import type { ChatMessageInput, Usage } from '../shared/llm-events.ts';
import type { ModelRef } from '../shared/providers.ts';
import type { BatchItem } from './batch-input.ts';
import type { BatchResult } from './batch-output.ts';

/**
 * One input line asked through the app's client (its rate limits, retries with backoff honouring
 * Retry-After, failover and connection pools), read into the line's result.
 */

export interface LineDefaults {
  client: LlmClient;
  /** The models to ask for a line (its own model, else the default), in failover order. */
  chain(model: string | undefined): ChatRequest['chain'];
  /** --system and the parameter flags: for lines that do not say. */
  system?: string;
  parameters: ModelParameters;
  cost(ref: ModelRef, usage: Usage): number | null;
  /**
   * The content filters' question gate over a line's messages: the messages to send (placeholders
   * where --redact), or a throw when a line is held (it is then not sent; its error says why).
   */
  guard(messages: ChatMessageInput[]): Promise<ChatMessageInput[]>;
}

function messagesOf(item: BatchItem, fallbackSystem: string | undefined): ChatMessageInput[] {
  const system = item.system ?? fallbackSystem;
  const hasOwn = item.messages.some((message) => message.role === 'system');
  return system && !hasOwn ? [{ role: 'system', content: system }, ...item.messages] : item.messages;
}

/** Asks one line; never throws (a failure is the result's `error`). */
export async function answerLine(
  item: BatchItem,
  defaults: LineDefaults,
  signal: AbortSignal,
): Promise<BatchResult> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  const result: BatchResult = {
    id: item.id,
    text: '',
    model: item.model ?? '',
    usage: null,
    costUsd: null,
    ttftMs: null,
    durationMs: 0,
    attempts: 1,
    error: null,
  };
  const texts: string[] = [];
  let answeredBy: ModelRef | null = null;
  try {
    const chain = defaults.chain(item.model);
    result.model = chain[0]!.model;
    const request: ChatRequest = {
      chain,
      messages: await defaults.guard(messagesOf(item, defaults.system)),
      parameters: { ...defaults.parameters, ...item.parameters },
    };
    for await (const batch of defaults.client.streamBatches(request, signal)) {
      for (const event of batch) {
        if (event.type === 'text') {
          result.ttftMs ??= elapsed();
          texts.push(event.text);
        } else if (event.type === 'usage') result.usage = event.usage;
        else if (event.type === 'retrying' || event.type === 'failover') result.attempts++;
        else if (event.type === 'finish') answeredBy = event.answeredBy;
        else if (event.type === 'error')
          result.error = { code: event.error.code, message: event.error.message };
      }
    }
  } catch (error) {
    // The line's model is not set up (the chain), or a bug: the line fails, the batch goes on.
    result.error =
      error instanceof ParleyError
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: `Something went wrong inside Parley: ${String(error)}` };
  }
  result.text = texts.join('');
  result.durationMs = elapsed();
  if (answeredBy) result.model = answeredBy.model;
  if (answeredBy && result.usage) result.costUsd = defaults.cost(answeredBy, result.usage);
  return result;
}
