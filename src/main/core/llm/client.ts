import { randomUUID } from 'node:crypto';
import type { ModelParameters } from '../../../shared/assistants.ts';
import { ParleyError, type AppError } from '../../../shared/errors.ts';
import type { ChatMessageInput, LlmEvent } from '../../../shared/llm-events.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import { priceTable, type PriceTable } from '../metrics/prices.ts';
import type { MetricsSink } from '../metrics/request-metrics.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { Authenticator } from './auth.ts';
import { ChatRun } from './chat-stream.ts';
import { systemClock, type Clock } from './clock.ts';
import { DispatcherPool } from './dispatchers.ts';
import type { ModelOverrides } from './capabilities.ts';
import { appError } from './errors.ts';
import { eachEvent, type EventBatches } from './event-batches.ts';
import { listModels } from './models.ts';
import { moderate, type ModerationRequest } from './moderations.ts';
import { LimiterRegistry } from './rate-limit.ts';
import type { Env } from './system-proxy.ts';

/** The main-side streaming client: one request shape in, typed events out, for every provider kind. */

export interface ChatRequest {
  /** Provider and model to try, in order (failover moves down the chain). */
  chain: { provider: ProviderConfig; model: string }[];
  messages: ChatMessageInput[];
  /** Sampling and length; those a model does not take are dropped, with an `adjusted` event. */
  parameters?: ModelParameters;
  /** `cheapest-fit` tries the cheapest link whose context window holds the request first. */
  routing?: 'ordered' | 'cheapest-fit';
  requestId?: string;
  conversationId?: string | null;
}

export interface LlmClient {
  /** Never throws; ends with a `finish` or an `error` event. */
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<LlmEvent>;
  /** The same events as `stream`, a batch per network read: one asynchronous step per read, not per event. */
  streamBatches(request: ChatRequest, signal?: AbortSignal): AsyncIterable<LlmEvent[]>;
  /** Throws ParleyError. */
  listModels(provider: ProviderConfig, signal?: AbortSignal): Promise<string[]>;
  testConnection(
    provider: ProviderConfig,
  ): Promise<{ ok: true; models: string[] } | { ok: false; error: AppError }>;
  /** OpenAI's moderation endpoint at this provider; throws ParleyError. */
  moderate(
    provider: ProviderConfig,
    request: ModerationRequest,
    signal?: AbortSignal,
  ): ReturnType<typeof moderate>;
  /** Until when each of a provider's keys cools down after a 429 or a spent quota (only keys cooling now). */
  keyCooling(providerId: string): ReadonlyMap<number, number>;
  /** Stops every stream and closes every pooled connection. */
  close(): Promise<void>;
}

export interface LlmClientDeps {
  secrets: SecretStore;
  metrics?: MetricsSink;
  /** The current price table (the settings store owns edits); defaults to `defaultPrices`. */
  prices?: () => PriceTable;
  clock?: Clock;
  /** Where the system proxy is read from; defaults to `process.env`. */
  env?: Env;
  /** The person's corrections of the capability table (settings.modelOverrides). */
  modelOverrides?: () => ModelOverrides;
}

export function createLlmClient(deps: LlmClientDeps): LlmClient {
  const clock = deps.clock ?? systemClock;
  const shutdown = new AbortController();
  const routes = new DispatcherPool({ secrets: deps.secrets, env: deps.env });
  const auth = new Authenticator({ secrets: deps.secrets, clock, routes });
  const limiters = new LimiterRegistry(clock);
  const streamDeps = {
    clock,
    routes,
    auth,
    limiters,
    prices: deps.prices ?? (() => priceTable()),
    metrics: deps.metrics,
    modelOverrides: deps.modelOverrides ?? (() => ({})),
    shutdown: shutdown.signal,
  };

  const run = (request: ChatRequest, signal?: AbortSignal): EventBatches =>
    new ChatRun(
      streamDeps,
      {
        chain: request.chain,
        messages: request.messages,
        parameters: request.parameters ?? {},
        routing: request.routing,
        requestId: request.requestId ?? randomUUID(),
        conversationId: request.conversationId ?? null,
      },
      signal,
    ).batches();

  return {
    stream(request, signal) {
      return eachEvent(run(request, signal));
    },

    streamBatches(request, signal) {
      return run(request, signal);
    },

    listModels(provider, signal) {
      return listModels({ routes, auth }, provider, signal);
    },

    moderate(provider, request, signal) {
      return moderate({ routes, auth }, provider, request, signal);
    },

    async testConnection(provider) {
      try {
        return {
          ok: true,
          models: await listModels({ routes, auth }, provider, AbortSignal.timeout(30_000)),
        };
      } catch (error) {
        if (error instanceof ParleyError) return { ok: false, error: error.toJSON() };
        return {
          ok: false,
          error: appError('internal', 'The connection test failed unexpectedly.', { detail: String(error) }),
        };
      }
    },

    keyCooling(providerId) {
      return auth.rotation.cooling(providerId);
    },

    async close() {
      shutdown.abort();
      await routes.close();
    },
  };
}
