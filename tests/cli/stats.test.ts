import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, expect, it } from 'vitest';
import { sinceOf } from '../../src/cli/stats.ts';
import type { MockServer } from '../mock-server/server.ts';
import { cliFixture, runCli } from './run-cli.ts';

/** `parley stats` over the records real `parley ask` runs left (against the mock server). */

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = cliFixture('parley-stats-');
let server: MockServer;
let dataDir: string;
beforeEach(() => {
  server = fixture.server();
  dataDir = fixture.dataDir();
});

const env = () => ({ CLI_KEY: 'sk-stats-test-key-1234567890', PARLEY_DATA_DIR: dataDir });
const ask = (model: string) =>
  runCli(
    ['ask', '--base-url', `${server.url}/v1`, '--api-key-env', 'CLI_KEY', '--model', model, 'Hi'],
    env(),
  );

it('after twenty asks, half with a slower first token, the percentiles match the delays; --json in the documented shape', async () => {
  // Far above what a fast answer takes even on a loaded machine.
  const SLOW = 400;
  for (let i = 0; i < 20; i++) {
    server.enqueue({ text: `Answer ${i}.`, ...(i % 2 ? { delayBeforeHeadersMs: SLOW } : {}) });
    expect((await ask('gpt-4o')).code).toBe(0);
  }
  server.enqueue({ text: 'Mini.' }, { status: 400, errorMessage: 'bad request' });
  expect((await ask('gpt-4o-mini')).code).toBe(0);
  expect((await ask('gpt-4o-mini')).code).toBe(1);

  const json = await runCli(['stats', '--json'], env());
  expect(json.code).toBe(0);
  const { models } = JSON.parse(json.stdout) as { models: Record<string, unknown>[] };
  expect(models.map((m) => Object.keys(m))).toEqual(
    Array(2).fill([
      'provider',
      'model',
      'requests',
      'succeeded',
      'failed',
      'ttftMs',
      'durationMs',
      'tokensIn',
      'tokensOut',
      'costUsd',
    ]),
  );
  const byModel = Object.fromEntries(models.map((m) => [m.model, m]));
  expect(byModel['gpt-4o']).toMatchObject({ requests: 20, succeeded: 20, failed: 0 });
  expect(byModel['gpt-4o-mini']).toMatchObject({ requests: 2, succeeded: 1, failed: 1 });
  // Ten fast, ten slow: the median is a fast one, p95 and p99 slow ones (within the 2.5 % buckets).
  const ttft = byModel['gpt-4o']!.ttftMs as { p50: number; p95: number; p99: number };
  expect(ttft.p50).toBeLessThan(SLOW * 0.975);
  expect(ttft.p95).toBeGreaterThanOrEqual(SLOW * 0.975);
  expect(ttft.p99).toBeGreaterThanOrEqual(ttft.p95);
  const duration = byModel['gpt-4o']!.durationMs as { p95: number };
  expect(duration.p95).toBeGreaterThanOrEqual(SLOW * 0.975);
  expect(byModel['gpt-4o']!.tokensOut).toBeGreaterThan(0);

  const table = await runCli(['stats', '--since', 'today'], env());
  expect(table.stdout).toMatch(/^model\s+requests\s+ok\s+failed/);
  expect(table.stdout).toMatch(/gpt-4o-mini\s+2\s+1\s+1\s/);
  expect(table.stdout).toMatch(/22 requests/);
  // What stats reads holds no prompt or answer text and no key.
  expect(json.stdout + table.stdout).not.toMatch(/Hi|Answer|Mini\.|sk-stats/);
});

it('an empty range says so; a bad --since is a usage error', async () => {
  expect(await runCli(['stats'], env())).toMatchObject({ code: 0, stdout: /^No requests from / });
  expect(await runCli(['stats', '--since', 'last week'], env())).toMatchObject({
    code: 2,
    stderr: /--since takes Nd[^]*Usage:\nparley stats/,
  });
});

it('--since counts whole local days back from today', () => {
  const now = new Date(2026, 11, 2, 15, 30).getTime();
  expect(sinceOf('today', now)).toBe(new Date(2026, 11, 2).getTime());
  expect(sinceOf('7d', now)).toBe(new Date(2026, 10, 26).getTime());
  expect(sinceOf('2026-11-01', now)).toBe(new Date(2026, 10, 1).getTime());
  expect(() => sinceOf('2026-02-30', now)).toThrow(/--since/);
  expect(() => sinceOf('0d', now)).toThrow(/--since/);
});

it('parley metrics serve (a real process) serves the records until Ctrl-C, then exits 0', async () => {
  server.enqueue({ text: 'Counted.' });
  expect((await ask('gpt-4o')).code).toBe(0);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(
    process.execPath,
    [join(root, 'bin/parley.js'), 'metrics', 'serve', '--port', String(port)],
    {
      env: { PATH: process.env.PATH ?? '', PARLEY_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (part: Buffer) => (stderr += part.toString()));
  const exited = once(child, 'exit');
  try {
    await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/Serving OpenMetrics at/);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain('parley_requests_total{provider="openai",model="gpt-4o",outcome="complete"} 1');
  } finally {
    child.kill('SIGINT');
  }
  expect((await exited)[0]).toBe(0);
});
