import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { sinceOf } from '../../src/cli/stats.ts';
import { startMockServer, type MockServer } from '../mock-server/server.ts';
import { runCli } from './run-cli.ts';

/** `parley stats` over the records real `parley ask` runs left (against the mock server). */

let server: MockServer;
let dataDir: string;
beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 1 } });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-stats-'));
  return () => rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({ CLI_KEY: 'sk-stats-test-key-1234567890', PARLEY_DATA_DIR: dataDir });
const ask = (model: string) =>
  runCli(
    ['ask', '--base-url', `${server.url}/v1`, '--api-key-env', 'CLI_KEY', '--model', model, 'Hi'],
    env(),
  );

it('prints each model’s requests, failures, latency, tokens and cost; --json in the documented shape', async () => {
  server.enqueue({ text: 'One.', delayBeforeHeadersMs: 60 }, { text: 'Two.' }, { text: 'Three.' });
  expect((await ask('gpt-4o')).code).toBe(0);
  expect((await ask('gpt-4o')).code).toBe(0);
  expect((await ask('gpt-4o-mini')).code).toBe(0);
  server.enqueue({ status: 400, errorMessage: 'bad request' });
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
  expect(byModel['gpt-4o']).toMatchObject({ requests: 2, succeeded: 2, failed: 0 });
  expect(byModel['gpt-4o-mini']).toMatchObject({ requests: 2, succeeded: 1, failed: 1 });
  const slow = byModel['gpt-4o']!.ttftMs as { p50: number; p99: number };
  expect(slow.p99).toBeGreaterThanOrEqual(60 * 0.975);
  expect(slow.p50).toBeLessThanOrEqual(slow.p99);
  expect(byModel['gpt-4o']!.tokensOut).toBeGreaterThan(0);

  const table = await runCli(['stats', '--since', 'today'], env());
  expect(table.stdout).toMatch(/^model\s+requests\s+ok\s+failed/);
  expect(table.stdout).toMatch(/gpt-4o-mini\s+2\s+1\s+1\s/);
  expect(table.stdout).toMatch(/4 requests/);
  // Nothing else was recorded: no prompt or answer text, no key, in what stats reads.
  expect(json.stdout + table.stdout).not.toMatch(/Hi|One\.|sk-stats/);
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
