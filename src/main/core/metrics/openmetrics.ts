import type { RequestMetrics } from './request-metrics.ts';

/**
 * Request records as OpenMetrics families (what Prometheus scrapes): two latency histograms, and
 * counters of requests, tokens and cost, labelled by provider and model (and outcome or
 * direction). Built from the records alone: never prompt or answer text, never a key.
 */

/** Seconds: from a fast first token to a long answer. */
export const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

type Labels = Record<string, string>;

interface HistogramSeries {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

const labelKey = (labels: Labels) => JSON.stringify(labels);

/** A label value as OpenMetrics escapes it (a model name is a person's text). */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  return pairs.length ? `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
}

const number = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1e9) / 1e9));

class Histogram {
  readonly #series = new Map<string, HistogramSeries>();

  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { labels, counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    LATENCY_BUCKETS.forEach((bound, i) => {
      if (value <= bound) series.counts[i]!++;
    });
    series.sum += value;
    series.count++;
  }

  lines(name: string): string[] {
    const out: string[] = [];
    for (const s of this.#series.values()) {
      LATENCY_BUCKETS.forEach((bound, i) =>
        out.push(`${name}_bucket${labelText(s.labels, ['le', String(bound)])} ${s.counts[i]}`),
      );
      out.push(`${name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      out.push(`${name}_sum${labelText(s.labels)} ${number(s.sum)}`);
      out.push(`${name}_count${labelText(s.labels)} ${s.count}`);
    }
    return out;
  }
}

class Counter {
  readonly #series = new Map<string, { labels: Labels; value: number }>();

  add(labels: Labels, value: number): void {
    const key = labelKey(labels);
    const series = this.#series.get(key) ?? { labels, value: 0 };
    series.value += value;
    this.#series.set(key, series);
  }

  lines(name: string): string[] {
    return [...this.#series.values()].map((s) => `${name}_total${labelText(s.labels)} ${number(s.value)}`);
  }
}

export class MetricsRegistry {
  readonly #duration = new Histogram();
  readonly #ttft = new Histogram();
  readonly #requests = new Counter();
  readonly #tokens = new Counter();
  readonly #cost = new Counter();

  observe(record: RequestMetrics): void {
    const labels = { provider: record.providerId, model: record.model };
    this.#duration.observe(labels, record.totalMs / 1000);
    if (record.ttftMs !== null) this.#ttft.observe(labels, record.ttftMs / 1000);
    this.#requests.add({ ...labels, outcome: record.outcome }, 1);
    this.#tokens.add({ ...labels, direction: 'input' }, record.inputTokens);
    this.#tokens.add({ ...labels, direction: 'output' }, record.outputTokens);
    if (record.costUsd !== null) this.#cost.add(labels, record.costUsd);
  }

  /**
   * The exposition: OpenMetrics 1.0 (what Prometheus asks for), or the older Prometheus text format
   * (for a client that does not ask, such as curl or `promtool check metrics`). They differ in how a
   * counter's family is named in its TYPE and HELP lines, and in the UNIT and EOF lines.
   */
  exposition(format: 'openmetrics' | 'text' = 'openmetrics'): string {
    const om = format === 'openmetrics';
    const family = (
      name: string,
      type: 'histogram' | 'counter',
      unit: string | null,
      help: string,
      lines: string[],
    ) => {
      const named = type === 'counter' && !om ? `${name}_total` : name;
      return [
        `# HELP ${named} ${help}`,
        `# TYPE ${named} ${type}`,
        ...(unit && om ? [`# UNIT ${name} ${unit}`] : []),
        ...lines,
      ];
    };
    return [
      ...family(
        'parley_request_duration_seconds',
        'histogram',
        'seconds',
        'Time from sending a model request to its last byte, retries and failover included.',
        this.#duration.lines('parley_request_duration_seconds'),
      ),
      ...family(
        'parley_time_to_first_token_seconds',
        'histogram',
        'seconds',
        'Time from sending a model request to the first token of its answer.',
        this.#ttft.lines('parley_time_to_first_token_seconds'),
      ),
      ...family(
        'parley_requests',
        'counter',
        null,
        'Model requests by how they ended (complete, interrupted, error, cancelled).',
        this.#requests.lines('parley_requests'),
      ),
      ...family(
        'parley_tokens',
        'counter',
        null,
        'Tokens sent (input) and received (output).',
        this.#tokens.lines('parley_tokens'),
      ),
      ...family(
        'parley_cost_usd',
        'counter',
        'usd',
        'Cost of the answers, in US dollars, from the price table.',
        this.#cost.lines('parley_cost_usd'),
      ),
      ...(om ? ['# EOF'] : []),
      '',
    ].join('\n');
  }
}
