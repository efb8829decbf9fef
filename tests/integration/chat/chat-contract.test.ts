import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryChange, RequestInput, RequestName } from '../../../src/shared/contract.ts';
import { summaryOf } from '../../../src/shared/history.ts';
import type { Core } from '../../../src/main/core/app-core.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * The policy a window no longer decides, driven through the contract as a window drives it: the
 * rows a send creates, the branch shown after deleting a message, the summaries `history.changed`
 * carries, and the quick prompt's "don't save" setting.
 */
let harness: CoreHarness;
let mock: MockServer;
let core: Core;
const { peer, events } = recordingPeer('window');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);

const changes = (conversationId: string) =>
  events
    .filter((e) => e.name === 'history.changed')
    .map((e) => e.payload as HistoryChange)
    .filter((c) => c.conversationId === conversationId);

async function answered(streamId: string): Promise<void> {
  await streamEnd(events, streamId);
  await core.chat.settled();
}

const listed = async (conversationId: string) =>
  (await call('history.list', { limit: 500 })).items.some((c) => c.id === conversationId);

beforeAll(async () => {
  harness = await startCore(peer, 'contract');
  ({ core, mock } = harness);
});
beforeEach(() => {
  events.length = 0;
  mock.reset();
});
afterAll(() => harness.close());

describe('chat.send and its kin return the rows they created', () => {
  it('a send returns the conversation and its two new rows exactly as stored', async () => {
    mock.enqueue({ text: 'Forty-two.' });
    const sent = await call('chat.send', { content: 'What is the answer?', conversationId: null });
    expect(sent.created.map((m) => [m.id, m.role, m.state])).toEqual([
      [sent.userMessageId, 'user', 'complete'],
      [sent.assistantMessageId, 'assistant', 'streaming'],
    ]);
    expect(sent.created[1]!.parentId).toBe(sent.userMessageId);
    expect(sent.conversation).toMatchObject({ id: sent.conversationId, messageCount: 2, source: 'parley' });
    await answered(sent.streamId);

    const stored = await call('history.open', { conversationId: sent.conversationId });
    expect(stored.messages.map((m) => m.id)).toEqual(sent.created.map((m) => m.id));
    expect(stored.messages[0]).toEqual(sent.created[0]);
    expect(stored.messages[1]).toMatchObject({ content: 'Forty-two.', state: 'complete' });
    expect(sent.conversation.title).toBe(stored.title);
  });

  it('an answer keeps how long it took: to its first token and in all, on the done event and stored', async () => {
    mock.enqueue({ text: 'Slow to start, then quick.', delayBeforeHeadersMs: 120, chunkDelayMs: 20 });
    const sent = await call('chat.send', { content: 'Time me', conversationId: null });
    const { timing } = await streamEnd(events, sent.streamId);
    await core.chat.settled();
    expect(timing!.ttftMs).toBeGreaterThanOrEqual(120);
    expect(timing!.durationMs).toBeGreaterThan(timing!.ttftMs!);
    const stored = await call('history.open', { conversationId: sent.conversationId });
    expect(stored.messages[1]!.timing).toEqual(timing);
  });

  it('a regeneration returns only its new answer; Continue returns the answer it resumes', async () => {
    mock.enqueue({ text: 'First.' }, { text: 'Second.' });
    const sent = await call('chat.send', { content: 'Say something', conversationId: null });
    await answered(sent.streamId);
    const again = await call('chat.regenerate', { userMessageId: sent.userMessageId });
    expect(again.created).toHaveLength(1);
    expect(again.created[0]).toMatchObject({
      id: again.assistantMessageId,
      parentId: sent.userMessageId,
      role: 'assistant',
      state: 'streaming',
    });
    expect(again.conversation.messageCount).toBe(3);
    await answered(again.streamId);

    mock.enqueue({ text: 'Cut short, then more.', dropAfterChunks: 2, chunkSize: 5 }, { text: ' more.' });
    const cut = await call('chat.send', { content: 'Tell me more', conversationId: sent.conversationId });
    await answered(cut.streamId);
    const partial = (await call('history.open', { conversationId: sent.conversationId })).messages.find(
      (m) => m.id === cut.assistantMessageId,
    )!;
    expect(partial.state).toBe('interrupted');
    const resumed = await call('chat.continue', { assistantMessageId: cut.assistantMessageId });
    expect(resumed.created).toEqual([
      expect.objectContaining({ id: cut.assistantMessageId, state: 'streaming', content: partial.content }),
    ]);
    await answered(resumed.streamId);
  });
});

describe('history.changed carries the summary', () => {
  it('tells every window of a new conversation, then of it answered, without a list request', async () => {
    mock.enqueue({ text: 'Hello back.' });
    const sent = await call('chat.send', { content: 'Hello', conversationId: null });
    await answered(sent.streamId);
    const told = changes(sent.conversationId);
    expect(told[0]).toEqual({
      conversationId: sent.conversationId,
      reason: 'created',
      summary: sent.conversation,
    });
    const last = told.at(-1)!;
    expect(last.reason).toBe('updated');
    const listedNow = (await call('history.list', { limit: 500 })).items.find(
      (c) => c.id === sent.conversationId,
    );
    expect(last.summary).toEqual(listedNow);
  });

  it('renames, pins and restores carry the new summary; deletes and imports carry none', async () => {
    mock.enqueue({ text: 'Ok.' });
    const sent = await call('chat.send', { content: 'Name me', conversationId: null });
    await answered(sent.streamId);
    events.length = 0;
    const renamed = await call('history.rename', { conversationId: sent.conversationId, title: 'Named' });
    const pinned = await call('history.pin', { conversationId: sent.conversationId, pinned: true });
    await call('history.delete', { conversationId: sent.conversationId });
    const restored = await call('history.restore', { conversationId: sent.conversationId });
    expect(changes(sent.conversationId)).toEqual([
      { conversationId: sent.conversationId, reason: 'updated', summary: renamed },
      { conversationId: sent.conversationId, reason: 'updated', summary: pinned },
      { conversationId: sent.conversationId, reason: 'deleted', summary: null },
      { conversationId: sent.conversationId, reason: 'restored', summary: restored },
    ]);
    expect(pinned).toMatchObject({ title: 'Named', pinned: true });
  });
});

describe('history.deleteMessage returns the branch now shown', () => {
  it('deleting the shown answer shows its newest remaining sibling, as the store decides', async () => {
    mock.enqueue({ text: 'Answer one.' }, { text: 'Answer two.' });
    const sent = await call('chat.send', { content: 'Branch me', conversationId: null });
    await answered(sent.streamId);
    const second = await call('chat.regenerate', { userMessageId: sent.userMessageId });
    await answered(second.streamId);

    events.length = 0;
    const result = await call('history.deleteMessage', {
      conversationId: sent.conversationId,
      messageId: second.assistantMessageId,
    });
    expect(result.deleted).toBe(1);
    expect(result.conversation.currentLeafId).toBe(sent.assistantMessageId);
    expect(result.conversation.messages.map((m) => m.id)).toEqual([
      sent.userMessageId,
      sent.assistantMessageId,
    ]);
    expect(result.conversation).toEqual(await call('history.open', { conversationId: sent.conversationId }));
    expect(changes(sent.conversationId)).toEqual([
      { conversationId: sent.conversationId, reason: 'updated', summary: summaryOf(result.conversation) },
    ]);

    const all = await call('history.deleteMessage', {
      conversationId: sent.conversationId,
      messageId: sent.userMessageId,
    });
    expect(all).toMatchObject({ deleted: 2, conversation: { messages: [], currentLeafId: null } });
  });
});

describe('quick-prompt exchanges and the "save" setting', () => {
  const quick = (content: string, conversationId: string | null) =>
    call('chat.send', { content, conversationId, source: 'quick' });

  it('with saving off, an answered quick exchange leaves history, follow-ups too, until restored', async () => {
    await call('settings.update', { quickPrompt: { saveExchanges: false, prefillFromClipboard: false } });
    try {
      mock.enqueue({ text: 'Not kept.' }, { text: 'Still not kept.' });
      const first = await quick('Forget me', null);
      expect(first.conversation.source).toBe('quick');
      await answered(first.streamId);
      expect(await listed(first.conversationId)).toBe(false);
      expect(changes(first.conversationId).at(-1)).toEqual({
        conversationId: first.conversationId,
        reason: 'deleted',
        summary: null,
      });

      // A follow-up carries the whole exchange to the model, and is discarded again.
      const next = await quick('And this', first.conversationId);
      expect(next.conversationId).toBe(first.conversationId);
      await answered(next.streamId);
      const sentToModel = mock.requests.at(-1)!.body as { messages: { content: string }[] };
      expect(sentToModel.messages.map((m) => m.content)).toEqual(['Forget me', 'Not kept.', 'And this']);
      expect(await listed(first.conversationId)).toBe(false);

      // "Open in Parley" keeps it.
      await call('history.restore', { conversationId: first.conversationId });
      const kept = await call('history.open', { conversationId: first.conversationId });
      expect(kept.messages.map((m) => m.content)).toEqual([
        'Forget me',
        'Not kept.',
        'And this',
        'Still not kept.',
      ]);
    } finally {
      await call('settings.update', { quickPrompt: { saveExchanges: true, prefillFromClipboard: false } });
    }
  });

  it('with saving on, a quick exchange stays; the setting never touches the main window', async () => {
    await call('settings.update', { quickPrompt: { saveExchanges: false, prefillFromClipboard: false } });
    try {
      mock.enqueue({ text: 'A main-window answer.' });
      const main = await call('chat.send', { content: 'From the main window', conversationId: null });
      await answered(main.streamId);
      expect(await listed(main.conversationId)).toBe(true);
    } finally {
      await call('settings.update', { quickPrompt: { saveExchanges: true, prefillFromClipboard: false } });
    }
    mock.enqueue({ text: 'Kept.' });
    const kept = await quick('Keep me', null);
    await answered(kept.streamId);
    expect(await listed(kept.conversationId)).toBe(true);
  });
});
