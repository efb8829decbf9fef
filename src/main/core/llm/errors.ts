import type { AppError, ErrorCode, ErrorParams, ErrorReason } from '../../../shared/errors.ts';
import { cleanDetail, redact } from './redact.ts';

// Not `import … from 'node:http'`: importing it as a module reads every export, and its lazy
// WebSocket getters then load Node's own undici (a fifth of a cold `parley ask`).
const { STATUS_CODES } = process.getBuiltinModule('node:http');

/**
 * Turns what providers, proxies and sockets report into one plain-words taxonomy. The provider's own
 * message is kept in `detail` (redacted and shortened); raw HTML never leaves this module.
 */

export function appError(
  code: ErrorCode,
  message: string,
  extra?: { detail?: string; status?: number; reason?: ErrorReason; params?: ErrorParams },
): AppError {
  const error: AppError = { code, message };
  if (extra?.detail) error.detail = extra.detail;
  if (extra?.status !== undefined) error.status = extra.status;
  if (extra?.reason) error.reason = extra.reason;
  if (extra?.params) error.params = extra.params;
  return error;
}

export function looksLikeHtml(contentType: string | undefined, body: string): boolean {
  if (contentType?.includes('text/html')) return true;
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(body);
}

/** A one-line summary of an HTML error page: its title or first heading, never the markup. */
export function summariseHtml(page: string, secrets: readonly string[] = []): string {
  const html = redact(page, secrets);
  const pick = (re: RegExp): string | undefined => re.exec(html)?.[1];
  const raw = pick(/<title[^>]*>([\s\S]*?)<\/title>/i) ?? pick(/<h1[^>]*>([\s\S]*?)<\/h1>/i) ?? '';
  const text = decodeEntities(raw.replace(/<[^>]*>/g, ' '));
  const summary = cleanDetail(text, secrets, 160);
  if (summary) return summary;
  const body = decodeEntities(
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/<[\s\S]*$/, ''),
  );
  return cleanDetail(body, secrets, 160) || 'an empty page';
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The fields providers put in their error bodies (OpenAI, Azure, Anthropic, most compatibles). */
export interface ProviderErrorInfo {
  message?: string;
  type?: string;
  code?: string;
  /** A numeric code some gateways (OpenRouter) send inside a mid-stream error object. */
  numericCode?: number;
}

export function readProviderError(value: unknown): ProviderErrorInfo | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const inner = record.error;
  if (typeof inner === 'string') return { message: inner };
  const source = inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : record;
  const info: ProviderErrorInfo = {};
  const message = source.message ?? source.detail ?? record.message ?? record.detail;
  if (typeof message === 'string') info.message = message;
  if (typeof source.type === 'string' && source.type !== 'error') info.type = source.type;
  if (typeof source.code === 'string') info.code = source.code;
  if (typeof source.code === 'number') info.numericCode = source.code;
  const inner2 = source.innererror;
  if (inner2 && typeof inner2 === 'object' && typeof (inner2 as Record<string, unknown>).code === 'string') {
    info.code ??= (inner2 as Record<string, string>).code;
    if ((inner2 as Record<string, string>).code === 'ResponsibleAIPolicyViolation')
      info.code = 'content_filter';
  }
  return info.message || info.type || info.code || info.numericCode !== undefined ? info : null;
}

export interface FailureContext {
  providerName: string;
  model?: string;
  secrets?: readonly string[];
  /** The request went through a proxy, which may be the one answering. */
  viaProxy?: boolean;
}

const CONTEXT_HINTS =
  /context_length_exceeded|maximum context length|context window|prompt is too long|too many tokens|reduce the length|string_above_max_length|tokens? exceeds?/i;
const CREDIT_HINTS =
  /insufficient_quota|exceeded your current quota|credit balance|billing|payment required|insufficient (?:balance|credits?|funds)|out of credits/i;
const KEY_HINTS =
  /invalid_api_key|incorrect api key|api key not valid|invalid (?:api[ -])?key|authentication_error|unauthori[sz]ed/i;
const FILTER_HINTS = /content_filter|content management policy|responsibleaipolicyviolation|safety system/i;

export function statusText(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

/** Classifies an error the provider reported, with an HTTP status or (mid-stream) without one. */
export function classifyProviderError(
  info: ProviderErrorInfo,
  context: FailureContext,
  status?: number,
  retryAfterMs?: number,
): AppError {
  const p = context.providerName;
  const detailParts = [info.message, info.code && info.code !== info.type ? info.code : undefined].filter(
    Boolean,
  );
  const detailText = detailParts.length ? cleanDetail(detailParts.join(' — '), context.secrets) : undefined;
  const signals = `${info.type ?? ''} ${info.code ?? ''} ${info.message ?? ''}`;
  const effective = status ?? info.numericCode ?? statusFromType(info.type);
  const params: ErrorParams = detailText ? { provider: p, said: detailText } : { provider: p };
  const extra = { detail: detailText, status, params };
  const when =
    retryAfterMs !== undefined ? ` Try again in ${formatWait(retryAfterMs)}.` : ' Try again shortly.';

  if (FILTER_HINTS.test(signals))
    return appError('content_filtered', `${p}'s content filter blocked this request or answer.`, extra);
  if (CREDIT_HINTS.test(signals) || effective === 402)
    return appError(
      'no_credit',
      `${p} says the account has no credit or quota left. Check billing for this key.`,
      extra,
    );
  if (CONTEXT_HINTS.test(signals) || effective === 413)
    return appError(
      'context_too_long',
      'The conversation is too long for this model. Start a new one, shorten it, or pick a model with a larger context.',
      extra,
    );
  if (effective === 401 || (KEY_HINTS.test(signals) && (effective === undefined || effective < 500)))
    return appError('bad_key', `${p} did not accept the API key. Check the key saved for this provider.`, {
      ...extra,
      reason: 'key_rejected',
    });
  if (effective === 403 || info.type === 'permission_error')
    return appError('bad_key', `${p} refused access with this key (it may lack permission for this model).`, {
      ...extra,
      reason: 'key_forbidden',
    });
  if (effective === 404 || /model_not_found|deploymentnotfound|not_found_error/i.test(signals)) {
    const model = context.model ? ` "${context.model}"` : '';
    return appError(
      'model_not_found',
      `${p} does not know the model${model}, or the address is wrong. Check the model name and the base URL.`,
      { ...extra, params: { ...params, model: context.model ?? '' } },
    );
  }
  if (effective === 429 || /rate_limit/i.test(signals))
    return appError(
      'rate_limited',
      `${p} is limiting how fast requests can be made.${when}`,
      retryAfterMs === undefined
        ? extra
        : { ...extra, reason: 'rate_wait', params: { ...params, waitMs: retryAfterMs } },
    );
  if (effective === 408)
    return appError('timeout', `${p} timed out while handling the request.`, {
      ...extra,
      reason: 'provider_timeout',
    });
  if (effective !== undefined && effective >= 500) {
    const overloaded = effective === 529 || /overloaded/i.test(signals);
    return appError(
      'server_error',
      `${p} ${overloaded ? 'is overloaded' : 'had a server error'}. Try again in a moment.`,
      { ...extra, reason: overloaded ? 'server_overloaded' : 'server_failed' },
    );
  }
  if (effective === 409)
    return appError('server_error', `${p} reported a conflict; it usually clears on a retry.`, {
      ...extra,
      reason: 'server_conflict',
    });
  if (effective !== undefined && effective >= 400)
    return appError('bad_request', `${p} refused the request as invalid.`, extra);
  // A mid-stream error with no status and no recognisable type: assume the server side failed.
  return appError('server_error', `${p} reported an error while answering.`, {
    ...extra,
    reason: 'server_mid_stream',
  });
}

function statusFromType(type: string | undefined): number | undefined {
  switch (type) {
    case 'invalid_request_error':
      return 400;
    case 'authentication_error':
      return 401;
    case 'permission_error':
      return 403;
    case 'not_found_error':
      return 404;
    case 'request_too_large':
      return 413;
    case 'rate_limit_error':
      return 429;
    case 'api_error':
    case 'server_error':
      return 500;
    case 'overloaded_error':
      return 529;
    default:
      return undefined;
  }
}

/** A wait or a timeout in words: "200 ms", "30 s", "2 min", "1 h" (windows word it the same way). */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.ceil(minutes / 60)} h`;
}

/** Classifies a non-2xx HTTP reply from its status and body (JSON, text or an HTML page). */
export function classifyHttpFailure(
  status: number,
  contentType: string | undefined,
  body: string,
  context: FailureContext,
  retryAfterMs?: number,
): AppError {
  if (status === 407)
    return appError(
      'proxy_failure',
      'The proxy asked for a username and password, or refused the ones given (407). Check the proxy settings.',
      { status, reason: 'proxy_auth' },
    );
  if (looksLikeHtml(contentType, body)) {
    const summary = summariseHtml(body, context.secrets);
    // API providers answer errors in JSON; a refusal as a web page on the way through a proxy is the proxy's.
    if (context.viaProxy && (status === 401 || status === 403))
      return appError(
        'proxy_failure',
        `The proxy refused the request (HTTP ${statusText(status)}). Check the proxy address, username and password.`,
        {
          detail: summary,
          status,
          reason: 'proxy_refused_status',
          params: { statusText: statusText(status) },
        },
      );
    const base = classifyProviderError({}, context, status, retryAfterMs);
    return {
      ...base,
      message: `${base.message} It sent an error page (HTTP ${statusText(status)}), perhaps from a proxy in between.`,
      detail: summary,
      status,
      params: { ...base.params, errorPage: statusText(status) },
    };
  }
  let info: ProviderErrorInfo | null;
  try {
    info = readProviderError(JSON.parse(body));
  } catch {
    info = body.trim() ? { message: body } : null;
  }
  return classifyProviderError(
    info ?? { message: `HTTP ${statusText(status)}` },
    context,
    status,
    retryAfterMs,
  );
}

export function cancelledError(): AppError {
  return appError('cancelled', 'Stopped.');
}
