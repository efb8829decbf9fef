import type { ModelRef } from '../../../shared/providers.ts';
import type { RouteReason, RoutingMode } from '../../../shared/routing.ts';
import type { PriceTable } from '../metrics/prices.ts';
import type { LinkHealth } from './link-health.ts';
import { cheapestFit, fastestFirst, modelRef, type ChainLink } from './routing.ts';

/**
 * The order a request tries its chain in: the routing mode's (as written, fastest first, cheapest
 * fit first), and, when every model's circuit breaker is open, the one whose cool-down ends first
 * to send to anyway (a request is never refused for want of a healthy model).
 */

/** How well a model's answers are rated (higher is better); null when nobody rated it. A tie-breaker for `fastest`. */
export type ModelQuality = (ref: ModelRef) => number | null;

export interface RouteDeps {
  health: Pick<LinkHealth, 'admits' | 'reopensAt' | 'p95TtftMs'>;
  quality?: ModelQuality;
  prices: PriceTable;
  /** The prompt's token estimate (counted only when the cheapest mode needs it). */
  inputTokens: () => Promise<number>;
  maxOutputTokens?: number;
  contextWindow: (link: ChainLink) => number | undefined;
}

export interface RoutedChain {
  chain: ChainLink[];
  /** Every link is open: this one is tried anyway. */
  forced: ChainLink | null;
  /** The mode's reason when it put another link first than the chain's own first. */
  reason: Extract<RouteReason, 'fastest' | 'cheapest'> | null;
}

export async function routeChain(
  written: ChainLink[],
  mode: RoutingMode,
  deps: RouteDeps,
): Promise<RoutedChain> {
  const healthy = (link: ChainLink) => deps.health.admits(modelRef(link));
  let chain = written;
  if (written.length > 1 && mode === 'cheapest')
    chain = cheapestFit(
      written,
      deps.prices,
      await deps.inputTokens(),
      deps.maxOutputTokens,
      deps.contextWindow,
    );
  else if (written.length > 1 && mode === 'fastest')
    chain = fastestFirst(
      written,
      (link) => deps.health.p95TtftMs(modelRef(link)),
      healthy,
      deps.quality && ((link) => deps.quality!(modelRef(link))),
    );
  const reason = mode !== 'ordered' && chain[0] !== written[0] ? mode : null;
  let forced: ChainLink | null = null;
  if (chain.length && !chain.some(healthy)) {
    const reopens = chain.map((link) => deps.health.reopensAt(modelRef(link)));
    forced = chain[reopens.indexOf(Math.min(...reopens))]!;
  }
  return { chain, forced, reason };
}
