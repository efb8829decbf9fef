import type { ActiveAlert } from '../../../shared/alerts.ts';
import type { Broadcaster } from '../handlers/broadcaster.ts';
import type { SettingsStore } from '../store/settings.ts';
import { AlertMonitor } from './alerts.ts';
import type { RequestMetrics } from './request-metrics.ts';

/** How often a host looks again without a request (a new day clears yesterday's budget alert). */
const REFRESH_MS = 60_000;

/**
 * The alert monitor as the app and the browser-edition host run it: its rules from settings, the
 * day's and month's spending from the history's usage summary, every change broadcast to the
 * windows (`alerts.changed`) and each new alert handed to the host's notifier (the desktop app's
 * system notification). Nothing here may stop a request: a failure only skips the alert check.
 */
export function startAlerts(deps: {
  settings: Pick<SettingsStore, 'get' | 'subscribe'>;
  history: { usageSummary(query: { since: number }): { models: { costUsd: number }[] } };
  broadcaster: Pick<Broadcaster, 'emit'>;
  notify?: (alert: ActiveAlert) => void;
}): { monitor: AlertMonitor; observe(record: RequestMetrics): void; close(): void } {
  const monitor = new AlertMonitor({
    settings: () => deps.settings.get().alerts,
    spentSince: (since) => {
      try {
        return deps.history.usageSummary({ since }).models.reduce((sum, m) => sum + m.costUsd, 0);
      } catch {
        return 0; // a history that cannot be read now: the next new day reads it again
      }
    },
    onChange: (active, raised) => {
      deps.broadcaster.emit('alerts.changed', active);
      for (const alert of raised) {
        try {
          deps.notify?.(alert);
        } catch {
          // A notification the system refuses: the in-app notice still shows it.
        }
      }
    },
  });
  const unsubscribe = deps.settings.subscribe((_next, _previous, changed) => {
    if (changed.includes('alerts')) monitor.refresh();
  });
  const timer = setInterval(() => monitor.refresh(), REFRESH_MS);
  timer.unref();
  return {
    monitor,
    observe(record) {
      try {
        monitor.observe(record);
      } catch {
        // Never in the way of an answer.
      }
    },
    close() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
