import type { ActiveAlert, AlertKind, AlertSettings } from '../../../shared/alerts.ts';
import { alertText } from '../../../shared/alerts.ts';
import { localDay } from '../store/usage-rollup.ts';
import { percentile } from './percentile.ts';
import type { RequestMetrics } from './request-metrics.ts';

/**
 * The alert rules of Settings → Usage, fed each finished request: a window of each model's last N
 * requests (time to first token, failed or not) and the money spent today and this month. An alert
 * is raised once when its figure goes over its threshold and cleared when the figure is back at or
 * under it; while raised it is not raised again. Electron-free; the host shows and notifies.
 */

export interface AlertMonitorOptions {
  settings: () => AlertSettings;
  /** Dollars spent from `since` (epoch ms) until now, as the history has them (records already written included). */
  spentSince: (since: number) => number;
  /** After each change of the active alerts: all of them, and those just raised. */
  onChange: (active: ActiveAlert[], raised: ActiveAlert[]) => void;
  now?: () => number;
}

interface Sample {
  ttftMs: number | null;
  failed: boolean;
}

interface ModelWindow {
  providerId: string;
  model: string;
  samples: Sample[];
}

/** What a rule found: over its threshold or not, with the figures to show. */
type Finding = Omit<ActiveAlert, 'id' | 'raiseId' | 'raisedAt' | 'text'> & { over: boolean };

const startOfDay = (ms: number) => new Date(ms).setHours(0, 0, 0, 0);
const startOfMonth = (ms: number) => {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
};

export class AlertMonitor {
  readonly #options: AlertMonitorOptions;
  readonly #now: () => number;
  readonly #windows = new Map<string, ModelWindow>();
  readonly #active = new Map<string, ActiveAlert>();
  #serial = 0;
  #day = '';
  #spentToday = 0;
  #spentMonth = 0;

  constructor(options: AlertMonitorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#readTotals();
    // Spending already over a budget at start is an alert from the start.
    this.#evaluate();
  }

  /** The alerts raised now, oldest first. */
  list(): ActiveAlert[] {
    return [...this.#active.values()];
  }

  /** A finished request's record, after the history has written it. */
  observe(record: RequestMetrics): void {
    // A new day: the totals are read again, and the history already counts this record.
    if (!this.#readTotalsOnNewDay()) {
      const day = localDay(record.startedAt);
      if (day === this.#day) this.#spentToday += record.costUsd ?? 0;
      if (day.slice(0, 7) === this.#day.slice(0, 7)) this.#spentMonth += record.costUsd ?? 0;
    }
    // A person's Stop says nothing about the model's speed or health.
    if (record.outcome !== 'cancelled') {
      const key = `${record.providerId}/${record.model}`;
      const window = this.#windows.get(key) ?? {
        providerId: record.providerId,
        model: record.model,
        samples: [],
      };
      window.samples.push({
        ttftMs: record.ttftMs,
        failed: record.outcome === 'error' || record.outcome === 'interrupted',
      });
      this.#windows.set(key, window);
    }
    this.#evaluate();
  }

  /** After a change of settings, and now and then (a new day clears yesterday's budget alert). */
  refresh(): void {
    this.#readTotalsOnNewDay();
    this.#evaluate();
  }

  #readTotals(): void {
    const now = this.#now();
    this.#day = localDay(now);
    this.#spentToday = this.#options.spentSince(startOfDay(now));
    this.#spentMonth = this.#options.spentSince(startOfMonth(now));
  }

  #readTotalsOnNewDay(): boolean {
    if (localDay(this.#now()) === this.#day) return false;
    this.#readTotals();
    return true;
  }

  #evaluate(): void {
    const settings = this.#options.settings();
    const findings: [string, Finding][] = [];
    for (const [key, window] of this.#windows) {
      // Only the last N are kept (a smaller N drops the oldest).
      window.samples.splice(0, Math.max(0, window.samples.length - settings.window));
      for (const finding of modelFindings(window, settings))
        findings.push([`${finding.kind}:${key}`, finding]);
    }
    findings.push(
      ['daily-budget', budget('daily-budget', this.#spentToday, settings.dailyBudget)],
      ['monthly-budget', budget('monthly-budget', this.#spentMonth, settings.monthlyBudget)],
    );
    const raised: ActiveAlert[] = [];
    let cleared = false;
    for (const [id, { over, ...figures }] of findings) {
      if (over && !this.#active.has(id)) {
        const alert: ActiveAlert = {
          id,
          raiseId: String(++this.#serial),
          raisedAt: this.#now(),
          ...figures,
          text: alertText(figures),
        };
        this.#active.set(id, alert);
        raised.push(alert);
      } else if (!over && this.#active.delete(id)) {
        cleared = true;
      }
    }
    if (raised.length > 0 || cleared) this.#options.onChange(this.list(), raised);
  }
}

/** The latency and error rules over one model's window; neither judges a window not yet full. */
function modelFindings(window: ModelWindow, settings: AlertSettings): Finding[] {
  const { samples, providerId, model } = window;
  const full = samples.length >= settings.window;
  const base = { providerId, model, requests: samples.length };
  const ttfts = samples.flatMap((s) => (s.ttftMs === null ? [] : [s.ttftMs])).sort((a, b) => a - b);
  const p99 = percentile(ttfts, 0.99);
  const { slowFirstToken, errorRate } = settings;
  const failedPercent = samples.length ? (samples.filter((s) => s.failed).length / samples.length) * 100 : 0;
  return [
    {
      ...base,
      kind: 'slow-first-token',
      value: Math.round(p99 ?? 0),
      threshold: slowFirstToken.thresholdMs,
      over: slowFirstToken.enabled && full && p99 !== null && p99 > slowFirstToken.thresholdMs,
    },
    {
      ...base,
      kind: 'error-rate',
      value: Math.round(failedPercent * 10) / 10,
      threshold: errorRate.thresholdPercent,
      over: errorRate.enabled && full && failedPercent > errorRate.thresholdPercent,
    },
  ];
}

function budget(kind: AlertKind, spent: number, rule: { enabled: boolean; usd: number }): Finding {
  return {
    kind,
    providerId: null,
    model: null,
    requests: null,
    value: Math.round(spent * 1e6) / 1e6,
    threshold: rule.usd,
    over: rule.enabled && spent > rule.usd,
  };
}
