import type { AppError } from '../../../shared/errors.ts';
import type { ModelRef, ProviderConfig } from '../../../shared/providers.ts';
import { priceFor, type PriceTable } from '../metrics/prices.ts';
import { capabilitiesFor } from './capabilities.ts';

export interface ChainLink {
  provider: ProviderConfig;
  model: string;
}

/** The provider and model a link names, as events report them. */
export function modelRef(link: ChainLink): ModelRef {
  return { providerId: link.provider.id, model: link.model };
}

/**
 * Failures that another provider or model in the chain might not have, never bad keys or bad requests:
 * what fails over to the next link.
 */
export const failoverCodes = new Set<AppError['code']>([
  'server_error',
  'timeout',
  'rate_limited',
  'no_credit',
  'network_unreachable',
  'proxy_failure',
  'model_not_found',
]);

/**
 * What a circuit breaker counts (circuit-breaker.ts): the failover failures but a rate limit, which
 * asks for patience (Retry-After, the limiter, another key); a batch riding out a 429 storm must not
 * find the model shut for it.
 */
export const breakerCodes = new Set<AppError['code']>(
  [...failoverCodes].filter((code) => code !== 'rate_limited'),
);

/** Output assumed when pricing a request that sets no limit. */
const ASSUMED_OUTPUT_TOKENS = 1000;

/**
 * Cheapest-fit routing: links whose context window holds the request come first, cheapest first
 * (unpriced models after priced ones, chain order breaking ties); links known to be too small follow,
 * largest window first, so failover still has somewhere to go.
 */
export function cheapestFit(
  chain: readonly ChainLink[],
  prices: PriceTable,
  inputTokens: number,
  maxOutputTokens?: number,
  contextWindow: (link: ChainLink) => number | undefined = (link) =>
    capabilitiesFor(link.provider, link.model).contextWindow,
): ChainLink[] {
  const needed = inputTokens + (maxOutputTokens ?? 0);
  const output = maxOutputTokens ?? ASSUMED_OUTPUT_TOKENS;
  const rated = chain.map((link, index) => {
    const window = contextWindow(link);
    const price = priceFor(prices, { providerId: link.provider.id, model: link.model });
    const cost = price
      ? inputTokens * price.inputPerMTok + output * price.outputPerMTok
      : Number.POSITIVE_INFINITY;
    return { link, index, window, fits: window === undefined || window >= needed, cost };
  });
  const fitting = rated.filter((entry) => entry.fits).sort((a, b) => a.cost - b.cost || a.index - b.index);
  const tooSmall = rated
    .filter((entry) => !entry.fits)
    .sort((a, b) => (b.window ?? 0) - (a.window ?? 0) || a.index - b.index);
  return [...fitting, ...tooSmall].map((entry) => entry.link);
}

/**
 * Fastest-first routing: the healthy links with a recent time to first token come first, lowest p95
 * first (a better quality, unknown last, then chain order, breaking ties); the others follow in chain order.
 */
export function fastestFirst(
  chain: readonly ChainLink[],
  p95TtftMs: (link: ChainLink) => number | null,
  healthy: (link: ChainLink) => boolean,
  quality: (link: ChainLink) => number | null = () => null,
): ChainLink[] {
  const timed = chain.flatMap((link, index) => {
    const ms = healthy(link) ? p95TtftMs(link) : null;
    return ms === null ? [] : [{ link, index, ms, quality: quality(link) ?? -Infinity }];
  });
  timed.sort((a, b) => a.ms - b.ms || b.quality - a.quality || a.index - b.index);
  const first = timed.map((entry) => entry.link);
  return [...first, ...chain.filter((link) => !first.includes(link))];
}
