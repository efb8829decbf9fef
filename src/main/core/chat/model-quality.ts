import type { ModelQuality } from '../llm/route-chain.ts';

/**
 * How well each model's answers are rated, for routing's `fastest` mode to break ties: the share of
 * thumbs up over the last 30 days (a regeneration is a quiet thumbs down), smoothed so one vote is
 * not a verdict. Read from history at most once a minute; a history that cannot be read rates nobody.
 */

const WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
const FRESH_MS = 60_000;

export type RatingsReader = (since: number) => Map<string, { up: number; down: number }>;

export function ratedQuality(read: RatingsReader, now: () => number = Date.now): ModelQuality {
  let cache: { at: number; ratings: ReturnType<RatingsReader> } | null = null;
  return (ref) => {
    const time = now();
    if (!cache || time - cache.at > FRESH_MS) {
      let ratings: ReturnType<RatingsReader>;
      try {
        ratings = read(time - WINDOW_MS);
      } catch {
        ratings = new Map();
      }
      cache = { at: time, ratings };
    }
    const rated = cache.ratings.get(`${ref.providerId}\u0000${ref.model}`);
    if (!rated || rated.up + rated.down === 0) return null;
    return (rated.up + 1) / (rated.up + rated.down + 2);
  };
}
