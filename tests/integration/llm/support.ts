import { createLlmClient, type ChatRequest, type LlmClient } from '../../../src/main/core/llm/client.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import type { Clock } from '../../../src/main/core/llm/clock.ts';
import { collect } from '../../unit/llm/support.ts';

export { collect, last, ofType, reasoningOf, textOf, InstantClock } from '../../unit/llm/support.ts';

export const API_KEY = 'sk-integration-key-5555';

export interface TestClient {
  client: LlmClient;
  secrets: MemorySecretStore;
  metrics: RequestMetrics[];
  ask(
    provider: ProviderConfig,
    extra?: Partial<ChatRequest>,
    signal?: AbortSignal,
  ): ReturnType<typeof collect>;
}

/** A client with the test key saved for every provider id used in these tests. */
export async function testClient(
  options: { clock?: Clock; env?: Record<string, string | undefined> } = {},
): Promise<TestClient> {
  const secrets = new MemorySecretStore();
  for (const id of ['mock-openai', 'mock-azure', 'mock-anthropic', 'mock-compatible'])
    await secrets.set(id, API_KEY);
  const metrics: RequestMetrics[] = [];
  const client = createLlmClient({
    secrets,
    metrics: (record) => metrics.push(record),
    clock: options.clock,
    env: options.env ?? {},
  });
  return {
    client,
    secrets,
    metrics,
    ask: (provider, extra = {}, signal) =>
      collect(
        client.stream(
          {
            chain: [{ provider, model: provider.models[0] ?? 'gpt-4o' }],
            messages: [{ role: 'user', content: 'Tell me about streams' }],
            ...extra,
          },
          signal,
        ),
      ),
  };
}

export function mockProvider(
  url: string,
  kind: ProviderConfig['kind'],
  overrides: Partial<ProviderConfig> = {},
): ProviderConfig {
  const base: Record<
    ProviderConfig['kind'],
    { id: string; name: string; baseUrl: string; models: string[] }
  > = {
    openai: { id: 'mock-openai', name: 'MockAI', baseUrl: `${url}/v1`, models: ['gpt-4o'] },
    'openai-compatible': {
      id: 'mock-compatible',
      name: 'Compatible',
      baseUrl: `${url}/v1`,
      models: ['mock-model'],
    },
    azure: { id: 'mock-azure', name: 'Azure', baseUrl: url, models: ['my-deployment'] },
    anthropic: { id: 'mock-anthropic', name: 'Claude', baseUrl: url, models: ['claude-3-5-haiku-latest'] },
  };
  return {
    ...base[kind],
    kind,
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    maxRetries: 0,
    ...overrides,
  };
}
