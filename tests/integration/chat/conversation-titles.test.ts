import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { HistoryChange, RequestInput, RequestName } from '../../../src/shared/contract.ts';
import { TITLE_INSTRUCTION } from '../../../src/shared/conversation-title.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * Generated titles on the composed core: the real history decides whether a title is due and keeps
 * a name the user gave; the mock model server answers the title request from its own queue.
 */
let harness: CoreHarness;
let mock: MockServer;
const { peer, events } = recordingPeer('window');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);

const answered = (streamId: string) => streamEnd(events, streamId);

const titleOf = async (conversationId: string) => (await call('history.open', { conversationId })).title;
const lastUserText = (body: unknown) =>
  (body as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;

beforeAll(async () => {
  harness = await startCore(peer, 'titles');
  mock = harness.mock;
});
beforeEach(async () => {
  events.length = 0;
  mock.reset();
  await call('settings.update', { autoTitle: true, titleModel: null });
});
afterAll(() => harness.close());

describe('generated titles', () => {
  it('after the first answer, in the conversation’s language, announced to every window; only once', async () => {
    mock.enqueueTitle({ text: '“问候与天气”。' });
    const sent = await call('chat.send', { content: '你好！今天北京的天气怎么样？', conversationId: null });
    // The answer is not held up: its stream is already running when the title request is made.
    expect(mock.titleRequests).toHaveLength(0);
    await answered(sent.streamId);
    await harness.core.chat.settled();
    expect(await titleOf(sent.conversationId)).toBe('问候与天气');
    expect(mock.titleRequests).toHaveLength(1);
    const request = mock.titleRequests[0]!;
    expect(lastUserText(request.body).startsWith(TITLE_INSTRUCTION)).toBe(true);
    expect(lastUserText(request.body)).toContain('in Chinese');
    expect((request.body as { model: string }).model).toBe('gpt-4o-mini');
    const announced = events
      .filter((e) => e.name === 'history.changed')
      .map((e) => (e.payload as HistoryChange).summary?.title);
    expect(announced.at(-1)).toBe('问候与天气');

    const next = await call('chat.send', { content: '明天呢？', conversationId: sent.conversationId });
    await answered(next.streamId);
    await harness.core.chat.settled();
    expect(mock.titleRequests).toHaveLength(1);
    expect(await titleOf(sent.conversationId)).toBe('问候与天气');
  });

  it('a conversation renamed while its title request is out keeps the name the user gave', async () => {
    mock.enqueueTitle({ text: 'Generated title', delayBeforeHeadersMs: 400 });
    const sent = await call('chat.send', { content: 'Tell me about tides', conversationId: null });
    await answered(sent.streamId);
    await expect.poll(() => mock.titleRequests.length).toBe(1);
    await call('history.rename', { conversationId: sent.conversationId, title: 'My tides' });
    await harness.core.chat.settled();
    expect(await titleOf(sent.conversationId)).toBe('My tides');
  });

  it('a conversation renamed before its first answer ends gets no title request at all', async () => {
    mock.enqueue({ text: 'A slow answer that takes its time', chunkDelayMs: 40, chunkSize: 2 });
    const sent = await call('chat.send', { content: 'Name me later', conversationId: null });
    await call('history.rename', { conversationId: sent.conversationId, title: 'Named first' });
    await answered(sent.streamId);
    await harness.core.chat.settled();
    expect(mock.titleRequests).toHaveLength(0);
    expect(await titleOf(sent.conversationId)).toBe('Named first');
  });

  it('turned off in Settings: no title request, the first message stays the title', async () => {
    await call('settings.update', { autoTitle: false });
    const sent = await call('chat.send', { content: 'No title please', conversationId: null });
    await answered(sent.streamId);
    await harness.core.chat.settled();
    expect(mock.titleRequests).toHaveLength(0);
    expect(await titleOf(sent.conversationId)).toBe('No title please');
  });

  it('a failed title request is silent: the title stays, the request metrics record the failure', async () => {
    mock.enqueueTitle({ status: 400, errorMessage: 'no titles today' });
    const sent = await call('chat.send', { content: 'Will this get a title?', conversationId: null });
    await answered(sent.streamId);
    await harness.core.chat.settled();
    expect(await titleOf(sent.conversationId)).toBe('Will this get a title?');
    const ends = events.filter(
      (e) => e.name === 'chat.event' && (e.payload as ChatStreamEvent).type === 'done',
    );
    expect(ends.map((e) => (e.payload as { state: string }).state)).toEqual(['complete']);
    const db = new DatabaseSync(join(harness.dataDir, 'history.sqlite'), { readOnly: true });
    try {
      const outcomes = db
        .prepare('SELECT outcome FROM request_metrics WHERE conversation_id = ? ORDER BY started_at')
        .all(sent.conversationId) as { outcome: string }[];
      expect(outcomes.map((o) => o.outcome)).toEqual(['complete', 'error']);
    } finally {
      db.close();
    }
  });

  it('the model chosen for titles in Settings writes them', async () => {
    await call('settings.update', { titleModel: { providerId: harness.providerId, model: 'o3-mini' } });
    mock.enqueueTitle({ text: 'Title: **Cheap** title.' });
    const sent = await call('chat.send', { content: 'Use the cheap one', conversationId: null });
    await answered(sent.streamId);
    await harness.core.chat.settled();
    expect((mock.titleRequests[0]!.body as { model: string }).model).toBe('o3-mini');
    expect(await titleOf(sent.conversationId)).toBe('Cheap title');
  });
});
