import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { statsdSink } from '../../../src/main/core/metrics/statsd.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';

/** The StatsD push received by a real UDP listener on 127.0.0.1. */

const record: RequestMetrics = {
  requestId: 'r1',
  conversationId: 'c1',
  providerId: 'openai',
  model: 'gpt-4o.mini "x"',
  startedAt: Date.now(),
  ttftMs: 321.4,
  totalMs: 1500.6,
  inputTokens: 12,
  outputTokens: 34,
  usageEstimated: false,
  tokensPerSecond: 20,
  retries: 0,
  failoverHops: 0,
  outcome: 'complete',
  errorCode: null,
  costUsd: 0.00125,
};

it('each request is one packet of StatsD lines, names made safe, reaching a real UDP listener', async () => {
  const listener = createSocket('udp4');
  listener.bind(0, '127.0.0.1');
  await once(listener, 'listening');
  const sink = statsdSink({ host: '127.0.0.1', port: listener.address().port, prefix: 'parley.dev' });
  try {
    const received = once(listener, 'message');
    sink(record);
    const [packet] = (await received) as [Buffer];
    expect(packet.toString().split('\n').sort()).toEqual(
      [
        'parley.dev.openai.gpt-4o_mini__x_.request_duration_ms:1501|ms',
        'parley.dev.openai.gpt-4o_mini__x_.requests.complete:1|c',
        'parley.dev.openai.gpt-4o_mini__x_.tokens.input:12|c',
        'parley.dev.openai.gpt-4o_mini__x_.tokens.output:34|c',
        'parley.dev.openai.gpt-4o_mini__x_.time_to_first_token_ms:321|ms',
        'parley.dev.openai.gpt-4o_mini__x_.cost_micro_usd:1250|c',
      ].sort(),
    );
  } finally {
    sink.close();
    listener.close();
  }
});

it('no listener, or a host that does not resolve: nothing throws and nothing waits', async () => {
  const nobody = statsdSink({ host: '127.0.0.1', port: 9, prefix: 'parley' });
  const nowhere = statsdSink({ host: 'no-such-host.invalid', port: 8125, prefix: 'parley' });
  expect(() => nobody(record)).not.toThrow();
  expect(() => nowhere(record)).not.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 300));
  nobody.close();
  nowhere.close();
});
