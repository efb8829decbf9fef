import type { RouteReason } from '../../../shared/routing.ts';
import { keyHint, type SavedKey } from '../secrets/provider-keys.ts';
import type { Clock } from './clock.ts';
import type { Failure } from './open-request.ts';
import { retryAfterMs } from './retry.ts';

/**
 * Several API keys per provider, used in turn. A key that hits a 429 or its quota (`rate_limited`,
 * `no_credit`) cools down: for the provider's Retry-After when it gives one, else a minute (an hour for
 * a spent quota), and the request goes at once to the next key that is not cooling, without counting
 * as a retry. When every key is cooling, the request falls back to the usual retries and backoff.
 * Only key ids and hints are kept here, never a key.
 */

const RATE_COOL_MS = 60_000;
const QUOTA_COOL_MS = 3_600_000;
const MAX_COOL_MS = 86_400_000;

/** How long a key that failed this way rests, or null when the failure says nothing about the key. */
export function coolingMs(failure: Failure, now: number): number | null {
  const code = failure.error.code;
  if (code !== 'rate_limited' && code !== 'no_credit') return null;
  const asked = retryAfterMs(failure.headers, now);
  return Math.min(asked ?? (code === 'no_credit' ? QUOTA_COOL_MS : RATE_COOL_MS), MAX_COOL_MS);
}

/** Each provider's turn and its keys' cool-downs, for the client's lifetime. */
export class KeyRotation {
  readonly #clock: Clock;
  readonly #next = new Map<string, number>();
  readonly #cooling = new Map<string, Map<number, number>>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Until when each of the provider's keys cools down (only keys cooling now). */
  cooling(providerId: string): ReadonlyMap<number, number> {
    const now = this.#clock.now();
    const until = new Map<number, number>();
    for (const [id, end] of this.#cooling.get(providerId) ?? []) if (end > now) until.set(id, end);
    return until;
  }

  isCooling(providerId: string, keyId: number): boolean {
    return (this.#cooling.get(providerId)?.get(keyId) ?? 0) > this.#clock.now();
  }

  coolDown(providerId: string, keyId: number, ms: number): void {
    let keys = this.#cooling.get(providerId);
    if (!keys) this.#cooling.set(providerId, (keys = new Map()));
    keys.set(keyId, this.#clock.now() + ms);
  }

  /**
   * The key whose turn it is (`wanted`) and the one to use: the first from there on that is neither
   * cooling nor in `avoid`; when none is, the one whose cool-down ends first.
   */
  pick<K extends { id: number }>(
    providerId: string,
    keys: K[],
    avoid: ReadonlySet<number>,
  ): { key: K; wanted: K } {
    const start = (this.#next.get(providerId) ?? 0) % keys.length;
    const order = keys.map((_, i) => keys[(start + i) % keys.length]!);
    const until = (key: K): number => this.#cooling.get(providerId)?.get(key.id) ?? 0;
    const now = this.#clock.now();
    const key =
      order.find((k) => until(k) <= now && !avoid.has(k.id)) ??
      order.reduce((soonest, k) => (until(k) < until(soonest) ? k : soonest));
    this.#next.set(providerId, keys.indexOf(key) + 1);
    return { key, wanted: order[0]! };
  }
}

/** One link's attempts: which key each used, so a 429 cools that key and the next one goes at once. */
export class KeyTurn {
  readonly #rotation: KeyRotation;
  readonly #providerId: string;
  readonly #tried = new Set<number>();
  #ids: number[] = [];
  #wanted: number | null = null;
  #used: { id: number; hint: string | null } | null = null;
  /** A key was passed over (or rested) for a cool-down during these attempts. */
  #cooled = false;

  constructor(rotation: KeyRotation, providerId: string) {
    this.#rotation = rotation;
    this.#providerId = providerId;
  }

  /** Called by the Authenticator for each attempt: the key to send. */
  choose(keys: SavedKey[]): SavedKey {
    const { key, wanted } = this.#rotation.pick(this.#providerId, keys, this.#tried);
    this.#ids = keys.map((k) => k.id);
    this.#wanted ??= wanted.id;
    if (this.#rotation.isCooling(this.#providerId, wanted.id)) this.#cooled = true;
    this.#used = { id: key.id, hint: keyHint(key.value) };
    return key;
  }

  /** The provider answered: the route names the key's hint, and `key-rotated` when a cool-down moved it. */
  opened(route: { keyHint: string | null; why: RouteReason[] }): void {
    route.keyHint = this.#used?.hint ?? null;
    const rotated = this.#cooled && this.#used !== null && this.#used.id !== this.#wanted;
    const at = route.why.indexOf('key-rotated');
    if (rotated && at < 0) route.why.push('key-rotated');
    else if (!rotated && at >= 0) route.why.splice(at, 1);
  }

  /**
   * After a failed attempt: a 429 or a spent quota cools the key it used. True when another key is
   * free to be asked at once; false leaves the failure to the usual retry policy.
   */
  failed(failure: Failure, now: number): boolean {
    const used = this.#used;
    const ms = coolingMs(failure, now);
    if (!used || ms === null) return false;
    this.#rotation.coolDown(this.#providerId, used.id, ms);
    this.#tried.add(used.id);
    this.#cooled = true;
    return this.#ids.some((id) => !this.#tried.has(id) && !this.#rotation.isCooling(this.#providerId, id));
  }
}
