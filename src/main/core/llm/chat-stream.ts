import type { Readable } from 'node:stream';
import { ParleyError, type AppError } from '../../../shared/errors.ts';
import type { ChatMessageInput, FinishReason, LlmEvent, Usage } from '../../../shared/llm-events.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import { costUsd, type PriceTable } from '../metrics/prices.ts';
import type { MetricsSink, RequestMetrics } from '../metrics/request-metrics.ts';
import { adapterFor } from './adapters/index.ts';
import { StreamState, type HttpCall, type ProviderAdapter } from './adapters/types.ts';
import type { Authenticator } from './auth.ts';
import { capabilitiesFor } from './capabilities.ts';
import type { Clock } from './clock.ts';
import type { DispatcherPool } from './dispatchers.ts';
import {
  appError,
  cancelledError,
  classifyHttpFailure,
  classifyNetworkError,
  looksLikeHtml,
  summariseHtml,
  type FailureContext,
} from './errors.ts';
import { cleanDetail } from './redact.ts';
import { readText, send, timeoutsFor, type HeaderBag, type HttpReply, type HttpTimeouts } from './http.ts';
import type { LimiterRegistry } from './rate-limit.ts';
import { defaultRetrySettings, planRetry, retryAfterMs } from './retry.ts';
import { cheapestFit, type ChainLink } from './routing.ts';
import { createSseDecoder } from './sse.ts';
import { countMessageTokens, estimateUsage } from './tokens.ts';

/**
 * One chat request from start to its last event: routing over the chain, the rate limiter, retries with
 * backoff, failover, the streamed reply, usage, and one metrics record. Never throws: every path ends in
 * a `finish` or an `error` event (unless the consumer stops listening first).
 */

export interface StreamRequest {
  chain: ChainLink[];
  messages: ChatMessageInput[];
  temperature?: number;
  maxOutputTokens?: number;
  routing?: 'ordered' | 'cheapest-fit';
  requestId: string;
  conversationId: string | null;
}

export interface StreamDeps {
  clock: Clock;
  routes: DispatcherPool;
  auth: Authenticator;
  limiters: LimiterRegistry;
  prices: () => PriceTable;
  metrics?: MetricsSink;
  /** Aborted when the client closes. */
  shutdown: AbortSignal;
}

/** After the end marker, how long to wait for the server to close the body before cutting it. */
const DRAIN_AFTER_DONE_MS = 2000;
/** The largest complete JSON reply read when a server ignores the stream request. */
const JSON_REPLY_LIMIT = 64 * 1024 * 1024;
/** How much of a body with no content type is kept in case it turns out to be plain JSON. */
const SNIFF_LIMIT = 1024 * 1024;

/** Failures that another provider or model in the chain might not have. Never bad keys or bad requests. */
const failoverCodes = new Set<AppError['code']>([
  'server_error',
  'timeout',
  'rate_limited',
  'no_credit',
  'network_unreachable',
  'proxy_failure',
  'model_not_found',
]);

interface Failure {
  error: AppError;
  status?: number;
  headers?: HeaderBag;
  /** A 401 that fresh OAuth credentials might cure. */
  unauthorized?: boolean;
}

type Opened = { reply: HttpReply; context: FailureContext; network: NetworkInfo } | { failure: Failure };

interface NetworkInfo {
  host: string;
  viaProxy: boolean;
  timeouts: HttpTimeouts;
}

function ref(link: ChainLink): ModelRef {
  return { providerId: link.provider.id, model: link.model };
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

export class ChatRun {
  readonly #deps: StreamDeps;
  readonly #request: StreamRequest;
  readonly #signal: AbortSignal;
  readonly #startedAt: number;
  #link: ChainLink;
  #firstOutputAt: number | null = null;
  #lastOutputAt: number | null = null;
  #retries = 0;
  #hops = 0;
  #outcome: RequestMetrics['outcome'] = 'cancelled';
  #errorCode: AppError['code'] | null = null;
  #usage: Usage | null = null;
  readonly #answer: string[] = [];
  readonly #reasoning: string[] = [];
  #inputTokens: Promise<number> | null = null;

  constructor(deps: StreamDeps, request: StreamRequest, signal?: AbortSignal) {
    this.#deps = deps;
    this.#request = request;
    this.#signal = signal ? AbortSignal.any([signal, deps.shutdown]) : deps.shutdown;
    this.#startedAt = deps.clock.now();
    this.#link = request.chain[0]!;
  }

  get #streamed(): boolean {
    return this.#firstOutputAt !== null;
  }

  async *events(): AsyncGenerator<LlmEvent, void, undefined> {
    try {
      if (this.#request.chain.length === 0) {
        yield this.#fail(
          appError('invalid_input', 'No model to ask: the request names no provider and model.'),
        );
        return;
      }
      const chain = await this.#route();
      for (let hop = 0; hop < chain.length; hop++) {
        const link = chain[hop]!;
        this.#link = link;
        const failure = yield* this.#tryLink(link);
        if (!failure) return;
        if (this.#signal.aborted || failure.error.code === 'cancelled') {
          yield this.#fail(cancelledError());
          return;
        }
        if (this.#streamed) {
          yield* this.#failInterrupted(failure.error);
          return;
        }
        const next = chain[hop + 1];
        if (next && failoverCodes.has(failure.error.code)) {
          this.#hops++;
          yield { type: 'failover', from: ref(link), to: ref(next), error: failure.error };
          continue;
        }
        yield this.#fail(failure.error);
        return;
      }
    } catch (error) {
      // Only an abort or a bug gets here; either way the stream ends with an error event.
      if (isAbort(error, this.#signal)) yield this.#fail(cancelledError());
      else
        yield this.#fail(
          appError('internal', 'Something went wrong inside Parley while streaming.', {
            detail: String(error),
          }),
        );
    } finally {
      this.#emitMetrics();
    }
  }

  async #route(): Promise<ChainLink[]> {
    const { chain, routing, maxOutputTokens } = this.#request;
    if (routing !== 'cheapest-fit' || chain.length < 2) return chain;
    return cheapestFit(chain, this.#deps.prices(), await this.#countInput(), maxOutputTokens);
  }

  /** The prompt's token estimate, counted once and only when routing or a token budget needs it. */
  #countInput(): Promise<number> {
    this.#inputTokens ??= countMessageTokens(this.#request.messages);
    return this.#inputTokens;
  }

  /** Every attempt at one link; returns nothing when it answered, else why it finally failed. */
  async *#tryLink(link: ChainLink): AsyncGenerator<LlmEvent, Failure | null, undefined> {
    const { clock } = this.#deps;
    const adapter = adapterFor(link.provider.kind);
    const capabilities = capabilitiesFor(link.provider, link.model);
    const call = adapter.chatCall({
      provider: link.provider,
      model: link.model,
      messages: this.#request.messages,
      temperature: this.#request.temperature,
      maxOutputTokens: this.#request.maxOutputTokens,
      capabilities,
    });
    const settings = {
      ...defaultRetrySettings,
      maxRetries: link.provider.maxRetries ?? defaultRetrySettings.maxRetries,
    };
    const limiter = this.#deps.limiters.for(link.provider.id, link.provider.rateLimit);
    let retriesDone = 0;
    let refreshedAuth = false;
    for (;;) {
      const tokens = limiter.countsTokens
        ? (await this.#countInput()) + (this.#request.maxOutputTokens ?? 0)
        : 0;
      const ticket = limiter.request(tokens, this.#signal);
      if (ticket.queued) yield { type: 'queued', ...ticket.queued };
      let lease;
      try {
        lease = await ticket.lease;
      } catch {
        return { error: cancelledError() };
      }
      let failure: Failure | null;
      try {
        const opened = await this.#open(link, call, capabilities.reasoning);
        if ('failure' in opened) {
          failure = opened.failure;
          if (failure.headers) limiter.observe(failure.headers);
        } else {
          limiter.observe(opened.reply.headers);
          failure = yield* this.#readReply(link, adapter, opened);
        }
      } finally {
        lease.release(
          this.#usage && !this.#usage.estimated
            ? this.#usage.inputTokens + this.#usage.outputTokens
            : undefined,
        );
      }
      if (!failure) return null;
      if (this.#signal.aborted || this.#streamed) return failure;
      if (failure.unauthorized && !refreshedAuth && this.#deps.auth.invalidate(link.provider)) {
        refreshedAuth = true;
        continue;
      }
      const plan = planRetry({
        error: failure.error,
        status: failure.status,
        headers: failure.headers,
        retriesDone,
        settings,
        now: clock.now(),
        random: clock.random,
      });
      if (!plan.retry) return failure;
      retriesDone++;
      this.#retries++;
      yield {
        type: 'retrying',
        attempt: retriesDone + 1,
        maxAttempts: settings.maxRetries + 1,
        delayMs: plan.delayMs,
        error: failure.error,
      };
      try {
        await clock.sleep(plan.delayMs, this.#signal);
      } catch {
        return { error: cancelledError() };
      }
    }
  }

  /** Credentials, route and the request itself, up to the response headers. */
  async #open(link: ChainLink, call: HttpCall, reasoning: boolean): Promise<Opened> {
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
      const route = await this.#deps.routes.route(provider, target);
      network.viaProxy = route.viaProxy;
      context.viaProxy = route.viaProxy;
      const credentials = await this.#deps.auth.credentials(provider, this.#signal);
      context.secrets = [...credentials.secrets, ...route.secrets];
      const reply = await send({
        url: call.url,
        method: 'POST',
        headers: { ...call.headers, ...credentials.headers },
        body: call.body,
        dispatcher: route.dispatcher,
        signal: this.#signal,
        timeouts,
      });
      if (reply.status >= 200 && reply.status < 300) return { reply, context, network };
      const text = await readText(reply.body);
      const error = classifyHttpFailure(
        reply.status,
        reply.contentType,
        text,
        context,
        retryAfterMs(reply.headers, this.#deps.clock.now()),
      );
      return {
        failure: { error, status: reply.status, headers: reply.headers, unauthorized: reply.status === 401 },
      };
    } catch (error) {
      if (isAbort(error, this.#signal)) return { failure: { error: cancelledError() } };
      if (error instanceof ParleyError) return { failure: { error: error.toJSON() } };
      return { failure: { error: classifyNetworkError(error, { ...context, ...network }) } };
    }
  }

  /** Streams one successful reply; returns null when it ended properly, else the failure. */
  async *#readReply(
    link: ChainLink,
    adapter: ProviderAdapter,
    opened: { reply: HttpReply; context: FailureContext; network: NetworkInfo },
  ): AsyncGenerator<LlmEvent, Failure | null, undefined> {
    const { reply, context } = opened;
    const state = new StreamState(context);
    const contentType = reply.contentType ?? '';
    if (contentType.includes('json')) return yield* this.#readJsonReply(link, adapter, state, reply.body);

    const body = reply.body;
    // After an in-stream error nothing more is read: events behind it in the same chunk are dropped.
    const sse = createSseDecoder((message) => {
      if (state.error === null) adapter.readEvent(message, state);
    });
    const events = state.events;
    // Without an event-stream content type the body may be a plain JSON answer: keep its start to check.
    const sniffer = contentType.includes('event-stream') ? null : new TextDecoder();
    let sniffed = sniffer ? '' : null;
    let drainTimer: ReturnType<typeof setTimeout> | undefined;
    let sawEvents = false;
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        if (sniffed !== null)
          sniffed = sniffed.length < SNIFF_LIMIT ? sniffed + sniffer!.decode(chunk, { stream: true }) : null;
        sse.push(chunk);
        if (events.length > 0) {
          sawEvents = true;
          yield* this.#emit(events);
        }
        if (state.error) break;
        if (state.done && drainTimer === undefined)
          drainTimer = setTimeout(() => body.destroy(), DRAIN_AFTER_DONE_MS);
      }
      if (!state.error) {
        sse.end();
        if (events.length > 0) {
          sawEvents = true;
          yield* this.#emit(events);
        }
      }
    } catch (error) {
      if (isAbort(error, this.#signal)) return { error: cancelledError() };
      if (!state.done) {
        const cause = classifyNetworkError(error, { ...context, ...opened.network });
        return { error: this.#streamed ? this.#interruption(cause) : cause };
      }
    } finally {
      clearTimeout(drainTimer);
      body.destroy();
    }
    if (!sawEvents && !state.done && !state.error && state.finishReason === null && sniffed) {
      return yield* this.#readWholeReply(link, adapter, state, sniffed, contentType);
    }
    return yield* this.#settle(link, state);
  }

  async *#readJsonReply(
    link: ChainLink,
    adapter: ProviderAdapter,
    state: StreamState,
    body: Readable,
  ): AsyncGenerator<LlmEvent, Failure | null, undefined> {
    let text: string;
    try {
      text = await readText(body, JSON_REPLY_LIMIT);
    } catch (error) {
      if (isAbort(error, this.#signal)) return { error: cancelledError() };
      return {
        error: appError('network_unreachable', `The reply from ${link.provider.name} broke off.`, {
          detail: String(error),
        }),
      };
    }
    return yield* this.#readWholeReply(link, adapter, state, text, 'application/json');
  }

  /** A complete non-streaming body: a JSON answer, a JSON error, or something that is not an answer at all. */
  async *#readWholeReply(
    link: ChainLink,
    adapter: ProviderAdapter,
    state: StreamState,
    text: string,
    contentType: string,
  ): AsyncGenerator<LlmEvent, Failure | null, undefined> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const what = looksLikeHtml(contentType, text)
        ? {
            message: 'sent a web page instead of an answer',
            detail: summariseHtml(text, state.context.secrets),
          }
        : {
            message: 'sent a reply that is not an answer',
            detail: cleanDetail(text, state.context.secrets, 200) || 'an empty reply',
          };
      return {
        error: appError('server_error', `${link.provider.name} ${what.message}.`, { detail: what.detail }),
      };
    }
    adapter.readReply(json, state);
    if (state.events.length > 0) yield* this.#emit(state.events);
    return yield* this.#settle(link, state);
  }

  /** Passes parsed text and reasoning on, noting when output started and keeping it for estimates. */
  *#emit(events: LlmEvent[]): Generator<LlmEvent, void, undefined> {
    const now = this.#deps.clock.now();
    if (this.#firstOutputAt === null) this.#firstOutputAt = now;
    this.#lastOutputAt = now;
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      if (event.type === 'text') this.#answer.push(event.text);
      else if (event.type === 'reasoning') this.#reasoning.push(event.text);
      yield event;
    }
    events.length = 0;
  }

  /** How a reply that reached its end (or an in-stream error) comes out: finish, or a failure. */
  async *#settle(link: ChainLink, state: StreamState): AsyncGenerator<LlmEvent, Failure | null, undefined> {
    if (state.error) return { error: state.error };
    if (!state.done && state.finishReason === null) {
      const cause = appError(
        'network_unreachable',
        `${link.provider.name} closed the reply before the answer was complete.`,
      );
      return { error: this.#streamed ? this.#interruption(cause) : cause };
    }
    const reason: FinishReason = state.finishReason ?? 'stop';
    if (reason === 'content_filter' && !this.#streamed) {
      const error = appError(
        'content_filtered',
        `${link.provider.name}'s content filter blocked this answer.`,
        {
          detail: state.filterDetail ?? undefined,
        },
      );
      return { error };
    }
    this.#usage = state.usage ?? (await this.#estimate());
    yield { type: 'usage', usage: this.#usage };
    this.#outcome = 'complete';
    yield { type: 'finish', reason, answeredBy: ref(link) };
    return null;
  }

  #interruption(cause: AppError): AppError {
    return { ...cause, code: 'interrupted', message: `${cause.message} The answer is incomplete.` };
  }

  async *#failInterrupted(error: AppError): AsyncGenerator<LlmEvent, void, undefined> {
    this.#usage ??= await this.#estimate();
    yield { type: 'usage', usage: this.#usage };
    yield this.#fail(error);
  }

  #fail(error: AppError): LlmEvent {
    const interrupted = this.#streamed;
    this.#outcome = error.code === 'cancelled' ? 'cancelled' : interrupted ? 'interrupted' : 'error';
    this.#errorCode = error.code;
    return { type: 'error', error, interrupted };
  }

  #estimate(): Promise<Usage> {
    return estimateUsage(this.#request.messages, this.#answer.join(''), this.#reasoning.join(''));
  }

  /** One record per request, after the stream settled; estimating usage never delays the last event. */
  #emitMetrics(): void {
    const sink = this.#deps.metrics;
    if (!sink) return;
    const finishedAt = this.#deps.clock.now();
    const link = this.#link;
    const build = (usage: Usage | null): RequestMetrics => {
      const generationMs =
        this.#firstOutputAt !== null && this.#lastOutputAt !== null
          ? this.#lastOutputAt - this.#firstOutputAt
          : 0;
      return {
        requestId: this.#request.requestId,
        conversationId: this.#request.conversationId,
        providerId: link?.provider.id ?? '',
        model: link?.model ?? '',
        startedAt: this.#startedAt,
        ttftMs: this.#firstOutputAt === null ? null : this.#firstOutputAt - this.#startedAt,
        totalMs: finishedAt - this.#startedAt,
        inputTokens: usage?.inputTokens ?? 0,
        outputTokens: usage?.outputTokens ?? 0,
        usageEstimated: usage?.estimated ?? true,
        tokensPerSecond: usage && generationMs > 0 ? (usage.outputTokens * 1000) / generationMs : null,
        retries: this.#retries,
        failoverHops: this.#hops,
        outcome: this.#outcome,
        errorCode: this.#errorCode,
        costUsd:
          usage && link
            ? costUsd(this.#deps.prices(), { providerId: link.provider.id, model: link.model }, usage)
            : null,
      };
    };
    const deliver = (record: RequestMetrics): void => {
      try {
        sink(record);
      } catch {
        // A failing sink must not break the stream it measures.
      }
    };
    if (this.#usage || !this.#streamed) deliver(build(this.#usage));
    else
      this.#estimate().then(
        (usage) => deliver(build(usage)),
        () => deliver(build(null)),
      );
  }
}
