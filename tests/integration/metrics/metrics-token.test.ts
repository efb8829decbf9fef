import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { METRICS_TOKEN_ACCOUNT } from '../../../src/main/core/metrics/metrics-token.ts';
import { countFiles, filesContaining } from '../../fixtures/scan-files.ts';
import { freePort } from '../llm/proxies.ts';
import { recordingPeer, startCore } from '../core/harness.ts';
import type { CoreHarness } from '../core/harness.ts';

/**
 * The OpenMetrics endpoint's bearer token, set through the contract: kept in the real keychain,
 * asked for by the endpoint from then on, never in a settings file, a log, an event or an answer.
 */
let harness: CoreHarness;
const { peer, events } = recordingPeer('window');
const token = `parley-metrics-${process.pid}-0123456789abcdef`;
let url = '';
// Whatever the core logs while the token is set, used and removed.
const logged: unknown[][] = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
  vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args));

beforeAll(async () => {
  harness = await startCore(peer, 'metrics-token');
  const port = await freePort();
  url = `http://127.0.0.1:${port}/metrics`;
  await harness.call('settings.update', {
    metricsExport: {
      openMetrics: { enabled: true, port },
      statsd: { enabled: false, host: '127.0.0.1', port: 8125, prefix: 'parley' },
    },
  });
});
afterAll(async () => {
  await harness.core.secrets.delete(METRICS_TOKEN_ACCOUNT);
  await harness.close();
});

const status = (auth?: string) =>
  fetch(url, auth ? { headers: { authorization: auth } } : {}).then((r) => r.status);

it('without a token the endpoint answers anyone; once set, only a scrape that sends it', async () => {
  expect(await harness.call('metrics.tokenStatus', {})).toEqual({ set: false });
  expect(await status()).toBe(200);

  const answer = await harness.call('metrics.setToken', { token: `  ${token} ` });
  expect(answer).toEqual({ set: true });
  expect(await harness.core.secrets.get(METRICS_TOKEN_ACCOUNT)).toBe(token);
  expect(await status()).toBe(401);
  expect(await status(`Bearer ${token}x`)).toBe(401);
  expect(await status(`Bearer ${token}`)).toBe(200);

  // After a restart the endpoint reads it from the keychain again.
  await harness.restart();
  expect(await harness.call('metrics.tokenStatus', {})).toEqual({ set: true });
  expect(await status()).toBe(401);
  expect(await status(`Bearer ${token}`)).toBe(200);

  // Nothing a window receives, no file in the data folder (settings included), no log holds it.
  const seen = JSON.stringify([events, await harness.call('settings.get', {})]);
  expect(seen).not.toContain(token);
  expect(countFiles(harness.dataDir)).toBeGreaterThan(0);
  expect(filesContaining(harness.dataDir, token)).toEqual([]);
  expect(JSON.stringify(logged)).not.toContain(token);

  expect(await harness.call('metrics.removeToken', {})).toEqual({ set: false });
  expect(await harness.core.secrets.get(METRICS_TOKEN_ACCOUNT)).toBeNull();
  expect(await status()).toBe(200);
});

it('a token too short or with spaces is refused in plain words, and the saved one is kept', async () => {
  await harness.call('metrics.setToken', { token });
  await expect(harness.call('metrics.setToken', { token: 'short' })).rejects.toThrow(
    /at least 16 characters/,
  );
  await expect(harness.call('metrics.setToken', { token: 'has a space in it, sadly' })).rejects.toThrow(
    /without spaces/,
  );
  expect(await harness.core.secrets.get(METRICS_TOKEN_ACCOUNT)).toBe(token);
  expect(await status(`Bearer ${token}`)).toBe(200);
});
