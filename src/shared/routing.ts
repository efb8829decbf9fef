import { z } from 'zod';

/**
 * How an answer found its model and key, and what a person thinks of it: shared by the client
 * (which decides the route), the history store (which keeps it with the answer) and the window
 * (which shows it under the answer and in the Usage view).
 */

/** How a failover chain is ordered: as written, the fastest healthy model first, or the cheapest fit first. */
export const routingModes = ['ordered', 'fastest', 'cheapest'] as const;
export type RoutingMode = (typeof routingModes)[number];
export const routingModeSchema = z.enum(routingModes);

/**
 * Why the answer came from its model and key:
 * - `first`: the chain's first link, as written (or the only model asked);
 * - `fastest` / `cheapest`: the routing mode put it first;
 * - `failover`: an earlier link failed;
 * - `circuit-open`: an earlier link was skipped because its circuit breaker is open;
 * - `key-rotated`: the provider's first key was cooling down (a 429 or a spent quota), so another key was used.
 */
export const routeReasons = [
  'first',
  'fastest',
  'cheapest',
  'failover',
  'circuit-open',
  'key-rotated',
] as const;
export type RouteReason = (typeof routeReasons)[number];

/** A link of the chain that was passed over on the way to the answer, and why. */
export interface SkippedLink {
  providerId: string;
  model: string;
  reason: 'circuit-open' | 'failed';
}

/** The route one answer took. Never a key: only its last four characters. */
export interface AnswerRoute {
  providerId: string;
  model: string;
  /** The last four characters of the API key used; null without a key (no auth, OAuth, Entra). */
  keyHint: string | null;
  /** Every reason that applied, most important first (never empty). */
  why: RouteReason[];
  skipped: SkippedLink[];
}

/** A person's verdict on an answer. A regeneration marks the answer it replaces `quiet-down`. */
export const answerRatings = ['up', 'down', 'quiet-down'] as const;
export type AnswerRating = (typeof answerRatings)[number];
