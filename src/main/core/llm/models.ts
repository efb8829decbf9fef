import type { ProviderConfig } from '../../../shared/providers.ts';
import { adapterFor } from './adapters/index.ts';
import type { Authenticator } from './auth.ts';
import type { DispatcherPool } from './dispatchers.ts';
import { callJson } from './json-call.ts';

/** Lists a provider's models; throws ParleyError in the same plain words as a failed chat. */
export async function listModels(
  deps: { routes: DispatcherPool; auth: Authenticator },
  provider: ProviderConfig,
  signal?: AbortSignal,
): Promise<string[]> {
  const adapter = adapterFor(provider.kind);
  const call = adapter.modelsCall(provider);
  const reply = await callJson(
    deps,
    provider,
    { ...call, method: 'GET', unreadable: 'a model list' },
    signal,
  );
  return adapter.readModels(reply);
}
