/** Anthropic Messages API: bodies, SSE events, errors and headers as api.anthropic.com sends them. */
import type { MockScript, MockToolCall } from './types.ts';
import { anthropicToolBlock, anthropicToolUse } from './tool-calls.ts';
import { anthropicToolProblem } from './tool-rules.ts';
import type { Exchange } from './http.ts';
import { header, openEventStream, sendJson } from './http.ts';
import { checkKey } from './auth.ts';
import { composeAnswer, estimatePromptTokens, promptText } from './answer.ts';
import type { Answer, FinishReason } from './answer.ts';
import { chunkText, playStream } from './stream.ts';
import type { PlannedEvent, StreamPlan } from './stream.ts';
import { ids } from './ids.ts';
import { anthropicParameterProblem } from './parameter-rules.ts';
import { anthropicContentProblem, isTextOnly } from './content-rules.ts';

const ERROR_TYPES: Record<number, [type: string, message: string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  402: ['billing_error', 'Your credit balance is too low to access the Anthropic API.'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: [
    'rate_limit_error',
    'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
  ],
  500: ['api_error', 'Internal server error'],
  504: ['timeout_error', 'Request timeout'],
  529: ['overloaded_error', 'Overloaded'],
};

function errorFor(status: number, script: MockScript): { type: string; message: string } {
  const fallback: [string, string] =
    status >= 500
      ? ['api_error', 'Internal server error']
      : ['invalid_request_error', `Request failed with status ${status}.`];
  const [type, message] = ERROR_TYPES[status] ?? fallback;
  return { type: script.errorType ?? script.errorCode ?? type, message: script.errorMessage ?? message };
}

function anthropicHeaders(ex: Exchange, status: number, inputTokens = 0): Record<string, string> {
  const reset = new Date(Math.ceil(Date.now() / 60_000) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const limited = status === 429;
  const family = (name: string, limit: number, used: number) => ({
    [`anthropic-ratelimit-${name}-limit`]: String(limit),
    [`anthropic-ratelimit-${name}-remaining`]: limited ? '0' : String(Math.max(0, limit - used)),
    [`anthropic-ratelimit-${name}-reset`]: reset,
  });
  return {
    'request-id': ids.anthropicRequest(ex.seq),
    'anthropic-organization-id': '00000000-0000-4000-a000-00000000mock',
    ...family('requests', 4000, ex.served),
    ...family('tokens', 2_000_000, inputTokens),
    ...family('input-tokens', 2_000_000, inputTokens),
    ...family('output-tokens', 400_000, 0),
    via: '1.1 google',
  };
}

export function sendAnthropicError(
  ex: Exchange,
  status: number,
  error: { type: string; message: string },
  script: MockScript,
): Promise<void> {
  const body = { type: 'error', error, request_id: ids.anthropicRequest(ex.seq) };
  return sendJson(ex, status, anthropicHeaders(ex, status), body, script);
}

export function sendAnthropicScriptedError(ex: Exchange, status: number, script: MockScript): Promise<void> {
  return sendAnthropicError(ex, status, errorFor(status, script), script);
}

/** Missing/wrong key (401) or missing version header (400), as Anthropic checks them. */
function refuseAnthropicRequest(ex: Exchange): Promise<void> | undefined {
  const check = checkKey(header(ex.req, 'x-api-key'), ex.policy);
  if (!check.ok) {
    const message = check.reason === 'missing' ? 'x-api-key header is required' : 'invalid x-api-key';
    return sendAnthropicError(ex, 401, { type: 'authentication_error', message }, {});
  }
  if (!header(ex.req, 'anthropic-version')) {
    return sendAnthropicError(
      ex,
      400,
      { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
      {},
    );
  }
  return undefined;
}

const MODELS = [
  { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
  { id: 'claude-opus-4-1-20250805', display_name: 'Claude Opus 4.1', created_at: '2025-08-05T00:00:00Z' },
  { id: 'mock-model', display_name: 'Mock Model', created_at: '2025-01-01T00:00:00Z' },
];

/** GET /v1/models with x-api-key. */
export function handleAnthropicModels(ex: Exchange): Promise<void> {
  const refused = refuseAnthropicRequest(ex);
  if (refused) return refused;
  const data = MODELS.map((m) => ({ type: 'model', ...m }));
  return sendJson(ex, 200, anthropicHeaders(ex, 200), {
    data,
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  });
}

const STOP_REASONS: Record<FinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  content_filter: 'refusal',
  tool_calls: 'tool_use',
};

function usageOf(answer: Answer, outputTokens: number) {
  return {
    input_tokens: answer.promptTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

interface MessagesBody {
  model?: unknown;
  max_tokens?: unknown;
  messages?: unknown;
  stream?: boolean;
  thinking?: { type?: string };
}

function requestProblem(ex: Exchange): { status: number; message: string; type?: string } | undefined {
  if (ex.badJson || typeof ex.body !== 'object' || ex.body === null)
    return { status: 400, message: 'There was an error parsing the body of your request.' };
  const body = ex.body as MessagesBody;
  if (typeof body.model !== 'string' || !body.model) return { status: 400, message: 'model: Field required' };
  if (typeof body.max_tokens !== 'number') return { status: 400, message: 'max_tokens: Field required' };
  if (!Array.isArray(body.messages)) return { status: 400, message: 'messages: Field required' };
  if (body.model.startsWith('missing-'))
    return { status: 404, message: `model: ${body.model}`, type: 'not_found_error' };
  const content =
    anthropicToolProblem(body) ?? anthropicContentProblem(body, isTextOnly(body.model, ex.textOnlyModels));
  if (content) return { status: 400, message: content };
  if (promptText(ex.body).includes('CONTEXT_TOO_LONG')) {
    return {
      status: 400,
      message: `prompt is too long: ${200000 + estimatePromptTokens(ex.body)} tokens > 200000 maximum`,
    };
  }
  const refused = anthropicParameterProblem(ex.body as Record<string, unknown>);
  return refused ? { status: 400, message: refused } : undefined;
}

function messageBody(ex: Exchange, answer: Answer, model: string, calls: MockToolCall[] = []) {
  const content: object[] = [];
  if (answer.reasoning)
    content.push({ type: 'thinking', thinking: answer.reasoning, signature: ids.signature(ex.seq) });
  if (answer.text || !calls.length) content.push({ type: 'text', text: answer.text });
  calls.forEach((call, index) => content.push(anthropicToolUse(ex.seq, index, call)));
  return {
    id: ids.anthropicMessage(ex.seq),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: STOP_REASONS[answer.finish],
    stop_sequence: null,
    usage: usageOf(answer, answer.completionTokens),
  };
}

function streamPlan(ex: Exchange, answer: Answer, script: MockScript, model: string): StreamPlan {
  const ev = (type: string, payload: object = {}, delta = false): PlannedEvent => ({
    event: type,
    data: JSON.stringify({ type, ...payload }),
    delta,
  });
  const size = script.chunkSize ?? 4;
  const events: PlannedEvent[] = [
    ev('message_start', {
      message: {
        ...messageBody(ex, answer, model),
        content: [],
        stop_reason: null,
        usage: usageOf(answer, 1),
      },
    }),
  ];
  let index = 0;
  const block = (start: object, deltas: object[], extra: object[] = []) => {
    events.push(ev('content_block_start', { index, content_block: start }));
    if (index === 0) events.push(ev('ping'));
    for (const delta of deltas) events.push(ev('content_block_delta', { index, delta }, true));
    for (const delta of extra) events.push(ev('content_block_delta', { index, delta }));
    events.push(ev('content_block_stop', { index }));
    index++;
  };
  if (answer.reasoning) {
    block(
      { type: 'thinking', thinking: '', signature: '' },
      chunkText(answer.reasoning, size).map((thinking) => ({ type: 'thinking_delta', thinking })),
      [{ type: 'signature_delta', signature: ids.signature(ex.seq) }],
    );
  }
  const calls = script.toolCalls ?? [];
  if (answer.text || !calls.length)
    block(
      { type: 'text', text: '' },
      chunkText(answer.text, size).map((text) => ({ type: 'text_delta', text })),
    );
  for (const [position, call] of calls.entries()) {
    const tool = anthropicToolBlock(ex.seq, position, call);
    block(tool.start, [], tool.deltas);
  }
  events.push(
    ev('message_delta', {
      delta: { stop_reason: STOP_REASONS[answer.finish], stop_sequence: null },
      usage: usageOf(answer, answer.completionTokens),
    }),
  );
  if (!script.omitDone) events.push(ev('message_stop'));
  const error = errorFor(529, script);
  return {
    events,
    error: { event: 'error', data: JSON.stringify({ type: 'error', error: { details: null, ...error } }) },
    malformed: {
      event: 'content_block_delta',
      data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":',
    },
  };
}

/** POST /v1/messages. */
export async function handleAnthropicMessages(ex: Exchange, script: MockScript): Promise<void> {
  const refused = refuseAnthropicRequest(ex);
  if (refused) return refused;
  const problem = requestProblem(ex);
  if (problem)
    return sendAnthropicError(
      ex,
      problem.status,
      { type: problem.type ?? 'invalid_request_error', message: problem.message },
      script,
    );
  const body = ex.body as MessagesBody & { model: string; max_tokens: number };
  const answer = composeAnswer({
    body,
    script,
    maxTokens: body.max_tokens,
    reasons: body.thinking?.type === 'enabled',
  });
  const headers = anthropicHeaders(ex, 200, answer.promptTokens);
  if (!body.stream || script.jsonForStream)
    return sendJson(ex, 200, headers, messageBody(ex, answer, body.model, script.toolCalls), script);
  const wire = openEventStream(ex, headers, script);
  await playStream(wire, streamPlan(ex, answer, script, body.model), script, ex.signal);
}
