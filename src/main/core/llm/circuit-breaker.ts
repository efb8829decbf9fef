import type { ErrorCode } from '../../../shared/errors.ts';
import type { BreakerView, OpenReason } from '../../../shared/routing-health.ts';

/**
 * A circuit breaker for one provider and model. Closed, every request goes; after `failuresInARow`
 * counted failures in a row, or more than `errorRate` of the attempts of the last `windowMs` failed
 * (once there were at least `minRequests`), it opens: the model is skipped for a cool-down. When the
 * cool-down is over it is half-open: one probe goes; its success closes the breaker, its failure
 * opens it again for twice the cool-down (at most `maxCoolDownMs`). Only the failures another model
 * might not have count (routing.ts's `breakerCodes`); the caller leaves out the rest. Times are
 * whatever clock the caller reads (clock.ts), so tests move time by hand.
 */

export interface BreakerSettings {
  failuresInARow: number;
  /** A fraction: 0.5 opens when more than half of the window's attempts failed. */
  errorRate: number;
  minRequests: number;
  windowMs: number;
  coolDownMs: number;
  maxCoolDownMs: number;
}

export const defaultBreakerSettings: BreakerSettings = {
  failuresInARow: 5,
  errorRate: 0.5,
  minRequests: 10,
  windowMs: 60_000,
  coolDownMs: 30_000,
  maxCoolDownMs: 5 * 60_000,
};

/** One attempt's outcome: `ignored` for what says nothing of the model's health (a Stop, a bad key). */
export type BreakerOutcome = { ok: true } | { ok: false; code: ErrorCode } | 'ignored';

/** What `enter` gives a request that may go: the probe's number when it is the half-open breaker's probe. */
export interface BreakerPass {
  probe: number | null;
}

interface Tripped {
  until: number;
  reason: OpenReason;
  lastError: ErrorCode;
  coolDownMs: number;
  /** The probe on its way (the half-open breaker let it through), if any. */
  probe: number | null;
}

export class CircuitBreaker {
  readonly #settings: BreakerSettings;
  readonly #changed: () => void;
  #inARow = 0;
  /** The attempts of the last `windowMs`, oldest first. */
  #recent: { at: number; failed: boolean }[] = [];
  #tripped: Tripped | null = null;
  #probes = 0;

  constructor(settings: BreakerSettings = defaultBreakerSettings, changed: () => void = () => {}) {
    this.#settings = settings;
    this.#changed = changed;
  }

  view(now: number): BreakerView {
    const tripped = this.#tripped;
    if (!tripped) return { state: 'closed' };
    const { reason, lastError } = tripped;
    if (now < tripped.until) return { state: 'open', until: tripped.until, reason, lastError };
    return { state: 'half-open', probing: tripped.probe !== null, reason, lastError };
  }

  /** Whether a request would go now (without taking the half-open breaker's probe). */
  admits(now: number): boolean {
    const tripped = this.#tripped;
    return !tripped || (now >= tripped.until && tripped.probe === null);
  }

  /** When an open breaker lets its probe through (now when closed). */
  reopensAt(now: number): number {
    return this.#tripped ? Math.max(now, this.#tripped.until) : now;
  }

  /**
   * A request is about to go: a pass when it may, else null. Half-open, it becomes the probe. `force`
   * sends it anyway (every model of a chain is open): it is then the probe unless one is on its way.
   */
  enter(now: number, force = false): BreakerPass | null {
    const tripped = this.#tripped;
    if (!tripped) return { probe: null };
    if (tripped.probe !== null) return force ? { probe: null } : null;
    if (now < tripped.until && !force) return null;
    tripped.probe = ++this.#probes;
    this.#changed();
    return { probe: tripped.probe };
  }

  /** One attempt's outcome, under the pass its request entered with. */
  record(outcome: BreakerOutcome, now: number, pass: BreakerPass): void {
    if (outcome === 'ignored') return;
    const tripped = this.#tripped;
    if (tripped) {
      // Only the probe speaks for an open model; answers to requests sent before it opened do not.
      if (pass.probe === null || tripped.probe !== pass.probe) return;
      if (outcome.ok) this.#close();
      else {
        const coolDownMs = Math.min(tripped.coolDownMs * 2, this.#settings.maxCoolDownMs);
        this.#trip(now, tripped.reason, outcome.code, coolDownMs);
      }
      this.#changed();
      return;
    }
    const { failuresInARow, errorRate, minRequests, windowMs, coolDownMs } = this.#settings;
    this.#recent.push({ at: now, failed: !outcome.ok });
    while (this.#recent.length && this.#recent[0]!.at <= now - windowMs) this.#recent.shift();
    if (outcome.ok) {
      this.#inARow = 0;
      return;
    }
    this.#inARow++;
    const failed = this.#recent.filter((attempt) => attempt.failed).length;
    const reason: OpenReason | null =
      this.#inARow >= failuresInARow
        ? 'failures-in-a-row'
        : this.#recent.length >= minRequests && failed / this.#recent.length > errorRate
          ? 'error-rate'
          : null;
    if (!reason) return;
    this.#trip(now, reason, outcome.code, coolDownMs);
    this.#changed();
  }

  /** The request is done with this model: a probe that ended without a verdict (a Stop) lets the next one go. */
  release(pass: BreakerPass): void {
    const tripped = this.#tripped;
    if (!tripped || pass.probe === null || tripped.probe !== pass.probe) return;
    tripped.probe = null;
    this.#changed();
  }

  #trip(now: number, reason: OpenReason, lastError: ErrorCode, coolDownMs: number): void {
    this.#tripped = { until: now + coolDownMs, reason, lastError, coolDownMs, probe: null };
  }

  #close(): void {
    this.#tripped = null;
    this.#inARow = 0;
    this.#recent = [];
  }
}
