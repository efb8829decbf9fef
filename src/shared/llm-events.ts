import type { ParameterName } from './assistants.ts';
import type { AppError } from './errors.ts';
import type { ModelRef } from './providers.ts';
import type { ImageDetail } from './attachments.ts';
import type { FilterFinding } from './filters.ts';
import type { AnswerRoute } from './routing.ts';
import type { ToolCall, ToolOutcome } from './tools.ts';

export type ProviderFilterFinding = Extract<FilterFinding, { source: 'provider' }>;

/** What the main-side client yields for one request. Plain data, so it can cross any transport. */
export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessageInput {
  role: ChatRole;
  /** The message's text (all of it when there are no `parts`). */
  content: string;
  /** A message with attachments: its content in order, with the bytes each API needs. */
  parts?: ChatInputPart[];
}

/** A message part as sent: each adapter maps these to its API's own blocks. */
export type ChatInputPart =
  | { type: 'text'; text: string }
  /** base64 of the stored image (already within the provider's limits). */
  | { type: 'image'; mime: string; data: string; detail?: ImageDetail }
  /** A text or code file: sent as text that carries its name. */
  | { type: 'file'; name: string; text: string }
  /** A PDF: sent natively where the model takes PDFs (base64 `data`), else as its extracted `text`. */
  | { type: 'pdf'; name: string; data: string; text: string }
  /** In an assistant message: a call the model made (its text parts before it are what it said first). */
  | { type: 'tool_call'; call: ToolCall }
  /** In an assistant message, after its calls: what one of them gave back. */
  | { type: 'tool_result'; callId: string; outcome: ToolOutcome };

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens?: number;
  /** True when the provider sent no usage and the numbers were estimated with a tokenizer. */
  estimated: boolean;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'other';

export type LlmEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'queued'; reason: 'requests' | 'tokens' | 'concurrency'; waitMs?: number }
  | { type: 'retrying'; attempt: number; maxAttempts: number; delayMs: number; error: AppError }
  | { type: 'failover'; from: ModelRef; to: ModelRef; error: AppError }
  /**
   * Before any text: parameters the model does not take (the capability table said so, or the provider
   * refused them with a 400 and the request was sent again without them). Each such event lists every
   * parameter left out of the request now being sent, so the last one is the one to keep.
   */
  | { type: 'adjusted'; dropped: ParameterName[] }
  /** `route`: how the answer found its model and key (absent from clients that do not route). */
  /** Before `finish` with reason `tool_calls`: every call of the turn, complete, in the model's order. */
  | { type: 'tool_calls'; calls: ToolCall[] }
  | { type: 'finish'; reason: FinishReason; answeredBy: ModelRef; route?: AnswerRoute }
  /** The provider's own filter stopped or marked the answer (Azure's content filter, a refusal). */
  | { type: 'filter'; finding: ProviderFilterFinding }
  /** Terminal. `interrupted` is true when answer text had already streamed (the partial text is kept). */
  | { type: 'error'; error: AppError; interrupted: boolean };
