import { randomUUID } from 'node:crypto';
import type { ModelParameters } from '../../../shared/assistants.ts';
import { ParleyError, type AppError } from '../../../shared/errors.ts';
import type { ChatMessageInput, LlmEvent } from '../../../shared/llm-events.ts';
import type { ModelRef, ProviderConfig } from '../../../shared/providers.ts';
import type { RoutingMode } from '../../../shared/routing.ts';
import type { LinkHealthView } from '../../../shared/routing-health.ts';
import type { ToolDefinition } from '../../../shared/tools.ts';
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
import type { BreakerSettings } from './circuit-breaker.ts';
import { LinkHealth } from './link-health.ts';
import { LimiterRegistry } from './rate-limit.ts';
import type { ModelQuality } from './route-chain.ts';
import type { Env } from './system-proxy.ts';

/** The main-side streaming client: one request shape in, typed events out, for every provider kind. */

export interface ChatRequest {
  /** Provider and model to try, in order (failover moves down the chain). */
  chain: { provider: ProviderConfig; model: string }[];
  messages: ChatMessageInput[];
  /** Tools the model may call; its calls end the stream with a `tool_calls` event (tool-loop.ts runs them). */
  tools?: ToolDefinition[];
  /** Sampling and length; those a model does not take are dropped, with an `adjusted` event. */
  parameters?: ModelParameters;
  /**
   * The chain's order: as written (default), `fastest` (lowest recent p95 time to first token among
   * healthy models first) or `cheapest` (the cheapest link whose context window holds the request first).
   */
  routing?: RoutingMode;
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
  /** Each model's circuit breaker and recent time to first token, in the order asked. */
  routingHealth(links: ModelRef[]): LinkHealthView[];
  /** Calls `listener` whenever a model's circuit breaker changes state; returns the unsubscribe. */
  onHealthChange(listener: (view: LinkHealthView) => void): () => void;
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
  /** How well each model's answers are rated, a tie-breaker for the `fastest` routing mode. */
  quality?: ModelQuality;
  /** The circuit breakers' thresholds and cool-downs (circuit-breaker.ts's defaults otherwise). */
  breakers?: BreakerSettings;
}

export function createLlmClient(deps: LlmClientDeps): LlmClient {
  const clock = deps.clock ?? systemClock;
  const shutdown = new AbortController();
  const routes = new DispatcherPool({ secrets: deps.secrets, env: deps.env });
  const auth = new Authenticator({ secrets: deps.secrets, clock, routes });
  const limiters = new LimiterRegistry(clock);
  const health = new LinkHealth(clock, deps.breakers);
  // Every finished answer's time to first token feeds the `fastest` routing mode.
  const metrics: MetricsSink = (record) => {
    if (record.outcome === 'complete' && record.ttftMs !== null)
      health.observeTtft({ providerId: record.providerId, model: record.model }, record.ttftMs);
    deps.metrics?.(record);
  };
  const streamDeps = {
    clock,
    routes,
    auth,
    limiters,
    prices: deps.prices ?? (() => priceTable()),
    metrics,
    health,
    quality: deps.quality,
    modelOverrides: deps.modelOverrides ?? (() => ({})),
    shutdown: shutdown.signal,
  };

  const run = (request: ChatRequest, signal?: AbortSignal): EventBatches =>
    new ChatRun(
      streamDeps,
      {
        chain: request.chain,
        messages: request.messages,
        tools: request.tools,
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

    routingHealth(links) {
      return links.map((ref) => health.view(ref));
    },

    onHealthChange(listener) {
      return health.onChange(listener);
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
