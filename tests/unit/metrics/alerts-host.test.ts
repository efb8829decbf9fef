import { expect, it } from 'vitest';
import type { ActiveAlert } from '../../../src/shared/alerts.ts';
import { Broadcaster } from '../../../src/main/core/handlers/broadcaster.ts';
import { startAlerts } from '../../../src/main/core/metrics/alerts-host.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { openSettings } from '../../../src/main/core/store/settings.ts';
import { useTempHistory } from '../../fixtures/temp-history.ts';
import { requestRecord } from '../../fixtures/request-record.ts';

/**
 * The monitor as a host runs it: rules from the real settings file, spending from the real history,
 * each change broadcast to every window, each new alert handed once to the notifier; a change of
 * the rules in Settings applies at once; a notifier that fails stops nothing.
 */
const temp = useTempHistory('parley-alerts-host-');

const record = (costUsd: number) => requestRecord({ costUsd });

function setup(notify: (alert: ActiveAlert) => void) {
  const { settings } = openSettings({ dataDir: temp.dataDir });
  settings.update({ alerts: { ...settings.get().alerts, dailyBudget: { enabled: true, usd: 1 } } });
  const broadcaster = new Broadcaster();
  const received: unknown[] = [];
  const peer: Peer = {
    id: 'w',
    send: (name, payload) => void received.push([name, payload]),
    onClose: () => {},
  };
  broadcaster.add(peer);
  const alerts = startAlerts({ settings, history: temp.history, broadcaster, notify });
  const feed = (r: RequestMetrics) => {
    temp.history.recordMetrics(r);
    alerts.observe(r);
  };
  return { settings, alerts, received, feed };
}

it('broadcasts each change, notifies each raise once, and follows a change of the rules', () => {
  const notified: ActiveAlert[] = [];
  const { settings, alerts, received, feed } = setup((a) => notified.push(a));
  try {
    feed(record(0.6));
    feed(record(0.6));
    feed(record(0.6));
    expect(notified.map((a) => a.text.message)).toEqual([
      'Spending today is $1.20, above the daily budget of $1.00',
    ]);
    expect(received).toEqual([['alerts.changed', notified]]);
    settings.update({ alerts: { ...settings.get().alerts, dailyBudget: { enabled: true, usd: 5 } } });
    expect(alerts.monitor.list()).toEqual([]);
    expect(received).toEqual([
      ['alerts.changed', notified],
      ['alerts.changed', []],
    ]);
  } finally {
    alerts.close();
  }
});

it('a notifier that throws stops neither the record nor the windows’ notice', () => {
  const { alerts, received, feed } = setup(() => {
    throw new Error('no notification service');
  });
  try {
    expect(() => feed(record(2))).not.toThrow();
    expect(alerts.monitor.list()).toHaveLength(1);
    expect(received).toHaveLength(1);
  } finally {
    alerts.close();
  }
});
