import type { AppError } from '../../../shared/errors.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { LinkHealthView } from '../../../shared/routing-health.ts';
import {
  CircuitBreaker,
  defaultBreakerSettings,
  type BreakerPass,
  type BreakerSettings,
} from './circuit-breaker.ts';
import type { Clock } from './clock.ts';
import { breakerCodes } from './routing.ts';

/**
 * What one client knows of each provider and model's health, in memory: a circuit breaker fed by
 * every attempt's outcome, and the times to first token of its recent answers (for `fastest`
 * routing). Listeners hear of every change of a breaker's state.
 */

/** How many of a model's latest answers its p95 time to first token is taken over. */
export const RECENT_ANSWERS = 20;

function keyOf(ref: ModelRef): string {
  return `${ref.providerId}\u0000${ref.model}`;
}

interface Entry {
  breaker: CircuitBreaker;
  /** Times to first token of the latest answers, oldest first. */
  ttftMs: number[];
}

export class LinkHealth {
  readonly #clock: Clock;
  readonly #settings: BreakerSettings;
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<(view: LinkHealthView) => void>();

  constructor(clock: Clock, settings: BreakerSettings = defaultBreakerSettings) {
    this.#clock = clock;
    this.#settings = settings;
  }

  /** Whether a request to the model would go now (closed, or half-open with no probe on its way). */
  admits(ref: ModelRef): boolean {
    return this.#peek(ref)?.breaker.admits(this.#clock.now()) ?? true;
  }

  /** When an open model takes requests again. */
  reopensAt(ref: ModelRef): number {
    return this.#peek(ref)?.breaker.reopensAt(this.#clock.now()) ?? this.#clock.now();
  }

  /** A request is about to go to the model: its pass, or null when the breaker keeps it away (see circuit-breaker.ts). */
  enter(ref: ModelRef, force = false): BreakerPass | null {
    return this.#entry(ref).breaker.enter(this.#clock.now(), force);
  }

  /** One attempt's outcome: null for an answer; only `breakerCodes` (routing.ts) count. */
  record(ref: ModelRef, pass: BreakerPass, error: AppError | null): void {
    const outcome = !error
      ? { ok: true as const }
      : breakerCodes.has(error.code)
        ? { ok: false as const, code: error.code }
        : 'ignored';
    this.#entry(ref).breaker.record(outcome, this.#clock.now(), pass);
  }

  release(ref: ModelRef, pass: BreakerPass): void {
    this.#entry(ref).breaker.release(pass);
  }

  /** A finished answer's time to first token. */
  observeTtft(ref: ModelRef, ms: number): void {
    const list = this.#entry(ref).ttftMs;
    list.push(ms);
    if (list.length > RECENT_ANSWERS) list.shift();
  }

  /** p95 (nearest rank) of the model's recent times to first token; null before its first answer. */
  p95TtftMs(ref: ModelRef): number | null {
    const sorted = [...(this.#peek(ref)?.ttftMs ?? [])].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.ceil(0.95 * sorted.length) - 1]! : null;
  }

  view(ref: ModelRef): LinkHealthView {
    const entry = this.#peek(ref);
    return {
      providerId: ref.providerId,
      model: ref.model,
      breaker: entry?.breaker.view(this.#clock.now()) ?? { state: 'closed' },
      p95TtftMs: this.p95TtftMs(ref),
      samples: entry?.ttftMs.length ?? 0,
    };
  }

  /** Calls `listener` with the model's view whenever its breaker changes state; returns the unsubscribe. */
  onChange(listener: (view: LinkHealthView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Only what a request does makes an entry: asking about a model never does (a window may ask about any). */
  #peek(ref: ModelRef): Entry | undefined {
    return this.#entries.get(keyOf(ref));
  }

  #entry(ref: ModelRef): Entry {
    const key = keyOf(ref);
    let entry = this.#entries.get(key);
    if (!entry) {
      const own = { providerId: ref.providerId, model: ref.model };
      entry = {
        breaker: new CircuitBreaker(this.#settings, () => this.#changed(own)),
        ttftMs: [],
      };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  #changed(ref: ModelRef): void {
    const view = this.view(ref);
    for (const listener of this.#listeners) {
      try {
        listener(view);
      } catch {
        // A listener's failure must not break the request that changed the state.
      }
    }
  }
}
