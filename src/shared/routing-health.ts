import { z } from 'zod';
import type { ErrorCode } from './errors.ts';
import { modelRefSchema, type ModelRef } from './providers.ts';

/**
 * How healthy each model of a failover chain looks to the client, for Settings (`routing.health`,
 * `routing.healthChanged`): its circuit breaker (src/main/core/llm/circuit-breaker.ts) and its recent
 * time to first token, which the `fastest` routing mode compares.
 */

/** Why a breaker opened: failures one after another, or too many of the last minute's attempts failing. */
export type OpenReason = 'failures-in-a-row' | 'error-rate';

export type BreakerView =
  | { state: 'closed' }
  /** Skipped until `until` (ms since the epoch); `lastError` is the failure that opened it. */
  | { state: 'open'; until: number; reason: OpenReason; lastError: ErrorCode }
  /** The cool-down is over: the next request is a probe (`probing`: it is on its way). */
  | { state: 'half-open'; probing: boolean; reason: OpenReason; lastError: ErrorCode };

export interface LinkHealthView extends ModelRef {
  breaker: BreakerView;
  /** p95 time to first token over the model's recent answers; null before its first answer. */
  p95TtftMs: number | null;
  /** How many recent answers that figure is taken from. */
  samples: number;
}

/** The models to report on, in chain order (at most a chain's 8 and the default model). */
export const routingHealthInputSchema = z.object({ links: z.array(modelRefSchema).max(9) }).strict();
