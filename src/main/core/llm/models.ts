import { ParleyError } from '../../../shared/errors.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import { adapterFor } from './adapters/index.ts';
import type { Authenticator } from './auth.ts';
import type { DispatcherPool } from './dispatchers.ts';
import { appError, classifyHttpFailure, type FailureContext } from './errors.ts';
import { classifyNetworkError } from './network-errors.ts';
import { readText, send, timeoutsFor } from './http.ts';

/** Lists a provider's models; throws ParleyError in the same plain words as a failed chat. */
export async function listModels(
  deps: { routes: DispatcherPool; auth: Authenticator },
  provider: ProviderConfig,
  signal?: AbortSignal,
): Promise<string[]> {
  const adapter = adapterFor(provider.kind);
  const call = adapter.modelsCall(provider);
  const timeouts = timeoutsFor(provider);
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
        method: 'GET',
        headers: { ...call.headers, ...credentials.headers },
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
      return adapter.readModels(JSON.parse(text));
    } catch {
      throw new ParleyError(
        appError('server_error', `${provider.name} sent a model list that could not be read.`),
      );
    }
  }
}
