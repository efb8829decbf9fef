import { describe, expect, it } from 'vitest';
import type { ActiveAlert, AlertSettings } from '../../../src/shared/alerts.ts';
import { alertSettingsSchema } from '../../../src/shared/alerts.ts';
import { AlertMonitor } from '../../../src/main/core/metrics/alerts.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import { requestRecord } from '../../fixtures/request-record.ts';
import { useTempHistory } from '../../fixtures/temp-history.ts';

/**
 * The alert rules over real request records: windows of a model's last N requests, raised once,
 * cleared when back under, raised again after; budgets from the history's own day totals (real
 * SQLite) plus each new record's cost.
 */
const temp = useTempHistory('parley-alerts-');
const record = requestRecord;

function monitor(rules: Record<string, unknown>, now: () => number = Date.now) {
  let settings: AlertSettings = alertSettingsSchema.parse(rules);
  const changes: { active: ActiveAlert[]; raised: ActiveAlert[] }[] = [];
  const m = new AlertMonitor({
    settings: () => settings,
    spentSince: (since) =>
      temp.history.usageSummary({ since }).models.reduce((sum, model) => sum + model.costUsd, 0),
    onChange: (active, raised) => changes.push({ active, raised }),
    now,
  });
  // As the app does: the history writes the record, then the monitor sees it.
  const feed = (r: RequestMetrics) => {
    temp.history.recordMetrics(r);
    m.observe(r);
  };
  const change = (next: Record<string, unknown>) => {
    settings = alertSettingsSchema.parse(next);
    m.refresh();
  };
  return { m, changes, feed, change };
}

describe('time to first token', () => {
  const rules = { window: 5, slowFirstToken: { enabled: true, thresholdMs: 800 } };

  it('is raised once when the p99 of the last N goes over, cleared when back under, raised again after', () => {
    const { m, changes, feed } = monitor(rules);
    for (let i = 0; i < 5; i++) feed(record({ ttftMs: 200 }));
    expect(m.list()).toEqual([]);
    feed(record({ ttftMs: 1240 }));
    expect(changes).toHaveLength(1);
    const [alert] = changes[0]!.raised;
    expect(alert).toMatchObject({
      id: 'slow-first-token:openai/gpt-4o',
      kind: 'slow-first-token',
      value: 1240,
      threshold: 800,
      requests: 5,
      model: 'gpt-4o',
    });
    expect(alert!.text.message).toBe(
      'p99 time to first token 1,240 ms over the last 5 requests of gpt-4o (threshold 800 ms)',
    );
    expect(alert!.text.messageZh).toContain('1,240 毫秒');
    // Still over: not raised again.
    for (let i = 0; i < 4; i++) feed(record({ ttftMs: 300 }));
    expect(changes).toHaveLength(1);
    expect(m.list()).toEqual([alert]);
    // The slow one leaves the window of 5: cleared.
    feed(record({ ttftMs: 300 }));
    expect(changes).toHaveLength(2);
    expect(changes[1]).toEqual({ active: [], raised: [] });
    // Over again: a new raise, with a new raiseId.
    feed(record({ ttftMs: 5000 }));
    expect(changes).toHaveLength(3);
    expect(changes[2]!.raised[0]).toMatchObject({ id: alert!.id, value: 5000 });
    expect(changes[2]!.raised[0]!.raiseId).not.toBe(alert!.raiseId);
  });

  it('waits for a full window, keeps one window per model, and skips a person’s Stop', () => {
    const { m, feed } = monitor(rules);
    for (let i = 0; i < 4; i++) feed(record({ ttftMs: 3000 }));
    feed(record({ ttftMs: 3000, outcome: 'cancelled' }));
    feed(record({ model: 'gpt-4o-mini', ttftMs: 3000 }));
    expect(m.list()).toEqual([]);
    feed(record({ ttftMs: 3000 }));
    expect(m.list().map((a) => a.id)).toEqual(['slow-first-token:openai/gpt-4o']);
    // The same model at another provider is another window.
    for (let i = 0; i < 5; i++) feed(record({ providerId: 'azure', ttftMs: 100 }));
    expect(m.list().map((a) => a.id)).toEqual(['slow-first-token:openai/gpt-4o']);
  });

  it('switched off or under a raised threshold, clears; a smaller N keeps only the newest', () => {
    const wide = { window: 10, slowFirstToken: { enabled: true, thresholdMs: 800 } };
    const { m, changes, feed, change } = monitor(wide);
    for (let i = 0; i < 10; i++) feed(record({ ttftMs: i === 0 ? 2000 : 100 }));
    expect(m.list()).toHaveLength(1);
    change({ ...wide, slowFirstToken: { enabled: true, thresholdMs: 2500 } });
    expect(m.list()).toEqual([]);
    change(wide);
    expect(m.list()).toHaveLength(1);
    change({ ...wide, slowFirstToken: { enabled: false, thresholdMs: 800 } });
    expect(m.list()).toEqual([]);
    change(wide);
    expect(m.list()).toHaveLength(1);
    // The slow one is the oldest of 10: a window of 5 no longer holds it.
    change({ ...wide, window: 5 });
    expect(m.list()).toEqual([]);
    change(wide);
    expect(m.list()).toEqual([]);
    expect(changes.map((c) => c.active.length)).toEqual([1, 0, 1, 0, 1, 0]);
  });
});

describe('error rate', () => {
  it('counts errors and answers cut off over the last N, with its figures', () => {
    const { m, feed } = monitor({ window: 10, errorRate: { enabled: true, thresholdPercent: 20 } });
    for (let i = 0; i < 8; i++) feed(record());
    feed(record({ outcome: 'error', errorCode: 'server_error', ttftMs: null }));
    feed(record({ outcome: 'interrupted' }));
    expect(m.list()).toEqual([]); // 20 % is not above 20 %
    feed(record({ outcome: 'error', errorCode: 'timeout', ttftMs: null }));
    expect(m.list()).toEqual([
      expect.objectContaining({ kind: 'error-rate', value: 30, threshold: 20, requests: 10 }),
    ]);
    expect(m.list()[0]!.text.message).toBe(
      'Error rate 30 % over the last 10 requests of gpt-4o (threshold 20 %)',
    );
    // Eight good answers later, two of the last ten failed: 20 %, back at the threshold.
    for (let i = 0; i < 7; i++) feed(record());
    expect(m.list()).toHaveLength(1);
    feed(record());
    expect(m.list()).toEqual([]);
  });
});

describe('budgets', () => {
  it('start from what the history already counts today and this month, then add each record', () => {
    // Spent before this start: $3.50 today (and, for the month, the same).
    temp.history.recordMetrics(record({ costUsd: 2 }));
    temp.history.recordMetrics(record({ costUsd: 1.5, model: 'gpt-4o-mini' }));
    const { m, changes, feed } = monitor({
      dailyBudget: { enabled: true, usd: 4 },
      monthlyBudget: { enabled: true, usd: 4.2 },
    });
    expect(m.list()).toEqual([]);
    feed(record({ costUsd: 0.6 }));
    expect(m.list()).toEqual([expect.objectContaining({ id: 'daily-budget', value: 4.1, threshold: 4 })]);
    expect(m.list()[0]!.text.message).toBe('Spending today is $4.10, above the daily budget of $4.00');
    feed(record({ costUsd: 0.2 }));
    expect(m.list().map((a) => a.id)).toEqual(['daily-budget', 'monthly-budget']);
    expect(changes).toHaveLength(2);
    feed(record({ costUsd: 1 }));
    expect(changes).toHaveLength(2); // still over: not raised again
  });

  it('spending already over a budget at start is raised at once', () => {
    temp.history.recordMetrics(record({ costUsd: 7 }));
    const { m, changes } = monitor({ dailyBudget: { enabled: true, usd: 5 } });
    expect(m.list()).toEqual([expect.objectContaining({ id: 'daily-budget', value: 7, threshold: 5 })]);
    expect(changes).toHaveLength(1);
  });

  it('a new day reads the totals again: yesterday’s daily alert clears', () => {
    let now = Date.now();
    const { m, feed } = monitor({ dailyBudget: { enabled: true, usd: 1 } }, () => now);
    feed(record({ costUsd: 1.5 }));
    expect(m.list().map((a) => a.id)).toEqual(['daily-budget']);
    now += 24 * 3600_000;
    m.refresh();
    expect(m.list()).toEqual([]);
  });

  it('a record without a price adds nothing; an off budget never raises', () => {
    const { m, feed } = monitor({ dailyBudget: { enabled: false, usd: 1 } });
    feed(record({ costUsd: 50 }));
    feed(record({ costUsd: null }));
    expect(m.list()).toEqual([]);
  });
});

describe('settings', () => {
  it('are off by default with N = 50, and refuse bad figures in plain words', () => {
    const defaults = alertSettingsSchema.parse({});
    expect(defaults.window).toBe(50);
    expect(
      [defaults.slowFirstToken, defaults.errorRate, defaults.dailyBudget, defaults.monthlyBudget].map(
        (r) => r.enabled,
      ),
    ).toEqual([false, false, false, false]);
    const bad = alertSettingsSchema.safeParse({ window: 2, dailyBudget: { enabled: true, usd: -1 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual([
      'Look at 5 requests or more.',
      'A budget is more than $0.',
    ]);
  });
});
