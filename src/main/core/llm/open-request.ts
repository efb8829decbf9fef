import { ParleyError, type AppError } from '../../../shared/errors.ts';
import type { HttpCall } from './adapters/types.ts';
import type { Authenticator } from './auth.ts';
import type { Clock } from './clock.ts';
import type { DispatcherPool } from './dispatchers.ts';
import { appError, cancelledError, classifyHttpFailure, type FailureContext } from './errors.ts';
import type { KeyTurn } from './key-rotation.ts';
import { classifyNetworkError } from './network-errors.ts';
import { readText, send, timeoutsFor, type HeaderBag, type HttpReply, type HttpTimeouts } from './http.ts';
import { refusedField } from './parameters.ts';
import { retryAfterMs } from './retry.ts';
import type { ChainLink } from './routing.ts';

/** One attempt's request, from credentials and route up to the response headers. */

export interface OpenDeps {
  clock: Clock;
  routes: DispatcherPool;
  auth: Authenticator;
}

/** Why an attempt (or a whole link) failed, with what the retry policy and rate limiter read from it. */
export interface Failure {
  error: AppError;
  status?: number;
  headers?: HeaderBag;
  /** A 401 that fresh OAuth credentials might cure. */
  unauthorized?: boolean;
  /** The request field a 400 names as unsupported (`temperature`, `thinking.budget_tokens`…). */
  refusedField?: string;
}

/** Where the request went, for naming a network failure while the body is read. */
export interface NetworkInfo {
  host: string;
  viaProxy: boolean;
  timeouts: HttpTimeouts;
}

/** A 2xx reply whose body is still to be read. */
export interface OpenReply {
  reply: HttpReply;
  context: FailureContext;
  network: NetworkInfo;
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

/**
 * Sends the call; a non-2xx reply is read and classified here, so the caller gets a body only to stream.
 * `keys` picks the API key when the provider has several (key-rotation.ts).
 */
export async function openRequest(
  deps: OpenDeps,
  link: ChainLink,
  call: HttpCall,
  reasoning: boolean,
  signal: AbortSignal,
  keys?: KeyTurn,
): Promise<OpenReply | { failure: Failure }> {
  const provider = link.provider;
  const timeouts = timeoutsFor(provider, reasoning);
  let target: URL;
  try {
    target = new URL(call.url);
  } catch {
    return {
      failure: {
        error: appError('bad_request', `The base URL of ${provider.name} is not a valid address.`),
      },
    };
  }
  const network: NetworkInfo = { host: target.host, viaProxy: false, timeouts };
  const context: FailureContext = { providerName: provider.name, model: link.model, secrets: [] };
  try {
    const route = await deps.routes.route(provider, target);
    network.viaProxy = route.viaProxy;
    context.viaProxy = route.viaProxy;
    const credentials = await deps.auth.credentials(provider, signal, keys);
    // Every secret that went into the request is redacted from any error detail built from the reply.
    context.secrets = [...credentials.secrets, ...route.secrets];
    const reply = await send({
      url: call.url,
      method: 'POST',
      headers: { ...call.headers, ...credentials.headers },
      body: call.body,
      dispatcher: route.dispatcher,
      signal,
      timeouts,
    });
    if (reply.status >= 200 && reply.status < 300) return { reply, context, network };
    const text = await readText(reply.body);
    const error = classifyHttpFailure(
      reply.status,
      reply.contentType,
      text,
      context,
      retryAfterMs(reply.headers, deps.clock.now()),
    );
    return {
      failure: {
        error,
        status: reply.status,
        headers: reply.headers,
        unauthorized: reply.status === 401,
        refusedField: refusedField(provider.kind, reply.status, text) ?? undefined,
      },
    };
  } catch (error) {
    if (isAbort(error, signal)) return { failure: { error: cancelledError() } };
    if (error instanceof ParleyError) return { failure: { error: error.toJSON() } };
    return { failure: { error: classifyNetworkError(error, { ...context, ...network }) } };
  }
}
