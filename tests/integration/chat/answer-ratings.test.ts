import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestInput, RequestName } from '../../../src/shared/contract.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * Thumbs up and down on answers, through the contract as a window sends them, into the real history
 * database: kept over a restart, carried by the JSON export, refused in plain words for anything but
 * an answer; a regeneration gives the answer it replaces a quiet thumbs down unless it was rated.
 */
let harness: CoreHarness;
const { peer, events } = recordingPeer('window');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);

async function ask(content: string, conversationId: string | null = null) {
  harness.mock.enqueue({ text: `About ${content}.` });
  const sent = await call('chat.send', { content, conversationId });
  await streamEnd(events, sent.streamId);
  await harness.core.chat.settled();
  return sent;
}
async function regenerate(userMessageId: string) {
  harness.mock.enqueue({ text: 'Another answer.' });
  const again = await call('chat.regenerate', { userMessageId });
  await streamEnd(events, again.streamId);
  await harness.core.chat.settled();
  return again;
}
const message = async (conversationId: string, id: string) =>
  (await call('history.open', { conversationId })).messages.find((m) => m.id === id)!;

beforeAll(async () => {
  harness = await startCore(peer, 'ratings');
});
afterAll(() => harness.close());

describe('rating answers', () => {
  it('keeps a thumbs up over a restart, clears it, and puts it in the JSON export', async () => {
    const sent = await ask('ratings');
    events.length = 0;
    const rated = await call('history.rate', { messageId: sent.assistantMessageId, rating: 'up' });
    expect(rated).toMatchObject({ id: sent.assistantMessageId, rating: 'up' });
    // Every window showing the conversation hears of it.
    expect(events).toContainEqual(
      expect.objectContaining({
        name: 'history.changed',
        payload: expect.objectContaining({ conversationId: sent.conversationId, reason: 'updated' }),
      }),
    );
    await harness.restart();
    expect((await message(sent.conversationId, sent.assistantMessageId)).rating).toBe('up');
    const exported = await call('history.export', { conversationId: sent.conversationId, format: 'json' });
    const answer = (
      JSON.parse(exported.content) as { conversations: { messages: { id: string; rating: unknown }[] }[] }
    ).conversations[0]!.messages.find((m) => m.id === sent.assistantMessageId)!;
    expect(answer.rating).toBe('up');

    await call('history.rate', { messageId: sent.assistantMessageId, rating: 'down' });
    expect((await message(sent.conversationId, sent.assistantMessageId)).rating).toBe('down');
    await call('history.rate', { messageId: sent.assistantMessageId, rating: null });
    expect((await message(sent.conversationId, sent.assistantMessageId)).rating).toBeNull();
  });

  it('stores the route each answer took, with the key hint and never the key', async () => {
    const sent = await ask('routes');
    const answer = await message(sent.conversationId, sent.assistantMessageId);
    expect(answer.route).toEqual({
      providerId: harness.providerId,
      model: 'gpt-4o-mini',
      keyHint: '0001',
      why: ['first'],
      skipped: [],
    });
    expect(JSON.stringify(answer)).not.toContain('sk-harness');
  });

  it('refuses to rate a question, an unknown message or a rating it does not know, in plain words', async () => {
    const sent = await ask('refusals');
    await expect(call('history.rate', { messageId: sent.userMessageId, rating: 'up' })).rejects.toThrow(
      'Only an answer can be rated',
    );
    await expect(
      call('history.rate', { messageId: '00000000-0000-4000-8000-000000000000', rating: 'up' }),
    ).rejects.toThrow('not_found');
    await expect(
      call('history.rate', {
        messageId: sent.assistantMessageId,
        rating: 'quiet-down' as unknown as 'up',
      }),
    ).rejects.toThrow('invalid_input');
    expect((await message(sent.conversationId, sent.assistantMessageId)).rating).toBeNull();
  });

  it('marks the answer a regeneration replaces quiet-down, unless the person rated it', async () => {
    const sent = await ask('regenerations');
    const second = await regenerate(sent.userMessageId);
    expect((await message(sent.conversationId, sent.assistantMessageId)).rating).toBe('quiet-down');
    expect((await message(sent.conversationId, second.assistantMessageId)).rating).toBeNull();

    await call('history.rate', { messageId: second.assistantMessageId, rating: 'up' });
    const third = await regenerate(sent.userMessageId);
    expect((await message(sent.conversationId, second.assistantMessageId)).rating).toBe('up');
    expect((await message(sent.conversationId, third.assistantMessageId)).rating).toBeNull();
  });
});
