import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../llm/proxies.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';
import type { CoreHarness } from '../core/harness.ts';

/**
 * The app's exports as Settings turns them on and off, through the contract of a real core: a
 * real answer (from the mock server) counted at the endpoint and pushed to a real UDP listener.
 */
let harness: CoreHarness;
const { peer, events } = recordingPeer('window');

beforeAll(async () => {
  harness = await startCore(peer, 'metrics-export');
  // One request per answer: no title request beside it.
  await harness.call('settings.update', { autoTitle: false });
});
afterAll(() => harness.close());

it('turned on in Settings, the endpoint counts a real answer and StatsD receives it; turned off, both stop', async () => {
  const port = await freePort();
  const listener = createSocket('udp4');
  listener.bind(0, '127.0.0.1');
  await once(listener, 'listening');
  try {
    await harness.call('settings.update', {
      metricsExport: {
        openMetrics: { enabled: true, port },
        statsd: { enabled: true, host: '127.0.0.1', port: listener.address().port, prefix: 'app' },
      },
    });
    const packet = once(listener, 'message');
    harness.mock.enqueue({ text: 'Counted.' });
    const sent = await harness.call('chat.send', { content: 'Count me', conversationId: null });
    await streamEnd(events, sent.streamId);
    await harness.core.chat.settled();
    const [lines] = (await packet) as [Buffer];
    expect(lines.toString()).toMatch(/^app\.metrics-export-\d+\.gpt-4o-mini\.request_duration_ms:\d+\|ms$/m);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(
      /parley_requests_total\{provider="metrics-export-\d+",model="gpt-4o-mini",outcome="complete"\} 1/,
    );
    expect(text).not.toContain('Count me');
    // The same answer in the summary a window's Usage view asks for.
    const summary = await harness.call('usage.summary', { since: Date.now() - 60_000 });
    expect(summary.models).toEqual([
      expect.objectContaining({ model: 'gpt-4o-mini', requests: 1, succeeded: 1, failed: 0 }),
    ]);

    await harness.call('settings.update', {
      metricsExport: {
        openMetrics: { enabled: false, port },
        statsd: { enabled: false, host: '127.0.0.1', port: 8125, prefix: 'app' },
      },
    });
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  } finally {
    listener.close();
  }
});

it('a port another program holds is told in plain words, and nothing else stops', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as { port: number };
  try {
    await harness.call('settings.update', {
      metricsExport: {
        openMetrics: { enabled: true, port },
        statsd: { enabled: false, host: '127.0.0.1', port: 8125, prefix: 'parley' },
      },
    });
    await expect
      .poll(async () => (await harness.call('settings.get', {})).notices.map((n) => n.message).join('\n'))
      .toMatch(new RegExp(`could not use port ${port}`));
    harness.mock.enqueue({ text: 'Still answered.' });
    const sent = await harness.call('chat.send', { content: 'Still here?', conversationId: null });
    expect((await streamEnd(events, sent.streamId)).state).toBe('complete');
  } finally {
    holder.close();
  }
});
