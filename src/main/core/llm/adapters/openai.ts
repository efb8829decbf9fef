import type { ChatMessageInput } from '../../../../shared/llm-events.ts';
import type { ProviderConfig } from '../../../../shared/providers.ts';
import { appError, classifyProviderError, readProviderError } from '../errors.ts';
import { dataUrl, fileAsText } from './parts.ts';
import { openAiTools, openAiTurns, readOpenAiToolCalls, type OpenAiTurnMessage } from './openai-tools.ts';
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

/** Chat Completions: OpenAI itself, Azure OpenAI deployments, and every OpenAI-compatible server. */

export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** A content part of Chat Completions (a message with attachments sends a list of them). */
export type WirePart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail: 'auto' | 'low' | 'high' } }
  | { type: 'file'; file: { filename: string; file_data: string } };

type WireMessage = { role: string; content: string | WirePart[] } | OpenAiTurnMessage;

/**
 * One part as Chat Completions takes it: images as data URLs with their detail; a PDF as a `file`
 * part where the model takes PDFs (`pdf`), else, like a text file, as text carrying its name.
 */
function wirePart(part: TextPart, pdf: boolean): WirePart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return {
        type: 'image_url',
        image_url: { url: dataUrl(part.mime, part.data), detail: part.detail ?? 'auto' },
      };
    case 'pdf':
      if (pdf)
        return {
          type: 'file',
          file: { filename: part.name, file_data: dataUrl('application/pdf', part.data) },
        };
      return { type: 'text', text: fileAsText(part) };
    case 'file':
      return { type: 'text', text: fileAsText(part) };
  }
}

/** A message's content: its text, or (with attachments) its parts in order. */
function wireContent(message: ChatMessageInput, pdf: boolean): string | WirePart[] {
  return message.parts?.length
    ? message.parts.flatMap((part) => (isToolPart(part) ? [] : [wirePart(part, pdf)]))
    : message.content;
}

/** A message as wire messages: one, or (an answer that used tools) its turns and their results. */
function wireMessages(message: ChatMessageInput, role: string, pdf: boolean): WireMessage[] {
  if (!usesTools(message)) return [{ role, content: wireContent(message, pdf) }];
  return openAiTurns(message.parts!);
}

/** The instructions before a message's own content (a text part of their own before its parts). */
function withInstructions(prefix: string, content: string | WirePart[]): string | WirePart[] {
  return typeof content === 'string'
    ? `${prefix}\n\n${content}`
    : [{ type: 'text', text: prefix }, ...content];
}

function chatUrl(provider: ProviderConfig, model: string): string {
  if (provider.kind === 'azure') {
    const version = encodeURIComponent(provider.apiVersion ?? DEFAULT_AZURE_API_VERSION);
    return joinUrl(
      provider.baseUrl,
      `openai/deployments/${encodeURIComponent(model)}/chat/completions?api-version=${version}`,
    );
  }
  return joinUrl(provider.baseUrl, 'chat/completions');
}

/** Places system instructions where this model wants them; `pdf`: the model takes PDFs as files. */
export function shapeMessages(
  messages: ChatMessageInput[],
  role: 'system' | 'developer' | 'user',
  pdf = false,
): WireMessage[] {
  if (role !== 'user')
    return messages.flatMap((message) =>
      wireMessages(message, message.role === 'system' ? role : message.role, pdf),
    );
  const instructions = messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content);
  const rest: WireMessage[] = messages
    .filter((message) => message.role !== 'system')
    .flatMap((message) => wireMessages(message, message.role, pdf));
  if (instructions.length === 0) return rest;
  const firstUser = rest.find((message) => message.role === 'user');
  const prefix = instructions.join('\n\n');
  if (firstUser) firstUser.content = withInstructions(prefix, firstUser.content as string | WirePart[]);
  else rest.unshift({ role: 'user', content: prefix });
  return rest;
}

/** Azure's filter annotations: the categories it filtered, each with its severity where it gives one. */
function filteredCategories(results: unknown): { category: string; severity?: string }[] {
  if (!isRecord(results)) return [];
  return Object.entries(results)
    .filter(([, value]) => isRecord(value) && value.filtered === true)
    .map(([category, value]) =>
      isRecord(value) && typeof value.severity === 'string'
        ? { category, severity: value.severity }
        : { category },
    );
}

/** Azure filtered the prompt (its `prompt_filter_results`): which categories, how severe. */
function readPromptFilter(results: unknown, state: StreamState): void {
  if (!Array.isArray(results)) return;
  const categories = results.flatMap((r) =>
    isRecord(r) ? filteredCategories(r.content_filter_results) : [],
  );
  if (categories.length > 0)
    state.filter({ source: 'provider', kind: 'filtered', categories, stage: 'prompt' });
}

function readUsage(usage: unknown, state: StreamState): void {
  if (!isRecord(usage)) return;
  const input = usage.prompt_tokens;
  const output = usage.completion_tokens;
  if (typeof input !== 'number' && typeof output !== 'number') return;
  const details = usage.completion_tokens_details;
  const reasoningTokens =
    isRecord(details) && typeof details.reasoning_tokens === 'number' ? details.reasoning_tokens : undefined;
  state.usage = {
    inputTokens: typeof input === 'number' ? input : 0,
    outputTokens: typeof output === 'number' ? output : 0,
    estimated: false,
  };
  if (reasoningTokens !== undefined) state.usage.reasoningTokens = reasoningTokens;
}

function readChoice(choice: Record<string, unknown>, part: unknown, state: StreamState): void {
  if (isRecord(part)) {
    const content = part.content;
    if (typeof content === 'string' && content.length > 0) state.text(content);
    // A model's refusal (structured outputs) is what it says instead of an answer: show it as the answer.
    const refusal = part.refusal;
    if (typeof refusal === 'string' && refusal.length > 0) {
      state.filter({ source: 'provider', kind: 'refusal', categories: [] });
      state.text(refusal);
    }
    const reasoning = part.reasoning_content ?? part.reasoning;
    if (typeof reasoning === 'string' && reasoning.length > 0) state.reasoning(reasoning);
    readOpenAiToolCalls(part.tool_calls, state);
  }
  const finish = choice.finish_reason;
  if (typeof finish === 'string') {
    state.finishReason = mapFinishReason(finish);
    if (state.finishReason === 'content_filter') {
      const categories = filteredCategories(choice.content_filter_results);
      const named = categories.map((c) => (c.severity ? `${c.category} (${c.severity})` : c.category));
      state.filterDetail = named.length ? `Filtered: ${named.join(', ')}` : null;
      state.filter({ source: 'provider', kind: 'filtered', categories, stage: 'completion' });
    }
  }
}

function readChunk(chunk: unknown, state: StreamState): void {
  if (!isRecord(chunk)) return;
  if (chunk.error !== undefined || chunk.object === 'error') {
    const info = readProviderError(chunk) ?? { message: 'unknown error' };
    state.error = classifyProviderError(info, state.context);
    return;
  }
  const choices = chunk.choices;
  if (Array.isArray(choices) && choices.length > 0) {
    const choice = choices[0];
    if (isRecord(choice)) readChoice(choice, choice.delta ?? choice.message, state);
  }
  if (chunk.usage) readUsage(chunk.usage, state);
  if (chunk.prompt_filter_results) readPromptFilter(chunk.prompt_filter_results, state);
}

export const openAiAdapter: ProviderAdapter = {
  chatCall(request: AdapterRequest): HttpCall {
    const caps = request.capabilities;
    const body: Record<string, unknown> = {
      model: request.model,
      messages: shapeMessages(request.messages, caps.instructionsRole, caps.inputs.pdf),
      stream: true,
    };
    if (caps.streamUsage) body.stream_options = { include_usage: true };
    if (request.tools?.length) body.tools = openAiTools(request.tools);
    const p = request.parameters;
    const fields: [string, unknown][] = [
      ['temperature', p.temperature],
      ['top_p', p.topP],
      [caps.tokenLimitParam, p.maxOutputTokens],
      ['presence_penalty', p.presencePenalty],
      ['frequency_penalty', p.frequencyPenalty],
      ['seed', p.seed],
      ['stop', p.stop],
      ['reasoning_effort', p.reasoningEffort],
    ];
    for (const [field, value] of fields) if (value !== undefined) body[field] = value;
    mergeExtraBody(body, request);
    return {
      url: chatUrl(request.provider, request.model),
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
    };
  },

  readEvent(message: SseMessage, state: StreamState): void {
    const data = message.data;
    if (data === '[DONE]') {
      state.done = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      state.error = appError(
        'server_error',
        `${state.context.providerName} sent a garbled piece of the answer.`,
        {
          detail: data.length > 200 ? `${data.slice(0, 200)}…` : data,
        },
      );
      return;
    }
    if (message.event === 'error' && isRecord(chunk) && chunk.error === undefined) chunk = { error: chunk };
    readChunk(chunk, state);
  },

  readReply(reply: unknown, state: StreamState): void {
    readChunk(reply, state);
    if (!state.error) state.done = true;
  },

  modelsCall(provider: ProviderConfig) {
    const url =
      provider.kind === 'azure'
        ? joinUrl(
            provider.baseUrl,
            `openai/models?api-version=${encodeURIComponent(provider.apiVersion ?? DEFAULT_AZURE_API_VERSION)}`,
          )
        : joinUrl(provider.baseUrl, 'models');
    return { url, headers: { accept: 'application/json' } };
  },

  readModels(reply: unknown): string[] {
    const data = isRecord(reply) ? (reply.data ?? reply.models) : undefined;
    if (!Array.isArray(data)) return [];
    return data
      .map((entry) => (isRecord(entry) ? (entry.id ?? entry.name) : entry))
      .filter((id): id is string => typeof id === 'string');
  },
};
