import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../llm/proxies.ts';
import { startMetricsServer, type MetricsServer } from '../../../src/main/core/metrics/metrics-server.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import { requestRecord } from '../../fixtures/request-records.ts';
import { openHistory, type HistoryService } from '../../../src/main/core/store/history-service.ts';

/**
 * The OpenMetrics endpoint scraped by a real Prometheus (Debian's package; the README's test
 * command installs it), read back through Prometheus's HTTP API; its text output checked by
 * `promtool check metrics`. Records are written to a real history, as requests leave them.
 */
const haveProm = existsSync('/usr/bin/prometheus') && existsSync('/usr/bin/promtool');
const TOKEN = 'scrape-token-for-the-test';

let dir: string;
let history: HistoryService;
let server: MetricsServer;
let prometheus: ChildProcess | null = null;
let promUrl = '';

const record = (over: Partial<RequestMetrics>): RequestMetrics =>
  requestRecord({ ttftMs: 300, outputTokens: 50, tokensPerSecond: 25, ...over });

/** One instant vector from Prometheus, polled until `ready` accepts it (scrapes come every second). */
async function query(expr: string, ready: (values: Record<string, number>) => boolean) {
  const deadline = Date.now() + 30_000;
  let values: Record<string, number> = {};
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await response.json()) as {
        data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      values = Object.fromEntries(
        (body.data?.result ?? []).map((r) => [
          Object.entries(r.metric)
            .filter(([k]) => !['__name__', 'job', 'instance'].includes(k))
            .map(([k, v]) => `${k}=${v}`)
            .join(','),
          Number(r.value[1]),
        ]),
      );
      if (ready(values)) return values;
    } catch {
      // Prometheus still starting.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Prometheus never answered ${expr} as expected; last: ${JSON.stringify(values)}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-prom-'));
  ({ history } = await openHistory({ dataDir: join(dir, 'data'), autoBackupEveryMs: null }));
  for (let i = 0; i < 6; i++)
    history.recordMetrics(record({ ttftMs: 100 * (i + 1), totalMs: 1000 * (i + 1) }));
  history.recordMetrics(
    record({
      model: 'claude "quoted"',
      providerId: 'anthropic',
      outcome: 'error',
      errorCode: 'timeout',
      ttftMs: null,
      costUsd: null,
    }),
  );
  server = await startMetricsServer({ port: 0, feed: history, token: TOKEN });
  if (!haveProm) return;
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  const target = new URL(server.url);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, scrape_timeout: 1s }',
      'scrape_configs:',
      '  - job_name: parley',
      `    authorization: { type: Bearer, credentials: ${TOKEN} }`,
      `    static_configs: [{ targets: ['${target.host}'] }]`,
      '',
    ].join('\n'),
  );
  prometheus = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
}, 30_000);

afterAll(async () => {
  prometheus?.kill('SIGKILL');
  await server?.close();
  history?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a scrape needs the bearer token; only /metrics answers; the text format passes promtool', async () => {
  expect((await fetch(server.url)).status).toBe(401);
  expect((await fetch(server.url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  const auth = { authorization: `Bearer ${TOKEN}` };
  expect((await fetch(server.url.replace('/metrics', '/other'), { headers: auth })).status).toBe(404);
  const text = await (await fetch(server.url, { headers: auth })).text();
  expect(text).toContain('parley_requests_total{provider="openai",model="gpt-4o",outcome="complete"} 6');
  expect(text).toContain('model="claude \\"quoted\\""');
  expect(text).not.toContain('# EOF');
  const om = await fetch(server.url, {
    headers: { ...auth, accept: 'application/openmetrics-text; version=1.0.0' },
  });
  expect(om.headers.get('content-type')).toMatch(/^application\/openmetrics-text/);
  expect(await om.text()).toMatch(/# UNIT parley_request_duration_seconds seconds[^]*# EOF\n$/);
  if (!haveProm) return;
  const checked = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  expect(checked.stdout + checked.stderr).toBe('');
  expect(checked.status).toBe(0);
});

it.skipIf(!haveProm)(
  'a real Prometheus scrapes it and reads back the counts, sums and buckets',
  async () => {
    const requests = await query('parley_requests_total', (v) => Object.keys(v).length === 2);
    expect(requests).toEqual({
      'model=gpt-4o,outcome=complete,provider=openai': 6,
      'model=claude "quoted",outcome=error,provider=anthropic': 1,
    });
    const ttft = await query('parley_time_to_first_token_seconds_sum', (v) => Object.keys(v).length > 0);
    expect(ttft['model=gpt-4o,provider=openai']).toBeCloseTo(2.1, 6);
    const under = await query(
      'parley_request_duration_seconds_bucket{le="2.5"}',
      (v) => Object.keys(v).length > 0,
    );
    expect(under['le=2.5,model=gpt-4o,provider=openai']).toBe(2);
    const tokens = await query('parley_tokens_total{direction="output"}', (v) => Object.keys(v).length > 0);
    expect(tokens['direction=output,model=gpt-4o,provider=openai']).toBe(300);
    // A request recorded later (by any process using this data folder) is counted at the next scrape.
    history.recordMetrics(record({}));
    await query(
      'parley_requests_total{outcome="complete"}',
      (v) => v['model=gpt-4o,outcome=complete,provider=openai'] === 7,
    );
  },
  60_000,
);
