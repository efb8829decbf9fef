import { ParleyError } from '../../../shared/errors.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import type { Authenticator } from './auth.ts';
import type { DispatcherPool } from './dispatchers.ts';
import { appError, classifyHttpFailure, type FailureContext } from './errors.ts';
import { classifyNetworkError } from './network-errors.ts';
import { readText, send, timeoutsFor, type HttpTimeouts } from './http.ts';

/** One JSON request to a provider (not a chat stream): its route, proxy, credentials and timeouts. */
export interface JsonCall {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Shorter limits than a chat's, where the call is a quick check. */
  timeouts?: HttpTimeouts;
  /** What to say when the reply is not JSON (`… sent a model list that could not be read.`). */
  unreadable?: string;
}

/**
 * Sends the call the way a chat request goes (the provider's proxy and credentials, a refreshed
 * OAuth token once after a 401) and returns the parsed reply; throws ParleyError in the same plain
 * words as a failed chat.
 */
export async function callJson(
  deps: { routes: DispatcherPool; auth: Authenticator },
  provider: ProviderConfig,
  call: JsonCall,
  signal?: AbortSignal,
): Promise<unknown> {
  const timeouts = call.timeouts ?? timeoutsFor(provider);
  let target: URL;
  try {
    target = new URL(call.url);
  } catch {
    throw new ParleyError(
      appError('bad_request', `The base URL of ${provider.name} is not a valid address.`),
    );
  }
  const route = await deps.routes.route(provider, target);
  for (let attempt = 0; ; attempt++) {
    const credentials = await deps.auth.credentials(provider, signal);
    const context: FailureContext = {
      providerName: provider.name,
      secrets: [...credentials.secrets, ...route.secrets],
      viaProxy: route.viaProxy,
    };
    let status: number;
    let text: string;
    let contentType: string | undefined;
    try {
      const reply = await send({
        url: call.url,
        method: call.method,
        headers: { ...call.headers, ...credentials.headers },
        body: call.body,
        dispatcher: route.dispatcher,
        signal,
        timeouts,
      });
      status = reply.status;
      contentType = reply.contentType;
      text = await readText(reply.body, 16 * 1024 * 1024);
    } catch (error) {
      if (signal?.aborted) throw new ParleyError(appError('cancelled', 'Stopped.'), { cause: error });
      throw new ParleyError(
        classifyNetworkError(error, { ...context, host: target.host, viaProxy: route.viaProxy, timeouts }),
      );
    }
    if (status === 401 && attempt === 0 && deps.auth.invalidate(provider)) continue;
    if (status < 200 || status >= 300)
      throw new ParleyError(classifyHttpFailure(status, contentType, text, context));
    try {
      return JSON.parse(text);
    } catch {
      const words = call.unreadable ?? 'a reply';
      throw new ParleyError(
        appError('server_error', `${provider.name} sent ${words} that could not be read.`),
      );
    }
  }
}
