import type { ChatMessageInput } from '../../../../shared/llm-events.ts';
import type { ProviderConfig } from '../../../../shared/providers.ts';
import { appError, classifyProviderError, readProviderError } from '../errors.ts';
import { fileAsText } from './parts.ts';
import {
  anthropicTools,
  anthropicTurns,
  mergeTurns,
  readInputJsonDelta,
  readToolUseStart,
  type AnthropicTurnMessage,
} from './anthropic-tools.ts';
import { isToolPart, usesTools, type TextPart } from './tool-turns.ts';
import type { SseMessage } from '../sse.ts';
import {
  isRecord,
  joinUrl,
  mapFinishReason,
  mergeExtraBody,
  type AdapterRequest,
  type HttpCall,
  type ProviderAdapter,
  type StreamState,
} from './types.ts';

/** The Anthropic Messages API and its own stream events. */

export const ANTHROPIC_VERSION = '2023-06-01';

function apiUrl(provider: ProviderConfig, path: string): string {
  const base = provider.baseUrl.replace(/\/+$/, '');
  return joinUrl(/\/v1$/.test(base) ? base : `${base}/v1`, path);
}

/** A content block of the Messages API (a message with attachments sends a list of them). */
export type WireBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } }
  | {
      type: 'document';
      source: { type: 'base64'; media_type: 'application/pdf'; data: string };
      title: string;
    };

/** One part as a block: images as base64; a PDF as a `document` where the model takes PDFs, else as text. */
function wireBlock(part: TextPart, pdf: boolean): WireBlock {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: part.mime, data: part.data } };
    case 'pdf':
      if (pdf)
        return {
          type: 'document',
          source: { type: 'base64', media_type: 'application/pdf', data: part.data },
          title: part.name,
        };
      return { type: 'text', text: fileAsText(part) };
    case 'file':
      return { type: 'text', text: fileAsText(part) };
  }
}

/** A message's content: its text, or (with attachments) its blocks in order. */
function wireContent(message: ChatMessageInput, pdf: boolean): string | WireBlock[] {
  return message.parts?.length
    ? message.parts.flatMap((part) => (isToolPart(part) ? [] : [wireBlock(part, pdf)]))
    : message.content;
}

type WireMessage = { role: string; content: string | WireBlock[] } | AnthropicTurnMessage;

/** A message as wire messages: one, or (an answer that used tools) its turns and their results. */
function wireMessages(message: ChatMessageInput, pdf: boolean): WireMessage[] {
  if (usesTools(message)) return anthropicTurns(message.parts!);
  return [{ role: message.role, content: wireContent(message, pdf) }];
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function readUsage(usage: unknown, state: StreamState): void {
  if (!isRecord(usage)) return;
  const input =
    num(usage.input_tokens) + num(usage.cache_creation_input_tokens) + num(usage.cache_read_input_tokens);
  const previous = state.usage;
  state.usage = {
    // message_delta repeats or omits input_tokens; never let a later event lower what message_start said.
    inputTokens: Math.max(input, previous?.inputTokens ?? 0),
    outputTokens:
      typeof usage.output_tokens === 'number' ? usage.output_tokens : (previous?.outputTokens ?? 0),
    estimated: false,
  };
}

function readContentBlock(block: unknown, index: number, state: StreamState): void {
  if (!isRecord(block)) return;
  if (block.type === 'tool_use') readToolUseStart(index, block, state);
  if (block.type === 'text' && typeof block.text === 'string' && block.text) state.text(block.text);
  else if (block.type === 'thinking' && typeof block.thinking === 'string' && block.thinking)
    state.reasoning(block.thinking);
}

function blockIndex(event: Record<string, unknown>): number {
  return typeof event.index === 'number' ? event.index : 0;
}

function readError(value: unknown, state: StreamState): void {
  state.error = classifyProviderError(
    readProviderError(value) ?? { message: 'unknown error' },
    state.context,
  );
}

/** `refusal`: Claude's safety classifiers stopped the answer; said so, not a silent stop. */
function readStopReason(reason: string, state: StreamState): void {
  state.finishReason = mapFinishReason(reason);
  if (reason === 'refusal') state.filter({ source: 'provider', kind: 'refusal', categories: [] });
}

function readStreamEvent(event: Record<string, unknown>, state: StreamState): void {
  switch (event.type) {
    case 'content_block_delta': {
      const delta = event.delta;
      if (!isRecord(delta)) return;
      if (delta.type === 'text_delta' && typeof delta.text === 'string') {
        if (delta.text) state.text(delta.text);
      } else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') {
        if (delta.thinking) state.reasoning(delta.thinking);
      } else if (delta.type === 'input_json_delta') readInputJsonDelta(blockIndex(event), delta, state);
      return;
    }
    case 'content_block_start':
      readContentBlock(event.content_block, blockIndex(event), state);
      return;
    case 'message_start':
      if (isRecord(event.message)) readUsage(event.message.usage, state);
      return;
    case 'message_delta':
      if (isRecord(event.delta) && typeof event.delta.stop_reason === 'string')
        readStopReason(event.delta.stop_reason, state);
      readUsage(event.usage, state);
      return;
    case 'message_stop':
      state.done = true;
      return;
    case 'error':
      readError(event, state);
      return;
    default:
      // ping, content_block_stop and future event types carry nothing we show.
      return;
  }
}

/**
 * `max_tokens` is required. Thinking tokens count towards it and the budget must be below it, so
 * with a budget at or above the limit asked for, the answer keeps that limit on top of the budget.
 */
function outputLimit(request: AdapterRequest): number {
  const asked = request.parameters.maxOutputTokens ?? request.capabilities.defaultMaxOutput;
  const budget = request.parameters.thinkingBudget;
  return budget !== undefined && asked <= budget ? budget + asked : asked;
}

export const anthropicAdapter: ProviderAdapter = {
  chatCall(request: AdapterRequest): HttpCall {
    const system = request.messages
      .filter((message) => message.role === 'system')
      .map((message) => message.content)
      .join('\n\n');
    const p = request.parameters;
    const body: Record<string, unknown> = {
      model: request.model,
      max_tokens: outputLimit(request),
      messages: mergeTurns(
        request.messages
          .filter((message) => message.role !== 'system')
          .flatMap((message) => wireMessages(message, request.capabilities.inputs.pdf)),
      ),
      stream: true,
    };
    if (system) body.system = system;
    if (request.tools?.length) body.tools = anthropicTools(request.tools);
    // Anthropic takes 0..1 where OpenAI takes 0..2.
    if (p.temperature !== undefined) body.temperature = Math.min(1, Math.max(0, p.temperature));
    if (p.topP !== undefined) body.top_p = p.topP;
    if (p.stop !== undefined) body.stop_sequences = p.stop;
    if (p.thinkingBudget !== undefined) body.thinking = { type: 'enabled', budget_tokens: p.thinkingBudget };
    mergeExtraBody(body, request);
    return {
      url: apiUrl(request.provider, 'messages'),
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'anthropic-version': ANTHROPIC_VERSION,
      },
      body: JSON.stringify(body),
    };
  },

  readEvent(message: SseMessage, state: StreamState): void {
    let event: unknown;
    try {
      event = JSON.parse(message.data);
    } catch {
      state.error = appError(
        'server_error',
        `${state.context.providerName} sent a garbled piece of the answer.`,
        {
          detail: message.data.length > 200 ? `${message.data.slice(0, 200)}…` : message.data,
        },
      );
      return;
    }
    if (!isRecord(event)) return;
    if (message.event === 'error' && event.type !== 'error') readError(event, state);
    else readStreamEvent(event, state);
  },

  readReply(reply: unknown, state: StreamState): void {
    if (!isRecord(reply)) return;
    if (reply.type === 'error' || reply.error !== undefined) {
      readError(reply, state);
      return;
    }
    if (Array.isArray(reply.content))
      for (const [index, block] of reply.content.entries()) readContentBlock(block, index, state);
    if (typeof reply.stop_reason === 'string') readStopReason(reply.stop_reason, state);
    readUsage(reply.usage, state);
    state.done = true;
  },

  modelsCall(provider: ProviderConfig) {
    return {
      url: apiUrl(provider, 'models?limit=1000'),
      headers: { accept: 'application/json', 'anthropic-version': ANTHROPIC_VERSION },
    };
  },

  readModels(reply: unknown): string[] {
    const data = isRecord(reply) ? reply.data : undefined;
    if (!Array.isArray(data)) return [];
    return data
      .map((entry) => (isRecord(entry) ? entry.id : undefined))
      .filter((id): id is string => typeof id === 'string');
  },
};
