import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ActiveAlert } from '../../../src/shared/alerts.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';
import type { CoreHarness } from '../core/harness.ts';

/**
 * Alerts through the real core: answers from the mock server whose first token comes late raise
 * the time-to-first-token alert once (event and `alerts.list`), fast answers clear it.
 */
let harness: CoreHarness;
const { peer, events } = recordingPeer('window');
const alertEvents = () =>
  events.filter((e) => e.name === 'alerts.changed').map((e) => e.payload as ActiveAlert[]);

beforeAll(async () => {
  harness = await startCore(peer, 'alerts');
  // One request per answer: no title request beside it.
  await harness.call('settings.update', {
    autoTitle: false,
    alerts: { window: 5, slowFirstToken: { enabled: true, thresholdMs: 400 } },
  });
});
afterAll(() => harness.close());

async function ask(firstTokenDelayMs: number): Promise<void> {
  harness.mock.enqueue({ text: 'Answer.', delayBeforeHeadersMs: firstTokenDelayMs });
  const sent = await harness.call('chat.send', { content: 'How fast?', conversationId: null });
  expect((await streamEnd(events, sent.streamId)).state).toBe('complete');
  await harness.core.chat.settled();
}

it('slow first tokens raise the alert once, with its figures; fast ones clear it', async () => {
  expect(await harness.call('alerts.list', {})).toEqual([]);
  let slow = 0;
  while (alertEvents().length === 0) {
    expect(slow, 'five slow answers fill the window of five').toBeLessThan(5);
    await ask(600);
    slow++;
  }
  expect(slow).toBe(5);
  const [raised] = alertEvents();
  expect(raised).toEqual([
    expect.objectContaining({
      kind: 'slow-first-token',
      providerId: harness.providerId,
      model: 'gpt-4o-mini',
      threshold: 400,
      requests: 5,
    }),
  ]);
  expect(raised![0]!.value).toBeGreaterThanOrEqual(600);
  expect(raised![0]!.text.message).toMatch(
    /^p99 time to first token \d{3}(,\d{3})? ms over the last 5 requests of gpt-4o-mini \(threshold 400 ms\)$/,
  );
  expect(await harness.call('alerts.list', {})).toEqual(raised);

  // Still slow: not raised again.
  await ask(600);
  expect(alertEvents()).toHaveLength(1);

  let fast = 0;
  while ((await harness.call('alerts.list', {})).length > 0) {
    expect(fast, 'five fast answers replace the slow ones').toBeLessThan(5);
    await ask(0);
    fast++;
  }
  expect(fast).toBe(5);
  expect(alertEvents()).toEqual([raised, []]);
});
