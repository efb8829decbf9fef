import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationPage } from '../../../src/shared/history.ts';
import type { Core } from '../../../src/main/core/app-core.ts';
import { ChatStore } from '../../../src/renderer/src/state/chat-store.ts';
import { QuickExchange } from '../../../src/renderer/src/quick/exchange.ts';
import { generatedConversation } from '../../fixtures/chatgpt-export.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { CoreHarness } from '../../integration/core/harness.ts';
import { startCore } from '../../integration/core/harness.ts';
import { frames, windowApi } from './core-window.ts';

/**
 * The renderer's stores against the real core (real SQLite, the mock model server), each window
 * a peer as the IPC or the socket makes it: what they show is what main returned or announced.
 */
let harness: CoreHarness;
let mock: MockServer;
let core: Core;

function openWindow() {
  const { api, requests } = windowApi(harness);
  const store = new ChatStore(api, frames);
  store.start();
  return { store, requests, api };
}

beforeAll(async () => {
  harness = await startCore({ id: 'setup', send: () => {}, onClose: () => {} }, 'store');
  ({ core, mock } = harness);
});
beforeEach(() => mock.reset());
afterAll(() => harness.close());

const stored = (conversationId: string) => core.history.open(conversationId);

describe('the main window store', () => {
  it('shows the rows main created, streams the answer into them, and ends equal to history', async () => {
    const { store } = openWindow();
    await store.loadList();
    mock.enqueue({ text: 'A stored answer.' });
    const sent = await store.send({ content: 'Show me', conversationId: null, model: null });
    const view = store.getView(sent.conversationId)!;
    expect(view.detail.messages).toEqual(sent.created);
    expect(view.path.map((m) => m.id)).toEqual([sent.userMessageId, sent.assistantMessageId]);
    expect(store.getCurrentId()).toBe(sent.conversationId);
    expect(store.isStreaming(sent.conversationId)).toBe(true);

    await expect.poll(() => store.getView(sent.conversationId)!.path.at(-1)!.state).toBe('complete');
    await core.chat.settled();
    const after = store.getView(sent.conversationId)!.detail;
    const truth = stored(sent.conversationId);
    expect(after.messages.map((m) => [m.id, m.role, m.content, m.state])).toEqual(
      truth.messages.map((m) => [m.id, m.role, m.content, m.state]),
    );
    expect(after.currentLeafId).toBe(truth.currentLeafId);
    expect(store.getLive(sent.assistantMessageId)).toBeNull();
  });

  it('Continue streams on top of the stored partial answer', async () => {
    const { store } = openWindow();
    mock.enqueue({ text: 'Once upon a cut.', dropAfterChunks: 2, chunkSize: 5 }, { text: ' the rest.' });
    const sent = await store.send({ content: 'A story', conversationId: null, model: null });
    await expect.poll(() => store.getView(sent.conversationId)!.path.at(-1)!.state).toBe('interrupted');
    await core.chat.settled();
    await store.continueAnswer(sent.assistantMessageId);
    expect(store.getLive(sent.assistantMessageId)?.content).toBe('Once upon ');
    await expect.poll(() => store.getView(sent.conversationId)!.path.at(-1)!.state).toBe('complete');
    expect(store.getView(sent.conversationId)!.path.at(-1)!.content).toBe('Once upon  the rest.');
    await core.chat.settled();
  });

  it('after deleting a message, shows the branch main now shows', async () => {
    const { store } = openWindow();
    mock.enqueue({ text: 'First answer.' }, { text: 'Second answer.' }, { text: 'Follow-up answer.' });
    const sent = await store.send({ content: 'Branch', conversationId: null, model: null });
    await core.chat.settled();
    const again = await store.regenerate(sent.userMessageId, null);
    await core.chat.settled();
    const followUp = await store.send({ content: 'More', conversationId: sent.conversationId, model: null });
    await core.chat.settled();
    expect(store.getView(sent.conversationId)!.detail.currentLeafId).toBe(followUp.assistantMessageId);

    await store.deleteMessage(sent.conversationId, again.assistantMessageId);
    const view = store.getView(sent.conversationId)!;
    expect(view.detail).toEqual(stored(sent.conversationId));
    expect(view.path.map((m) => m.content)).toEqual(['Branch', 'First answer.']);
    expect(store.getConversations().find((c) => c.id === sent.conversationId)?.messageCount).toBe(2);
  });

  it('keeps the list current from the summaries main sends, without listing history again', async () => {
    const first = openWindow();
    const second = openWindow();
    await first.store.loadList();
    await second.store.loadList();
    const listings = () => [...first.requests, ...second.requests].filter((r) => r === 'history.list').length;
    const before = listings();

    mock.enqueue({ text: 'Seen everywhere.' });
    const sent = await first.store.send({ content: 'Tell the others', conversationId: null, model: null });
    await core.chat.settled();
    const inSecond = () => second.store.getConversations().find((c) => c.id === sent.conversationId);
    await expect.poll(() => inSecond()?.messageCount).toBe(2);

    await second.store.rename(sent.conversationId, 'Renamed there');
    await second.store.setPinned(sent.conversationId, true);
    expect(first.store.getConversations()[0]).toMatchObject({
      id: sent.conversationId,
      title: 'Renamed there',
      pinned: true,
    });
    expect(first.store.getView(sent.conversationId)!.detail.title).toBe('Renamed there');

    await first.store.remove(sent.conversationId);
    expect(inSecond()).toBeUndefined();
    await first.store.restore(sent.conversationId);
    expect(inSecond()?.title).toBe('Renamed there');
    expect(listings()).toBe(before);
  });

  it('while the list loads page by page, a change main announces meanwhile is not undone by a page', async () => {
    for (let i = 0; i < 505; i++) core.history.createConversation({ title: `Old ${i}` });
    const other = openWindow();
    let renamed = '';
    let removed = '';
    const { api } = windowApi(harness, async (name, calls, value) => {
      // The second page left main before these changes and reaches the window after their events.
      if (name !== 'history.list' || calls !== 2) return;
      const [first, second] = (value as ConversationPage).items;
      renamed = first!.id;
      removed = second!.id;
      await other.store.rename(renamed, 'Renamed meanwhile');
      await other.store.remove(removed);
    });
    const store = new ChatStore(api, frames);
    store.start();
    await store.loadList();
    const listed = new Map(store.getConversations().map((c) => [c.id, c]));
    expect(listed.get(renamed)?.title).toBe('Renamed meanwhile');
    expect(listed.has(removed)).toBe(false);
    let total = 0;
    let cursor: string | null = null;
    do {
      const page: ConversationPage = core.history.list({ limit: 500, cursor });
      total += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed.size).toBe(total);
    const old = () => core.history.list({ limit: 500 }).items.filter((c) => c.title.startsWith('Old '));
    for (let batch = old(); batch.length > 0; batch = old()) for (const c of batch) core.history.delete(c.id);
  });

  it('lists again after an import, which changes many conversations at once', async () => {
    const { store, requests, api } = openWindow();
    await store.loadList();
    const json = JSON.stringify([generatedConversation(7, 4, { unique: 'importedmarker' })]);
    const bytes = Buffer.from(json);
    const { importId } = (await api.call('history.importBegin', {
      fileName: 'conversations.json',
      totalBytes: bytes.length,
    })) as { importId: string };
    await api.call('history.importChunk', { importId, offset: 0, data: bytes.toString('base64') });
    const listed = requests.filter((r) => r === 'history.list').length;
    await api.call('history.importFinish', { importId });
    await expect.poll(() => store.getConversations().some((c) => c.source === 'chatgpt-import')).toBe(true);
    expect(requests.filter((r) => r === 'history.list').length).toBeGreaterThan(listed);
  });

  it('moves the list membership only when a conversation joins or leaves (what the archive follows)', async () => {
    const { store } = openWindow();
    await store.loadList();
    const at = () => store.getListMembership();
    let before = at();
    mock.enqueue({ text: 'Joined.' });
    const sent = await store.send({ content: 'A new one', conversationId: null, model: null });
    expect(at()).toBeGreaterThan(before);
    await expect.poll(() => store.isStreaming(sent.conversationId)).toBe(false);
    before = at();
    await store.rename(sent.conversationId, 'Renamed, still listed');
    await store.setPinned(sent.conversationId, true);
    expect(at()).toBe(before);
    await store.setArchived(sent.conversationId, true);
    expect(at()).toBeGreaterThan(before);
    before = at();
    await store.setArchived(sent.conversationId, false);
    expect(at()).toBeGreaterThan(before);
    before = at();
    await store.remove(sent.conversationId);
    expect(at()).toBeGreaterThan(before);
  });

  it('asks main once for a conversation opened from two places at once', async () => {
    const c = core.history.createConversation({ title: 'Opened twice' });
    const { store, requests } = openWindow();
    const opens = () => requests.filter((r) => r === 'history.open').length;
    store.select(c.id);
    const [a, b] = await Promise.all([store.load(c.id), store.load(c.id)]);
    expect(a).toBe(b);
    expect(opens()).toBe(1);
    // Shown: asked again only to reload, never to load.
    await store.load(c.id);
    expect(opens()).toBe(1);
  });
});

describe('the quick prompt', () => {
  it('streams through the same answer streams, and main applies the "don\'t save" setting', async () => {
    const { api } = openWindow();
    const main = openWindow();
    await main.store.loadList();
    await api.call('settings.update', { quickPrompt: { saveExchanges: false, prefillFromClipboard: false } });
    try {
      const exchange = new QuickExchange(api, frames);
      const stop = exchange.start();
      mock.enqueue({ text: 'Quick and gone.' });
      const sent = await exchange.send('Quick question', null);
      expect(exchange.get().turns[0]).toMatchObject({ question: 'Quick question', streamId: sent!.streamId });
      await expect.poll(() => exchange.get().turns[0]!.status).toBe('complete');
      expect(exchange.get()).toMatchObject({ busy: false, conversationId: sent!.conversationId });
      expect(exchange.get().turns[0]!.answer).toBe('Quick and gone.');
      await core.chat.settled();
      expect(core.history.list({ limit: 500 }).items.map((c) => c.id)).not.toContain(sent!.conversationId);
      expect(main.store.getConversations().map((c) => c.id)).not.toContain(sent!.conversationId);
      stop();
    } finally {
      await api.call('settings.update', {
        quickPrompt: { saveExchanges: true, prefillFromClipboard: false },
      });
    }
  });
});

describe('a question the content filters hold', () => {
  it('leaves no turn in the quick prompt: the exchange keeps the hold, and Redact sends placeholders', async () => {
    const { api } = openWindow();
    const exchange = new QuickExchange(api, frames);
    const stop = exchange.start();
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    const key = `sk-proj-${Array.from(crypto.getRandomValues(new Uint8Array(40)), (b) => alphabet[b % alphabet.length]).join('')}`;
    const question = `Why is this refused? OPENAI_API_KEY=${key}`;
    expect(await exchange.send(question, null)).toBeNull();
    expect(exchange.get()).toMatchObject({ turns: [], busy: false, sendError: null });
    expect(exchange.get().hold).toEqual({
      findings: [{ source: 'secret', kind: 'openai-key', count: 1, where: 'message' }],
      blocked: false,
      canSendAnyway: true,
      canRedact: true,
    });
    expect(mock.requests).toHaveLength(0);

    mock.enqueue({ text: 'Redacted, then answered.' });
    const sent = await exchange.send(question, null, null, [], { secrets: 'redact' });
    expect(exchange.get().hold).toBeNull();
    await expect.poll(() => exchange.get().turns[0]?.status).toBe('complete');
    const body = JSON.stringify(mock.requests.at(-1)!.body);
    expect(body).toContain('OPENAI_API_KEY=[REDACTED openai-key]');
    expect(body).not.toContain(key.slice(8));
    expect(sent!.created.find((m) => m.role === 'user')!.content).not.toContain(key.slice(8));
    exchange.dropHold();
    stop();
  });
});
