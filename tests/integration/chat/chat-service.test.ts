import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import { ChatService } from '../../../src/main/core/chat/chat-service.ts';
import { createLlmClient } from '../../../src/main/core/llm/client.ts';
import type { LlmClient } from '../../../src/main/core/llm/client.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { openAiProvider } from '../../unit/llm/support.ts';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';

/** The mock server as an OpenAI provider: no retries, so a fault is seen at once. */
const asMock = { id: 'mock', name: 'Mock', models: ['gpt-4o-mini'], maxRetries: 0 };

/** The chat service with the real client, the real SQLite history and the mock model server. */
let mock: MockServer;
let client: LlmClient;
let history: HistoryService;
let chat: ChatService;

beforeAll(async () => {
  mock = await startMockServer();
  const secrets = new MemorySecretStore();
  await secrets.set('mock', 'sk-test-key-0001');
  const provider = openAiProvider(`${mock.url}/v1`, asMock);
  client = createLlmClient({ secrets });
  ({ history } = await openHistory({ dataDir: mkdtempSync(join(tmpdir(), 'parley-chat-')) }));
  chat = new ChatService({
    client,
    history,
    settings: () => ({
      providers: [provider],
      defaultModel: { providerId: 'mock', model: 'gpt-4o-mini' },
      failoverChain: [],
    }),
  });
});
afterEach(() => mock.reset());
afterAll(async () => {
  await chat.settled();
  await client.close();
  history.close();
  await mock.close();
});

/** A window or socket that records what it is sent and can be closed. */
function fakePeer() {
  const events: ChatStreamEvent[] = [];
  // When each event reached the peer (the window), whatever the process does after sending it.
  const arrivedAt = new WeakMap<ChatStreamEvent, number>();
  const closers: (() => void)[] = [];
  const peer: Peer = {
    id: crypto.randomUUID(),
    send: (_name, payload) => {
      arrivedAt.set(payload as ChatStreamEvent, performance.now());
      events.push(payload as ChatStreamEvent);
    },
    onClose: (listener) => void closers.push(listener),
  };
  const done = (streamId: string) =>
    new Promise<Extract<ChatStreamEvent, { type: 'done' }>>((resolve) => {
      const poll = setInterval(() => {
        const end = events.find((e) => e.streamId === streamId && e.type === 'done');
        if (end?.type === 'done') {
          clearInterval(poll);
          resolve(end);
        }
      }, 5);
    });
  const text = (streamId: string) =>
    events
      .filter((e) => e.streamId === streamId && e.type === 'delta')
      .map((e) => (e.type === 'delta' ? e.text : ''))
      .join('');
  return { peer, events, done, text, arrivedAt, close: () => closers.forEach((c) => c()) };
}

describe('ChatService', () => {
  it('streams an answer to the caller and saves both messages in a new conversation', async () => {
    const p = fakePeer();
    mock.enqueue({ text: 'Hello **world**, 你好 🌏', chunkSize: 3, chunkDelayMs: 2 });
    const sent = await chat.send({ content: 'Say hello', conversationId: null, model: null }, p.peer);
    const end = await p.done(sent.streamId);
    expect(end).toMatchObject({ state: 'complete', stopped: false, error: null });
    expect(end.answeredBy).toEqual({ providerId: 'mock', model: 'gpt-4o-mini' });
    expect(p.text(sent.streamId)).toBe('Hello **world**, 你好 🌏');
    const saved = history.open(sent.conversationId);
    expect(saved.title).toBe('Say hello');
    expect(saved.messages.map((m) => [m.role, m.content, m.state])).toEqual([
      ['user', 'Say hello', 'complete'],
      ['assistant', 'Hello **world**, 你好 🌏', 'complete'],
    ]);
  });

  it('coalesces deltas: far fewer messages than tokens on a fast stream', async () => {
    const p = fakePeer();
    const text = 'token '.repeat(400);
    mock.enqueue({ text, chunkSize: 1, chunkDelayMs: 0 });
    const sent = await chat.send({ content: 'fast', conversationId: null, model: null }, p.peer);
    await p.done(sent.streamId);
    const deltas = p.events.filter((e) => e.type === 'delta').length;
    expect(p.text(sent.streamId)).toBe(text);
    expect(deltas).toBeLessThan(text.length / 10);
  });

  it('Stop aborts at once and keeps the partial answer as interrupted', async () => {
    const p = fakePeer();
    mock.enqueue({ text: 'x'.repeat(2000), chunkSize: 5, chunkDelayMs: 10 });
    const sent = await chat.send({ content: 'long', conversationId: null, model: null }, p.peer);
    while (p.text(sent.streamId).length < 20) await new Promise((r) => setTimeout(r, 5));
    const stoppedAt = performance.now();
    expect(chat.stop(sent.streamId)).toBe(true);
    const end = await p.done(sent.streamId);
    // The window is told at once; a metrics estimate may still run after (run-tally.ts).
    expect(p.arrivedAt.get(end)! - stoppedAt).toBeLessThan(200);
    expect(end).toMatchObject({ state: 'interrupted', stopped: true, error: null });
    const answer = history.getMessage(sent.assistantMessageId);
    expect(answer.state).toBe('interrupted');
    expect(answer.content.length).toBeGreaterThanOrEqual(20);
    expect(answer.content.length).toBeLessThan(2000);
    expect(chat.stop(sent.streamId)).toBe(false);
  });

  it('a stream dies with its window', async () => {
    const p = fakePeer();
    mock.enqueue({ text: 'y'.repeat(2000), chunkSize: 5, chunkDelayMs: 10 });
    const sent = await chat.send({ content: 'long', conversationId: null, model: null }, p.peer);
    while (!p.text(sent.streamId)) await new Promise((r) => setTimeout(r, 5));
    p.close();
    expect((await p.done(sent.streamId)).state).toBe('interrupted');
    expect(chat.activeIds()).not.toContain(sent.streamId);
  });

  it('follows the conversation, regenerates as a sibling branch, and edits as a new branch', async () => {
    const p = fakePeer();
    mock.enqueue({ text: 'first answer' });
    const a = await chat.send({ content: 'question one', conversationId: null, model: null }, p.peer);
    await p.done(a.streamId);
    mock.enqueue({ text: 'second answer' });
    const b = await chat.send(
      { content: 'question two', conversationId: a.conversationId, model: null },
      p.peer,
    );
    await p.done(b.streamId);
    // The model saw the whole path.
    const body = mock.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(body.messages.map((m) => m.content)).toEqual(['question one', 'first answer', 'question two']);

    mock.enqueue({ text: 'another second answer' });
    const r = chat.regenerate(b.userMessageId, null, p.peer);
    await p.done(r.streamId);
    expect(r.userMessageId).toBe(b.userMessageId);
    const siblings = history.open(a.conversationId).messages.filter((m) => m.parentId === b.userMessageId);
    expect(siblings.map((m) => m.content)).toEqual(['second answer', 'another second answer']);

    mock.enqueue({ text: 'edited answer' });
    const e = await chat.send(
      {
        content: 'question two, edited',
        conversationId: a.conversationId,
        parentId: a.assistantMessageId,
        model: null,
      },
      p.peer,
    );
    await p.done(e.streamId);
    const users = history.open(a.conversationId).messages.filter((m) => m.parentId === a.assistantMessageId);
    expect(users.map((m) => m.content)).toEqual(['question two', 'question two, edited']);
    expect(history.currentLeaf(a.conversationId)).toBe(e.assistantMessageId);
  });

  it('Continue appends to an interrupted answer in place', async () => {
    const p = fakePeer();
    mock.enqueue({ text: 'Once upon a time there was a cut.', dropAfterChunks: 2, chunkSize: 5 });
    const a = await chat.send({ content: 'tell me', conversationId: null, model: null }, p.peer);
    const cut = await p.done(a.streamId);
    expect(cut.state).toBe('interrupted');
    const partial = history.getMessage(a.assistantMessageId).content;
    expect(partial).toBe('Once upon ');

    mock.enqueue({ text: 'a time, the rest.' });
    const c = chat.continue(a.assistantMessageId, p.peer);
    expect(c.assistantMessageId).toBe(a.assistantMessageId);
    expect((await p.done(c.streamId)).state).toBe('complete');
    const body = mock.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(body.messages.at(-2)).toEqual({ role: 'assistant', content: 'Once upon ' });
    const answer = history.getMessage(a.assistantMessageId);
    expect(answer).toMatchObject({ content: 'Once upon a time, the rest.', state: 'complete' });
    expect(history.search({ query: 'the rest' }).map((h) => h.messageId)).toContain(a.assistantMessageId);
  });

  it('reports a provider error in plain words and saves the answer as error', async () => {
    const p = fakePeer();
    mock.enqueue({ status: 401 });
    const a = await chat.send({ content: 'hi', conversationId: null, model: null }, p.peer);
    const end = await p.done(a.streamId);
    expect(end.state).toBe('error');
    expect(end.error?.code).toBe('bad_key');
    expect(history.getMessage(a.assistantMessageId)).toMatchObject({
      state: 'error',
      error: { code: 'bad_key' },
    });
  });
});
