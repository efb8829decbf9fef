import type { ModelRef } from '../../../shared/providers.ts';
import type { LinkHealthView } from '../../../shared/routing-health.ts';
import type { Handlers } from '../rpc/bind-contract.ts';

/** What Settings shows of the failover chain's health: each model's circuit breaker and recent speed. */
export interface RoutingHandlerDeps {
  linkHealth: { routingHealth(links: ModelRef[]): LinkHealthView[] };
}

export function routingHandlers(deps: RoutingHandlerDeps): Pick<Handlers, 'routing.health'> {
  return {
    'routing.health': ({ links }) => deps.linkHealth.routingHealth(links),
  };
}
