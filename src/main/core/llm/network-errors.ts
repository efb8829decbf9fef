import type { AppError, ErrorParams, ErrorReason } from '../../../shared/errors.ts';
import { appError, formatWait, statusText, type FailureContext } from './errors.ts';
import { cleanDetail } from './redact.ts';

/** Failures of the connection itself, in the same plain-words taxonomy as the provider's own errors. */

export type NetworkPhase = 'connect' | 'headers' | 'body';

export interface NetworkContext extends FailureContext {
  host: string;
  viaProxy: boolean;
  timeouts: { connectMs: number; headersMs: number; idleMs: number };
}

function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessageOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (current instanceof Error) parts.push(current.message);
    else if (typeof current === 'string') parts.push(current);
    current = current && typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return parts.filter(Boolean).join(': ');
}

/** Classifies a failure of the connection itself: refused, reset, DNS, TLS, proxy, timeouts. */
export function classifyNetworkError(error: unknown, context: NetworkContext): AppError {
  const raw = errorMessageOf(error);
  // Some libraries (the SOCKS client) put the system error only in the message.
  const code = errorCodeOf(error) ?? /\b(E[A-Z]{4,})\b/.exec(raw)?.[1];
  const detail = cleanDetail(
    code && !raw.includes(code) ? `${code}: ${raw}` : raw || String(code ?? ''),
    context.secrets,
  );
  const p = context.providerName;
  const params: ErrorParams = { provider: p, host: context.host };
  const extra = (reason: ErrorReason, more?: ErrorParams) => ({
    detail,
    reason,
    params: more ? { ...params, ...more } : params,
  });
  const proxyWords = /socks|proxy/i.test(raw) || (error instanceof Error && /socks|proxy/i.test(error.name));

  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return appError(
        context.viaProxy ? 'proxy_failure' : 'timeout',
        context.viaProxy
          ? `Connecting through the proxy timed out after ${formatWait(context.timeouts.connectMs)}.`
          : `Connecting to ${context.host} timed out after ${formatWait(context.timeouts.connectMs)}.`,
        extra(context.viaProxy ? 'proxy_connect_timeout' : 'connect_timeout', {
          waitMs: context.timeouts.connectMs,
        }),
      );
    case 'UND_ERR_HEADERS_TIMEOUT':
      return appError(
        'timeout',
        `${p} did not start answering within ${formatWait(context.timeouts.headersMs)}.`,
        extra('headers_timeout', { waitMs: context.timeouts.headersMs }),
      );
    case 'UND_ERR_BODY_TIMEOUT':
      return appError(
        'timeout',
        `${p} went silent for ${formatWait(context.timeouts.idleMs)} in the middle of the answer.`,
        extra('idle_timeout', { waitMs: context.timeouts.idleMs }),
      );
  }
  if (proxyWords || (context.viaProxy && (code === 'ECONNREFUSED' || code === 'ENOTFOUND'))) {
    const proxy = proxySummary(raw, code);
    return appError(
      'proxy_failure',
      `The proxy failed: ${proxy.words}. Check the proxy settings.`,
      extra(proxy.reason, proxy.status ? { statusText: proxy.status } : undefined),
    );
  }
  switch (code) {
    case 'ECONNREFUSED':
      return appError(
        'network_unreachable',
        `Could not connect to ${context.host}: nothing accepted the connection.`,
        extra('connection_refused'),
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return appError(
        'network_unreachable',
        `Could not find the server ${context.host}. Check the base URL and the network.`,
        extra('host_not_found'),
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return appError(
        'network_unreachable',
        `The network cannot reach ${context.host} right now.`,
        extra('host_unreachable'),
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return appError(
        'network_unreachable',
        `The connection to ${context.host} was closed unexpectedly.`,
        extra('connection_closed'),
      );
  }
  if (code && (/^Z_/.test(code) || /BROTLI|ZSTD/.test(code)))
    return appError(
      'server_error',
      `${p} sent a compressed reply that could not be read.`,
      extra('unreadable_reply'),
    );
  if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code))
    return appError(
      'network_unreachable',
      `The secure connection to ${context.host} failed (certificate problem).`,
      extra('certificate'),
    );
  return appError(
    'network_unreachable',
    `The connection to ${context.host} failed.`,
    extra('connection_failed'),
  );
}

function proxySummary(
  raw: string,
  code: string | undefined,
): { words: string; reason: ErrorReason; status?: string } {
  if (/authentication|auth failed|407/i.test(raw))
    return { words: 'it refused the username or password', reason: 'proxy_credentials' };
  if (/refused|ECONNREFUSED/i.test(raw) || code === 'ECONNREFUSED')
    return { words: 'it could not be reached or refused the connection', reason: 'proxy_unreachable' };
  if (/timed? ?out/i.test(raw)) return { words: 'it did not respond in time', reason: 'proxy_timeout' };
  const status = /\((\d{3})\)/.exec(raw)?.[1];
  if (status)
    return {
      words: `it answered ${statusText(Number(status))}`,
      reason: 'proxy_status',
      status: statusText(Number(status)),
    };
  return { words: 'it closed or rejected the connection', reason: 'proxy_closed' };
}
