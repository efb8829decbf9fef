/** OpenAI Chat Completions: bodies, chunks, errors and headers as api.openai.com sends them. */
import type { MockScript, MockToolCall } from './types.ts';
import { openAiToolDeltas, openAiToolMessage } from './tool-calls.ts';
import { openAiToolProblem } from './tool-rules.ts';
import type { Exchange } from './http.ts';
import { header, openEventStream, sendJson } from './http.ts';
import { bearer, checkKey, maskKey } from './auth.ts';
import { composeAnswer, estimatePromptTokens, promptText } from './answer.ts';
import type { Answer } from './answer.ts';
import { chunkText, playStream } from './stream.ts';
import type { PlannedEvent, StreamPlan } from './stream.ts';
import { ids } from './ids.ts';
import { azureChoiceFilter, azurePromptFilter } from './azure-filter.ts';
import { openAiParameterProblem } from './parameter-rules.ts';
import { openAiContentProblem } from './content-rules.ts';

export interface OpenAiErrorFields {
  message: string;
  type: string | null;
  param: string | null;
  code: string | null;
}

const SERVER_ERROR = 'The server had an error while processing your request. Sorry about that!';

/** The body api.openai.com sends for a status, unless the script words it otherwise. */
export function openAiErrorFields(status: number, script: MockScript, model = 'gpt-4o'): OpenAiErrorFields {
  const base = ((): OpenAiErrorFields => {
    switch (status) {
      case 400:
        return { message: 'Invalid request.', type: 'invalid_request_error', param: null, code: null };
      case 401:
        return {
          message:
            'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        };
      case 403:
        return {
          message: 'Country, region, or territory not supported',
          type: 'request_forbidden',
          param: null,
          code: 'unsupported_country_region_territory',
        };
      case 404:
        return {
          message: `The model \`${model}\` does not exist or you do not have access to it.`,
          type: 'invalid_request_error',
          param: null,
          code: 'model_not_found',
        };
      case 429:
        return script.errorCode === 'insufficient_quota'
          ? {
              message:
                'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
              type: 'insufficient_quota',
              param: null,
              code: 'insufficient_quota',
            }
          : {
              message: `Rate limit reached for ${model} in organization org-parleymock on requests per min (RPM): Limit 10000, Used 10000, Requested 1. Please try again in 6ms. Visit https://platform.openai.com/account/rate-limits to learn more.`,
              type: 'requests',
              param: null,
              code: 'rate_limit_exceeded',
            };
      case 503:
        return {
          message: 'The engine is currently overloaded, please try again later.',
          type: 'server_error',
          param: null,
          code: null,
        };
      default:
        return status >= 500
          ? { message: SERVER_ERROR, type: 'server_error', param: null, code: null }
          : {
              message: `Request failed with status ${status}.`,
              type: 'invalid_request_error',
              param: null,
              code: null,
            };
    }
  })();
  return {
    message: script.errorMessage ?? base.message,
    type: script.errorType ?? base.type,
    param: base.param,
    code: script.errorCode ?? base.code,
  };
}

export function openAiHeaders(ex: Exchange, status: number, promptTokens = 0): Record<string, string> {
  const limited = status === 429;
  return {
    'x-request-id': ids.openAiRequest(ex.seq),
    'openai-version': '2020-10-01',
    'openai-organization': 'parley-mock',
    'openai-processing-ms': String(20 + (ex.seq % 40)),
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-remaining-requests': limited ? '0' : String(Math.max(0, 10000 - ex.served)),
    'x-ratelimit-reset-requests': limited ? '1s' : '6ms',
    'x-ratelimit-limit-tokens': '30000000',
    'x-ratelimit-remaining-tokens': String(30000000 - promptTokens),
    'x-ratelimit-reset-tokens': '0s',
  };
}

export function sendOpenAiError(
  ex: Exchange,
  status: number,
  fields: OpenAiErrorFields,
  script: MockScript,
  headers: Record<string, string> = openAiHeaders(ex, status),
): Promise<void> {
  return sendJson(ex, status, headers, { error: fields }, script);
}

/** The 401 OpenAI sends for a missing, wrong or expired key; undefined when the key is fine. */
export function refuseOpenAiKey(ex: Exchange): Promise<void> | undefined {
  const check = checkKey(bearer(header(ex.req, 'authorization')), ex.policy);
  if (check.ok) return undefined;
  const fields: OpenAiErrorFields =
    check.reason === 'missing'
      ? {
          message:
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
          type: 'invalid_request_error',
          param: null,
          code: null,
        }
      : check.reason === 'expired'
        ? {
            message: 'Your authentication token has expired. Please try signing in again.',
            type: 'invalid_request_error',
            param: null,
            code: 'token_expired',
          }
        : {
            message: `Incorrect API key provided: ${maskKey(check.key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          };
  return sendOpenAiError(ex, 401, fields, {});
}

/** Request-body problems OpenAI reports with 400/404, in its order of checking. */
export function openAiRequestError(
  ex: Exchange,
  needsModel: boolean,
  deployment?: string,
): { status: number; fields: OpenAiErrorFields } | undefined {
  const invalid = (message: string, param: string | null = null, code: string | null = null) => ({
    status: 400,
    fields: { message, type: 'invalid_request_error', param, code },
  });
  if (ex.badJson || typeof ex.body !== 'object' || ex.body === null) {
    return invalid(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    );
  }
  const body = ex.body as { model?: unknown; messages?: unknown };
  if (needsModel && (typeof body.model !== 'string' || !body.model))
    return invalid('you must provide a model parameter');
  if (!Array.isArray(body.messages)) {
    return invalid("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  if (typeof body.model === 'string' && body.model.startsWith('missing-')) {
    return { status: 404, fields: openAiErrorFields(404, {}, body.model) };
  }
  const tools = openAiToolProblem(ex.body);
  if (tools) return invalid(tools.message, tools.param, tools.code);
  const content = openAiContentProblem(ex.body, deployment ?? String(body.model), ex.textOnlyModels);
  if (content) return invalid(content.message, content.param, content.code);
  if (promptText(ex.body).includes('CONTEXT_TOO_LONG')) {
    return invalid(
      `This model's maximum context length is 128000 tokens. However, your messages resulted in ${128000 + estimatePromptTokens(ex.body)} tokens. Please reduce the length of the messages.`,
      'messages',
      'context_length_exceeded',
    );
  }
  const refused = openAiParameterProblem(
    ex.body as Record<string, unknown>,
    deployment ?? String(body.model),
  );
  if (refused) return invalid(refused.message, refused.param, refused.code);
  return undefined;
}

interface ChatRequestBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
}

/** The flavour of OpenAI-compatible server answering: OpenAI itself or Azure's wrapper. */
export interface ChatFlavour {
  azure: boolean;
  model: string;
  headers: Record<string, string>;
}

function usageOf(answer: Answer) {
  return {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    total_tokens: answer.promptTokens + answer.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: answer.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const FINGERPRINT = 'fp_mock0a1b2c';

function completionBody(
  ex: Exchange,
  answer: Answer,
  flavour: ChatFlavour,
  filter: boolean,
  refusal?: string,
  calls: MockToolCall[] = [],
) {
  const message = {
    role: 'assistant',
    content: refusal || (calls.length && !answer.text) ? null : answer.text,
    ...(calls.length ? { tool_calls: openAiToolMessage(ex.seq, calls) } : {}),
    ...(answer.reasoning ? { reasoning_content: answer.reasoning } : {}),
    refusal: refusal ?? null,
    annotations: [],
  };
  return {
    id: ids.chatCompletion(ex.seq),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: flavour.model,
    ...(filter ? { prompt_filter_results: azurePromptFilter() } : {}),
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: answer.finish,
        ...(filter ? { content_filter_results: azureChoiceFilter(answer.finish === 'content_filter') } : {}),
      },
    ],
    usage: usageOf(answer),
    ...(flavour.azure ? {} : { service_tier: 'default' }),
    system_fingerprint: FINGERPRINT,
  };
}

function streamPlan(
  ex: Exchange,
  answer: Answer,
  script: MockScript,
  flavour: ChatFlavour,
  filter: boolean,
  includeUsage: boolean,
): StreamPlan {
  const meta = {
    id: ids.chatCompletion(ex.seq),
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: flavour.model,
    ...(flavour.azure ? {} : { service_tier: 'default' }),
    system_fingerprint: FINGERPRINT,
  };
  const usageNull = includeUsage ? { usage: null } : {};
  let written = 0;
  const padding = () => (flavour.azure ? {} : { obfuscation: ids.obfuscation(ex.seq * 1000 + written++) });
  const chunk = (delta: object, finish: string | null = null, annotations?: object): string =>
    JSON.stringify({
      ...meta,
      choices: [
        {
          index: 0,
          delta,
          logprobs: null,
          finish_reason: finish,
          ...(filter && annotations ? { content_filter_results: annotations } : {}),
        },
      ],
      ...usageNull,
      ...padding(),
    });
  const size = script.chunkSize ?? 4;
  const events: PlannedEvent[] = [];
  if (filter) {
    // Azure's first frame: prompt annotations with empty choices and blank metadata.
    events.push({
      data: JSON.stringify({
        choices: [],
        created: 0,
        id: '',
        model: '',
        object: '',
        prompt_filter_results: azurePromptFilter(),
      }),
    });
  }
  const role = script.nullContentDeltas
    ? { role: 'assistant', content: null }
    : { role: 'assistant', content: '', refusal: null };
  events.push({ data: chunk(role, null, {}) });
  for (const piece of chunkText(answer.reasoning, size)) {
    events.push({ data: chunk({ content: null, reasoning_content: piece }), delta: true });
  }
  // A refusal (OpenAI's structured outputs) streams in `refusal` deltas instead of `content`.
  const field = script.refusal ? 'refusal' : 'content';
  for (const piece of chunkText(script.refusal ?? answer.text, size)) {
    events.push({ data: chunk({ [field]: piece }, null, azureChoiceFilter(false)), delta: true });
    if (script.nullContentDeltas) events.push({ data: chunk({ content: null }) });
  }
  for (const delta of openAiToolDeltas(ex.seq, script.toolCalls ?? [])) events.push({ data: chunk(delta) });
  events.push({
    data: chunk({}, answer.finish, answer.finish === 'content_filter' ? azureChoiceFilter(true) : {}),
  });
  if (includeUsage) {
    events.push({ data: JSON.stringify({ ...meta, choices: [], usage: usageOf(answer), ...padding() }) });
  }
  if (!script.omitDone) events.push({ data: '[DONE]' });
  const errorFields = { ...openAiErrorFields(500, script), type: script.errorType ?? 'server_error' };
  return {
    events,
    error: { data: JSON.stringify({ error: errorFields }) },
    malformed: {
      data: `{"id":"${meta.id}","object":"chat.completion.chunk","choices":[{"delta":{"content":`,
    },
  };
}

/** Answers a validated chat completion request, streaming or not. */
export async function answerChat(ex: Exchange, script: MockScript, flavour: ChatFlavour): Promise<void> {
  const body = ex.body as ChatRequestBody;
  const answer = composeAnswer({
    body: ex.body,
    script,
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    reasons: /reasoner|deepseek-r1/i.test(flavour.model),
  });
  const filter = script.contentFilter ?? flavour.azure;
  if (!body.stream || script.jsonForStream) {
    return sendJson(
      ex,
      200,
      flavour.headers,
      completionBody(ex, answer, flavour, filter, script.refusal, script.toolCalls),
      script,
    );
  }
  const includeUsage = script.usage ?? body.stream_options?.include_usage === true;
  const wire = openEventStream(ex, flavour.headers, script);
  await playStream(wire, streamPlan(ex, answer, script, flavour, filter, includeUsage), script, ex.signal);
}

/** POST /v1/chat/completions. */
export function handleOpenAiChat(ex: Exchange, script: MockScript): Promise<void> {
  const denied = refuseOpenAiKey(ex);
  if (denied) return denied;
  const problem = openAiRequestError(ex, true);
  if (problem) return sendOpenAiError(ex, problem.status, problem.fields, script);
  const model = (ex.body as ChatRequestBody).model!;
  return answerChat(ex, script, {
    azure: false,
    model,
    headers: openAiHeaders(ex, 200, estimatePromptTokens(ex.body)),
  });
}
