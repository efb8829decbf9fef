import type { ActiveAlert } from '../../../shared/alerts.ts';
import type { Handlers } from '../rpc/bind-contract.ts';
import type { MetricsToken } from '../metrics/metrics-token.ts';

export interface AlertHandlerDeps {
  alerts: { list(): ActiveAlert[] };
  metricsToken: MetricsToken;
  /** The running exports, told when the endpoint's token changes. */
  metricsExport: { tokenChanged(): Promise<void> };
}

type AlertHandlers = Pick<
  Handlers,
  'alerts.list' | 'metrics.tokenStatus' | 'metrics.setToken' | 'metrics.removeToken'
>;

/** Alerts raised now, and the metrics endpoint's bearer token: it goes in, only "set or not" comes out. */
export function alertHandlers(deps: AlertHandlerDeps): AlertHandlers {
  const { metricsToken } = deps;
  return {
    'alerts.list': () => deps.alerts.list(),
    'metrics.tokenStatus': async () => ({ set: await metricsToken.isSet() }),
    'metrics.setToken': async ({ token }) => {
      await metricsToken.set(token);
      await deps.metricsExport.tokenChanged();
      return { set: true };
    },
    'metrics.removeToken': async () => {
      await metricsToken.remove();
      await deps.metricsExport.tokenChanged();
      return { set: false };
    },
  };
}
