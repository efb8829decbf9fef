import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { RequestInput, RequestName } from '../../../src/shared/contract.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { CoreHarness } from './harness.ts';
import { recordingPeer, startCore } from './harness.ts';

/** The composed core, driven through the contract exactly as a window or socket drives it. */
const KEY = 'sk-core-test-SECRET-9f8e7d6c';
let harness: CoreHarness;
let providerId: string;
let mock: MockServer;
const { peer, events } = recordingPeer('test');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);

beforeAll(async () => {
  harness = await startCore(peer, 'core');
  ({ mock, providerId } = harness);
});
afterAll(() => harness.close());

describe('the composed core', () => {
  it('takes a key and only ever answers with whether it is set and its last four characters', async () => {
    const status = await call('keys.set', { providerId, key: KEY });
    expect(status).toMatchObject({ providerId, hasKey: true, last4: '7d6c' });
    const settings = await call('settings.get', {});
    const everything = JSON.stringify([status, settings, events]);
    expect(everything).not.toContain('SECRET');
    expect(settings.providers.find((p) => p.id === providerId)?.key.hasKey).toBe(true);
    // Every window hears about the change.
    expect(events.some((e) => e.name === 'settings.changed')).toBe(true);
    const test = await call('keys.test', { providerId });
    expect(test).toMatchObject({ ok: true });
    expect(mock.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('sends through the contract, streams events to the caller, and saves the exchange', async () => {
    mock.enqueue({ text: 'Saved answer.' });
    const sent = await call('chat.send', { content: 'Save me', conversationId: null });
    await expect
      .poll(() =>
        events.some(
          (e) =>
            (e.payload as ChatStreamEvent).streamId === sent.streamId &&
            (e.payload as ChatStreamEvent).type === 'done',
        ),
      )
      .toBe(true);
    const conversation = await call('history.open', { conversationId: sent.conversationId });
    expect(conversation.messages.map((m) => m.content)).toEqual(['Save me', 'Saved answer.']);
    expect(events).toContainEqual({
      name: 'history.changed',
      payload: { conversationId: sent.conversationId, reason: 'created', summary: sent.conversation },
    });
  });

  it('a deleted conversation can be restored until Parley restarts, then it is gone for good', async () => {
    mock.enqueue({ text: 'Short-lived.' });
    const sent = await call('chat.send', { content: 'Delete me', conversationId: null });
    await harness.core.chat.settled();
    await call('history.delete', { conversationId: sent.conversationId });
    expect((await call('history.list', {})).items.map((c) => c.id)).not.toContain(sent.conversationId);
    await call('history.restore', { conversationId: sent.conversationId });
    await call('history.delete', { conversationId: sent.conversationId });

    await harness.restart();
    await expect(call('history.restore', { conversationId: sent.conversationId })).rejects.toThrow(
      'not_found',
    );
    expect(harness.core.history.search({ query: 'Short-lived' })).toEqual([]);
  });
});
