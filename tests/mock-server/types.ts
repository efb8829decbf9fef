/** A tool call the mock model makes: arguments as an object, or as raw text (to send invalid JSON). */
export interface MockToolCall {
  name: string;
  arguments?: Record<string, unknown> | string;
  id?: string;
}

/** What the next model request (chat completion or Anthropic message) should do. All fields optional. */
export interface MockScript {
  /** The model calls these tools (after `text`, when given); the turn ends with tool_calls / tool_use. */
  toolCalls?: MockToolCall[];
  /** Only a request for this model takes this script (requests for other models skip it). */
  forModel?: string;
  /** Only a request sent with this API key (any provider's key header) takes this script. */
  forKey?: string;
  /** Non-2xx: reply with that provider's error body for this status. */
  status?: number;
  errorMessage?: string;
  errorType?: string;
  errorCode?: string;
  /** Extra response headers (Retry-After, retry-after-ms, x-should-retry, x-ratelimit-*); they win over defaults. */
  headers?: Record<string, string>;
  /** With status: an HTML error page like a reverse proxy's (e.g. 502 Bad Gateway). */
  html?: boolean;
  delayBeforeHeadersMs?: number;
  /** The answer; default: a deterministic Markdown answer derived from the last user message. */
  text?: string;
  /** reasoning_content deltas (OpenAI-compatible, e.g. DeepSeek) / thinking blocks (Anthropic). */
  reasoning?: string;
  /** Characters (code points) of text per delta; default 4. */
  chunkSize?: number;
  /** Between deltas; default 15. */
  chunkDelayMs?: number;
  /** Stop sending after N deltas and keep the socket open; resume after stallMs (default: never). */
  stallAfterChunks?: number;
  stallMs?: number;
  /** Destroy the socket after N deltas. */
  dropAfterChunks?: number;
  /** Send one non-JSON data line after N deltas, then continue. */
  malformedAfterChunks?: number;
  /** Send the provider's in-stream error after N deltas, then end the response. */
  errorAfterChunks?: number;
  /** Write the response bytes in pieces of this size, so events and UTF-8 characters are split. */
  splitBytes?: number | 'random';
  lineEnding?: 'lf' | 'crlf' | 'cr';
  /** `data:{...}` instead of `data: {...}`. */
  noSpaceAfterColon?: boolean;
  /** `: keep-alive` comment lines between events. */
  keepAliveComments?: boolean;
  /** No `data: [DONE]` (OpenAI) / no `message_stop` (Anthropic). */
  omitDone?: boolean;
  /** Force the usage chunk on/off (default: on when stream_options.include_usage is true, as OpenAI does). */
  usage?: boolean;
  /** Azure content filter annotations (default on for Azure routes, off elsewhere). */
  contentFilter?: boolean;
  /** OpenAI/Azure: `content_filter` (Azure annotates the violence category); Anthropic: `stop_reason: "refusal"`. */
  finishReason?: 'stop' | 'length' | 'content_filter';
  /** OpenAI/Azure: the model refuses, in `refusal` deltas (or `message.refusal`) instead of content. */
  refusal?: string;
  /** Content-Encoding: gzip (the stream is flushed per event, so it still streams). */
  gzip?: boolean;
  /** Answer a stream:true request with a plain JSON completion. */
  jsonForStream?: boolean;
  /** Interleave deltas whose content is null (and a role-only first chunk with content null). */
  nullContentDeltas?: boolean;
}

export type ApiKind = 'openai' | 'azure' | 'anthropic' | 'oauth' | 'other';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, or the parsed form for OAuth, or the raw text, or undefined when empty. */
  body: unknown;
  api: ApiKind;
  /** When it arrived (Date.now()). */
  receivedAt: number;
}

export interface MockServer {
  /** http://127.0.0.1:PORT (OpenAI base URL is `${url}/v1`). */
  url: string;
  port: number;
  /** Each script is consumed by the next model request (chat/messages), FIFO; title requests aside. */
  enqueue(...scripts: MockScript[]): void;
  /**
   * Scripts for Parley's title requests (their own queue, FIFO). Unscripted, a title request is
   * answered with the conversation's first message as Parley titles it.
   */
  enqueueTitle(...scripts: MockScript[]): void;
  /** `/v1/moderations` flags any text containing `word` (case ignored) for these categories; `reset()` forgets. */
  flagModeration(word: string, categories: string[]): void;
  /** Replaces the runtime defaults (layered over the start-up defaults). */
  setDefaults(defaults: Partial<MockScript>): void;
  /** Clears the queue, recorded requests, runtime defaults and OAuth state (start-up defaults stay). */
  reset(): void;
  /** The next OAuth token issued gets this expires_in (seconds); later ones get the normal hour. */
  expireNextToken(seconds: number): void;
  /** Every request except title requests, in order. */
  readonly requests: RecordedRequest[];
  /** Parley's title requests, in order. */
  readonly titleRequests: RecordedRequest[];
  /** Model requests being answered now, and the most at once since the start (or the last reset). */
  readonly inFlight: { readonly now: number; readonly max: number };
  /** Closes even with stalled sockets open. */
  close(): Promise<void>;
}

export interface MockServerOptions {
  port?: number;
  apiKeys?: string[];
  defaults?: Partial<MockScript>;
  /**
   * Models (or Azure deployments) that take text only: an image part gets OpenAI's 400 ("Invalid
   * content type. image_url is only supported by certain models.") or Anthropic's. Models whose name
   * contains `text-only`, and gpt-3.5 / gpt-4, are text-only without being listed.
   */
  textOnlyModels?: string[];
}
