import type { RateLimitConfig } from '../../../shared/providers.ts';
import { abortReason, type Clock } from './clock.ts';

/**
 * Client-side rate limiting for one provider: a sliding minute for requests, a token bucket for tokens
 * per minute, a cap on concurrent requests, and the provider's own `x-ratelimit-*` / `anthropic-ratelimit-*` headers, which
 * hold requests back when the server says the budget is spent. Waiters are served first come, first served.
 */

export type QueueReason = 'requests' | 'tokens' | 'concurrency';

export interface Lease {
  /** Frees the concurrency slot; with the real token count, corrects the token bucket. Safe to call twice. */
  release(actualTokens?: number): void;
}

export interface Ticket {
  /** Set when the request has to wait; the caller reports it as a `queued` event. */
  queued: { reason: QueueReason; waitMs?: number } | null;
  lease: Promise<Lease>;
}

const MINUTE = 60_000;
/**
 * A request is counted where the server receives it, a little after it starts here (the connection,
 * the body, a busy event loop): the window waits this much longer, so that a server counting arrivals
 * still never sees more than the budget in one minute.
 */
const ARRIVAL_MARGIN_MS = 250;

class TokenBucket {
  readonly capacity: number;
  level: number;
  #updatedAt: number;

  constructor(perMinute: number, now: number) {
    this.capacity = perMinute;
    this.level = perMinute;
    this.#updatedAt = now;
  }

  refill(now: number): void {
    if (now > this.#updatedAt) {
      this.level = Math.min(this.capacity, this.level + ((now - this.#updatedAt) * this.capacity) / MINUTE);
      this.#updatedAt = now;
    }
  }

  /** Milliseconds until `cost` is available (0 when it already is). */
  waitFor(cost: number): number {
    const needed = Math.min(cost, this.capacity);
    if (this.level >= needed) return 0;
    return Math.ceil(((needed - this.level) * MINUTE) / this.capacity);
  }

  take(cost: number): void {
    this.level -= Math.min(cost, this.capacity);
  }
}

/**
 * Requests per minute as a sliding window: at most `capacity` starts in any 60 seconds. (A token
 * bucket as deep as the budget would let a full burst follow a minute of steady refill: twice the
 * budget within one minute, which is what a server's per-minute limit refuses.)
 */
class MinuteWindow {
  readonly capacity: number;
  /** Start times of the last minute's requests, oldest first (a ring of `capacity` slots). */
  readonly #starts: number[] = [];
  #oldest = 0;

  constructor(perMinute: number) {
    this.capacity = perMinute;
  }

  /** Milliseconds until one more request may start (0 when it may now). */
  waitFor(now: number): number {
    if (this.#starts.length < this.capacity) return 0;
    // Not a moment before the oldest start has left the minute.
    return Math.max(0, this.#starts[this.#oldest]! + MINUTE + ARRIVAL_MARGIN_MS - now);
  }

  take(now: number): void {
    if (this.#starts.length < this.capacity) this.#starts.push(now);
    else {
      this.#starts[this.#oldest] = now;
      this.#oldest = (this.#oldest + 1) % this.capacity;
    }
  }
}

/** What the server last said about one budget. */
interface ServerBudget {
  remaining: number;
  resetAt: number;
}

interface Waiter {
  tokens: number;
  resolve(lease: Lease): void;
  reject(reason: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `1s`, `6m0s`, `20ms`, `1h2m3.5s` (OpenAI), plain seconds, or an RFC 3339 time (Anthropic), as ms from now. */
export function parseResetMs(value: string, now: number): number | undefined {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const units = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  if (/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(text)) {
    let total = 0;
    for (const [, amount, unit] of text.matchAll(units)) {
      const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? MINUTE : 3_600_000;
      total += Number(amount) * factor;
    }
    return Math.ceil(total);
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class ProviderLimiter {
  readonly #clock: Clock;
  #requests: MinuteWindow | null = null;
  #tokens: TokenBucket | null = null;
  #maxConcurrent = Number.POSITIVE_INFINITY;
  #active = 0;
  readonly #queue: Waiter[] = [];
  readonly #server: { requests: ServerBudget | null; tokens: ServerBudget | null } = {
    requests: null,
    tokens: null,
  };
  #timer: AbortController | null = null;
  #configKey = '';

  constructor(config: RateLimitConfig | undefined, clock: Clock) {
    this.#clock = clock;
    this.configure(config);
  }

  /** Applies changed settings; unchanged settings keep the buckets' current levels. */
  configure(config: RateLimitConfig | undefined): void {
    const key = JSON.stringify(config ?? {});
    if (key === this.#configKey) return;
    this.#configKey = key;
    const now = this.#clock.now();
    this.#requests = config?.requestsPerMinute ? new MinuteWindow(config.requestsPerMinute) : null;
    this.#tokens = config?.tokensPerMinute ? new TokenBucket(config.tokensPerMinute, now) : null;
    this.#maxConcurrent = config?.maxConcurrent ?? Number.POSITIVE_INFINITY;
    this.#pump();
  }

  /**
   * Whether a token estimate matters here, so callers skip tokenizing otherwise. Without a configured
   * tokens-per-minute budget, the server's token headers still hold requests back once they say zero.
   */
  get countsTokens(): boolean {
    return this.#tokens !== null;
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  request(tokens: number, signal?: AbortSignal): Ticket {
    if (signal?.aborted) return { queued: null, lease: Promise.reject(abortReason(signal)) };
    if (this.#queue.length === 0 && this.#blocker(tokens) === null) {
      return { queued: null, lease: Promise.resolve(this.#grant(tokens)) };
    }
    const blocker = this.#blocker(tokens) ??
      this.#blocker(this.#queue[0]!.tokens) ?? { reason: 'concurrency' as const };
    const lease = new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { tokens, resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(abortReason(signal));
          this.#pump();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
    });
    this.#schedule();
    return { queued: blocker, lease };
  }

  /** Reads the provider's rate-limit headers from any reply, including a 429. */
  observe(headers: HeaderBag): void {
    const now = this.#clock.now();
    const read = (remainingName: string, resetName: string): ServerBudget | null => {
      const remaining = header(headers, remainingName);
      if (remaining === undefined) return null;
      const value = Number(remaining);
      const reset = header(headers, resetName);
      const resetMs = reset === undefined ? undefined : parseResetMs(reset, now);
      if (!Number.isFinite(value) || resetMs === undefined) return null;
      return { remaining: value, resetAt: now + resetMs };
    };
    const requests =
      read('x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests') ??
      read('anthropic-ratelimit-requests-remaining', 'anthropic-ratelimit-requests-reset');
    const tokens =
      read('x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens') ??
      read('anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-tokens-reset');
    if (requests) this.#server.requests = requests;
    if (tokens) {
      this.#server.tokens = tokens;
      if (this.#tokens && this.#tokens.level > tokens.remaining) this.#tokens.level = tokens.remaining;
    }
    if (requests || tokens) this.#schedule();
  }

  /** Why a request of `tokens` cannot start now, or null when it can. */
  #blocker(tokens: number): { reason: QueueReason; waitMs?: number } | null {
    if (this.#active >= this.#maxConcurrent) return { reason: 'concurrency' };
    const now = this.#clock.now();
    const serverWait = (budget: ServerBudget | null, cost: number): number => {
      if (!budget || now >= budget.resetAt || budget.remaining >= cost) return 0;
      return budget.resetAt - now;
    };
    const requestWait = Math.max(this.#requests?.waitFor(now) ?? 0, serverWait(this.#server.requests, 1));
    if (requestWait > 0) return { reason: 'requests', waitMs: requestWait };
    this.#tokens?.refill(now);
    const tokenWait = Math.max(
      this.#tokens?.waitFor(tokens) ?? 0,
      serverWait(this.#server.tokens, Math.max(1, tokens)),
    );
    if (tokenWait > 0) return { reason: 'tokens', waitMs: tokenWait };
    return null;
  }

  #grant(tokens: number): Lease {
    this.#active++;
    const now = this.#clock.now();
    this.#requests?.take(now);
    this.#tokens?.take(tokens);
    const server = this.#server;
    if (server.requests && now < server.requests.resetAt) server.requests.remaining -= 1;
    if (server.tokens && now < server.tokens.resetAt) server.tokens.remaining -= tokens;
    let released = false;
    return {
      release: (actualTokens?: number) => {
        if (released) return;
        released = true;
        this.#active--;
        if (actualTokens !== undefined && this.#tokens) {
          // Charge what was really used instead of the estimate (a refund when the estimate was high).
          this.#tokens.level = Math.min(
            this.#tokens.capacity,
            this.#tokens.level + Math.min(tokens, this.#tokens.capacity) - actualTokens,
          );
        }
        this.#pump();
      },
    };
  }

  /** Starts every waiter at the head of the queue that can start; the rest wait for a release or a timer. */
  #pump(): void {
    while (this.#queue.length > 0) {
      const head = this.#queue[0]!;
      if (this.#blocker(head.tokens) !== null) break;
      this.#queue.shift();
      if (head.signal && head.onAbort) head.signal.removeEventListener('abort', head.onAbort);
      head.resolve(this.#grant(head.tokens));
    }
    this.#schedule();
  }

  /** One timer for the head of the queue when it waits on time (a concurrency wait needs no timer). */
  #schedule(): void {
    this.#timer?.abort();
    this.#timer = null;
    const head = this.#queue[0];
    if (!head) return;
    const blocker = this.#blocker(head.tokens);
    if (!blocker || blocker.waitMs === undefined) {
      if (!blocker) queueMicrotask(() => this.#pump());
      return;
    }
    const timer = new AbortController();
    this.#timer = timer;
    this.#clock.sleep(blocker.waitMs, timer.signal).then(
      () => {
        if (this.#timer === timer) {
          this.#timer = null;
          this.#pump();
        }
      },
      () => undefined,
    );
  }
}

/** One limiter per provider id, kept across requests so budgets are shared by every conversation. */
export class LimiterRegistry {
  readonly #clock: Clock;
  readonly #limiters = new Map<string, ProviderLimiter>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  for(providerId: string, config: RateLimitConfig | undefined): ProviderLimiter {
    let limiter = this.#limiters.get(providerId);
    if (limiter) limiter.configure(config);
    else {
      limiter = new ProviderLimiter(config, this.#clock);
      this.#limiters.set(providerId, limiter);
    }
    return limiter;
  }
}
