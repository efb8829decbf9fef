import type { ModelParameters } from '../../../../shared/assistants.ts';
import type { AppError } from '../../../../shared/errors.ts';
import type {
  ChatMessageInput,
  FinishReason,
  LlmEvent,
  ProviderFilterFinding,
  Usage,
} from '../../../../shared/llm-events.ts';
import type { ProviderConfig } from '../../../../shared/providers.ts';
import { reservedBodyFields } from '../../../../shared/request-extras.ts';
import type { ModelCapabilities } from '../capabilities.ts';
import type { FailureContext } from '../errors.ts';
import type { SseMessage } from '../sse.ts';
import type { ToolDefinition } from '../../../../shared/tools.ts';
import { ToolCallDrafts } from './tool-drafts.ts';

/** The one request shape every adapter accepts. */
export interface AdapterRequest {
  provider: ProviderConfig;
  model: string;
  messages: ChatMessageInput[];
  /** Tools the model may call (absent or empty: none offered). */
  tools?: ToolDefinition[];
  /** Only what the model takes (parameters.ts planned it); each adapter maps them to its API's fields. */
  parameters: ModelParameters;
  capabilities: ModelCapabilities;
}

/** An HTTP call an adapter wants made, without credentials (auth.ts adds those). */
export interface HttpCall {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * What an adapter learns from one response. Text and reasoning go to `events` as they are parsed;
 * usage, finish reason and in-stream errors are kept until the stream ends.
 */
export class StreamState {
  readonly events: LlmEvent[] = [];
  usage: Usage | null = null;
  finishReason: FinishReason | null = null;
  /** The provider's explicit end marker (`[DONE]`, `message_stop`) arrived. */
  done = false;
  error: AppError | null = null;
  /** Tool calls as they stream in (complete once the reply ends). */
  readonly tools = new ToolCallDrafts();
  /** A detail to attach when the answer ends by content filter (which categories fired). */
  filterDetail: string | null = null;
  readonly context: FailureContext;

  constructor(context: FailureContext) {
    this.context = context;
  }

  text(text: string): void {
    this.events.push({ type: 'text', text });
  }

  reasoning(text: string): void {
    this.events.push({ type: 'reasoning', text });
  }

  /** The provider's own filter or a refusal, told once per kind and stage. */
  filter(finding: ProviderFilterFinding): void {
    const key = `${finding.kind}:${finding.stage ?? ''}`;
    if (this.#filtersTold.has(key)) return;
    this.#filtersTold.add(key);
    this.events.push({ type: 'filter', finding });
  }

  readonly #filtersTold = new Set<string>();
}

export interface ProviderAdapter {
  /** The streaming chat call for this request. */
  chatCall(request: AdapterRequest): HttpCall;
  /** One server-sent event of a streaming reply. */
  readEvent(message: SseMessage, state: StreamState): void;
  /** A complete JSON reply (sent by some servers even when a stream was asked for). */
  readReply(reply: unknown, state: StreamState): void;
  /** The model-list call. */
  modelsCall(provider: ProviderConfig): { url: string; headers: Record<string, string> };
  readModels(reply: unknown): string[];
}

export function mapFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'stop':
    case 'end_turn':
    case 'stop_sequence':
    case 'eos':
      return 'stop';
    case 'length':
    case 'max_tokens':
    case 'model_length':
      return 'length';
    case 'content_filter':
    case 'refusal':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      return 'tool_calls';
    default:
      return 'other';
  }
}

/** `{base}/{path}` without doubled or missing slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** The provider's extra body JSON, then the model's (settings), over the mapped fields but never the reserved ones. */
export function mergeExtraBody(body: Record<string, unknown>, request: AdapterRequest): void {
  for (const extra of [request.provider.extraBody, request.capabilities.extraBody])
    for (const [field, value] of Object.entries(extra ?? {}))
      if (!reservedBodyFields.includes(field))
        Object.defineProperty(body, field, { value, enumerable: true, writable: true, configurable: true });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
