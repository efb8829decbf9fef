import type { ModelParameters } from '../../../shared/assistants.ts';
import type { ChatMessageInput } from '../../../shared/llm-events.ts';
import type { RoutingMode } from '../../../shared/routing.ts';
import type { ToolDefinition } from '../../../shared/tools.ts';
import { adapterFor } from './adapters/index.ts';
import { modelCapabilities, type ModelCapabilities, type ModelOverrides } from './capabilities.ts';
import { appError, cancelledError } from './errors.ts';
import type { EventBatches } from './event-batches.ts';
import { isAbort, openRequest, type Failure, type OpenDeps } from './open-request.ts';
import { parameterForField, planParameters, withoutParameter, type ParameterPlan } from './parameters.ts';
import type { LimiterRegistry } from './rate-limit.ts';
import { readReply, type ReplyEvents } from './read-reply.ts';
import { defaultRetrySettings, planRetry } from './retry.ts';
import type { BreakerPass } from './circuit-breaker.ts';
import type { LinkHealth } from './link-health.ts';
import { failoverCodes, modelRef, type ChainLink } from './routing.ts';
import { routeChain, type ModelQuality } from './route-chain.ts';
import { RunTally, type TallyDeps } from './run-tally.ts';
import { countMessageTokens } from './tokens.ts';

/**
 * One chat request from start to its last event: routing over the chain, failover between links, and
 * for each link the rate limiter and retries with backoff. One attempt's request is `open-request.ts`,
 * reading its reply `read-reply.ts`, the usage and metrics record `run-tally.ts`. Never throws: every
 * path ends in a `finish` or an `error` event (unless the consumer stops listening first).
 */

export interface StreamRequest {
  chain: ChainLink[];
  messages: ChatMessageInput[];
  tools?: ToolDefinition[];
  parameters: ModelParameters;
  routing?: RoutingMode;
  requestId: string;
  conversationId: string | null;
}

export interface StreamDeps extends OpenDeps, TallyDeps {
  limiters: LimiterRegistry;
  /** Aborted when the client closes. */
  shutdown: AbortSignal;
  modelOverrides: () => ModelOverrides;
  /** Each model's circuit breaker and recent speed (link-health.ts). */
  health: LinkHealth;
  quality?: ModelQuality;
}

export class ChatRun {
  readonly #deps: StreamDeps;
  readonly #request: StreamRequest;
  readonly #signal: AbortSignal;
  readonly #tally: RunTally;
  #inputTokens: Promise<number> | null = null;
  /** The circuit breaker's pass for the link being tried (link-health.ts). */
  #pass: BreakerPass = { probe: null };

  constructor(deps: StreamDeps, request: StreamRequest, signal?: AbortSignal) {
    this.#deps = deps;
    this.#request = request;
    this.#signal = signal ? AbortSignal.any([signal, deps.shutdown]) : deps.shutdown;
    this.#tally = new RunTally(deps, request, request.chain[0]!);
  }

  /** The run's events, a batch per network read (see event-batches.ts). */
  async *batches(): EventBatches {
    const tally = this.#tally;
    try {
      if (this.#request.chain.length === 0) {
        yield [
          tally.fail(appError('invalid_input', 'No model to ask: the request names no provider and model.')),
        ];
        return;
      }
      const { health } = this.#deps;
      const { chain, forced } = await this.#route();
      for (let hop = 0; hop < chain.length; hop++) {
        const link = chain[hop]!;
        const pass = health.enter(modelRef(link), link === forced);
        if (!pass) {
          tally.skipped.push({ ...modelRef(link), reason: 'circuit-open' });
          if (!tally.why.includes('circuit-open')) tally.why.push('circuit-open');
          continue;
        }
        tally.link = link;
        this.#pass = pass;
        let failure;
        try {
          failure = yield* this.#tryLink(link);
        } finally {
          health.release(modelRef(link), pass);
        }
        if (!failure) return;
        if (this.#signal.aborted || failure.error.code === 'cancelled') {
          yield [tally.fail(cancelledError())];
          return;
        }
        if (tally.streamed) {
          // Output was shown: no failover (the answer would restart); end with the usage so far.
          tally.usage ??= await tally.estimate();
          yield [{ type: 'usage', usage: tally.usage }];
          yield [tally.fail(failure.error)];
          return;
        }
        const next = chain.slice(hop + 1).find((later) => health.admits(modelRef(later)));
        if (next && failoverCodes.has(failure.error.code)) {
          tally.hops++;
          tally.skipped.push({ providerId: link.provider.id, model: link.model, reason: 'failed' });
          if (!tally.why.includes('failover')) tally.why.unshift('failover');
          yield [{ type: 'failover', from: modelRef(link), to: modelRef(next), error: failure.error }];
          continue;
        }
        yield [tally.fail(failure.error)];
        return;
      }
    } catch (error) {
      // Only an abort or a bug gets here; either way the stream ends with an error event.
      if (isAbort(error, this.#signal)) yield [tally.fail(cancelledError())];
      else
        yield [
          tally.fail(
            appError('internal', 'Something went wrong inside Parley while streaming.', {
              detail: String(error),
            }),
          ),
        ];
    } finally {
      tally.report();
    }
  }

  /** The chain in the routing mode's order, and the link to send to even though it is open (every one is). */
  async #route(): Promise<{ chain: ChainLink[]; forced: ChainLink | null }> {
    const { chain, routing, parameters } = this.#request;
    const overrides = this.#deps.modelOverrides();
    const routed = await routeChain(chain, routing ?? 'ordered', {
      health: this.#deps.health,
      quality: this.#deps.quality,
      prices: this.#deps.prices(),
      inputTokens: () => this.#countInput(),
      maxOutputTokens: parameters.maxOutputTokens,
      contextWindow: (link) => modelCapabilities(link.provider, link.model, overrides).contextWindow,
    });
    if (routed.reason) this.#tally.why.push(routed.reason);
    return routed;
  }

  /** The prompt's token estimate, counted once and only when routing or a token budget needs it. */
  #countInput(): Promise<number> {
    this.#inputTokens ??= countMessageTokens(this.#request.messages);
    return this.#inputTokens;
  }

  /** Every attempt at one link; returns nothing when it answered, else why it finally failed. */
  async *#tryLink(link: ChainLink): ReplyEvents {
    const { clock } = this.#deps;
    const tally = this.#tally;
    const adapter = adapterFor(link.provider.kind);
    let capabilities = modelCapabilities(link.provider, link.model, this.#deps.modelOverrides());
    let sending = planParameters(link.provider.kind, capabilities, this.#request.parameters);
    if (sending.dropped.length) yield [{ type: 'adjusted', dropped: sending.dropped }];
    const callFor = (caps: ModelCapabilities, parameters: ModelParameters) =>
      adapter.chatCall({
        provider: link.provider,
        model: link.model,
        messages: this.#request.messages,
        tools: this.#request.tools,
        parameters,
        capabilities: caps,
      });
    let call = callFor(capabilities, sending.parameters);
    const reader = { link, adapter, tally, signal: this.#signal };
    const settings = {
      ...defaultRetrySettings,
      maxRetries: link.provider.maxRetries ?? defaultRetrySettings.maxRetries,
    };
    const limiter = this.#deps.limiters.for(link.provider.id, link.provider.rateLimit);
    const keys = this.#deps.auth.turn(link.provider);
    let retriesDone = 0;
    let refreshedAuth = false;
    for (;;) {
      const tokens = limiter.countsTokens
        ? (await this.#countInput()) + (sending.parameters.maxOutputTokens ?? 0)
        : 0;
      const ticket = limiter.request(tokens, this.#signal);
      if (ticket.queued) yield [{ type: 'queued', ...ticket.queued }];
      let lease;
      try {
        lease = await ticket.lease;
      } catch {
        return { error: cancelledError() };
      }
      let failure: Failure | null;
      let rotate = false;
      try {
        const opened = await openRequest(this.#deps, link, call, capabilities.reasoning, this.#signal, keys);
        if ('failure' in opened) {
          failure = opened.failure;
          // A key at its limit or quota rests and another free key is asked at once (not a retry, no
          // wait); the limit it hit is that key's, so the limiter does not hold the next key to it.
          rotate = keys.failed(failure, clock.now());
          if (failure.headers && !rotate) limiter.observe(failure.headers);
        } else {
          keys.opened(tally);
          limiter.observe(opened.reply.headers);
          failure = yield* readReply(reader, opened);
        }
      } finally {
        // The limiter learns the real token count when the provider reported one.
        lease.release(
          tally.usage && !tally.usage.estimated
            ? tally.usage.inputTokens + tally.usage.outputTokens
            : undefined,
        );
      }
      this.#deps.health.record(modelRef(link), this.#pass, failure?.error ?? null);
      if (!failure) return null;
      if (this.#signal.aborted || tally.streamed) return failure;
      if (rotate) continue;
      const refused = refusal(link.provider.kind, capabilities, sending, failure);
      if (refused) {
        // Sent once more without what the provider refused (or with the limit under its other name).
        // Each such retry sends less than the one before, so they end.
        capabilities = refused.capabilities;
        if (refused.plan.dropped.length > sending.dropped.length)
          yield [{ type: 'adjusted', dropped: refused.plan.dropped }];
        sending = refused.plan;
        call = callFor(capabilities, sending.parameters);
        continue;
      }
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
      // An open circuit breaker ends the retries too: the model is skipped for now.
      if (!plan.retry || !this.#deps.health.admits(modelRef(link))) return failure;
      retriesDone++;
      tally.retries++;
      yield [
        {
          type: 'retrying',
          attempt: retriesDone + 1,
          maxAttempts: settings.maxRetries + 1,
          delayMs: plan.delayMs,
          error: failure.error,
        },
      ];
      try {
        await clock.sleep(plan.delayMs, this.#signal);
      } catch {
        return { error: cancelledError() };
      }
    }
  }
}

/**
 * What to send after a 400 that names a parameter: OpenAI's `max_tokens` refused for
 * `max_completion_tokens` switches the field; any other parameter that was sent is left out.
 */
function refusal(
  kind: ChainLink['provider']['kind'],
  capabilities: ModelCapabilities,
  plan: ParameterPlan,
  failure: Failure,
): { capabilities: ModelCapabilities; plan: ParameterPlan } | null {
  const field = failure.refusedField;
  if (!field) return null;
  if (kind !== 'anthropic' && field === 'max_tokens' && capabilities.tokenLimitParam === 'max_tokens')
    return plan.parameters.maxOutputTokens === undefined
      ? null
      : { capabilities: { ...capabilities, tokenLimitParam: 'max_completion_tokens' }, plan };
  const name = parameterForField(kind, field);
  const next = name ? withoutParameter(kind, plan, name) : null;
  return next ? { capabilities, plan: next } : null;
}
