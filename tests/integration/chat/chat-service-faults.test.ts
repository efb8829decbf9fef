import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { ChatService } from '../../../src/main/core/chat/chat-service.ts';
import { createChat } from '../../../src/main/core/chat/create-chat.ts';
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

/**
 * The chat service never lets an error escape: a disk that fills in the middle of an answer (a real
 * SQLite "database or disk is full"), and a window that cannot be told any more, end the answer in
 * plain words. Any rejection left unhandled would fail this file.
 */
let mock: MockServer;
let dataDir: string;
let client: LlmClient;
let history: HistoryService;
let chat: ChatService;

beforeAll(async () => {
  mock = await startMockServer({ defaults: { chunkDelayMs: 1 } });
  dataDir = mkdtempSync(join(tmpdir(), 'parley-chat-faults-'));
  ({ history } = await openHistory({ dataDir, autoBackupEveryMs: null }));
  const secrets = new MemorySecretStore();
  await secrets.set('mock', 'sk-test-key-0001');
  const provider = openAiProvider(`${mock.url}/v1`, asMock);
  ({ client, chat } = createChat({
    settings: () => ({
      providers: [provider],
      defaultModel: { providerId: 'mock', model: 'gpt-4o-mini' },
      failoverChain: [],
      priceOverrides: {},
    }),
    secrets,
    history,
  }));
});
beforeEach(() => mock.reset());
afterAll(async () => {
  await chat.settled();
  await client.close();
  history.close();
  await mock.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function recordingPeer(options: { throws?: boolean } = {}) {
  const events: ChatStreamEvent[] = [];
  let finish!: (event: Extract<ChatStreamEvent, { type: 'done' }>) => void;
  const done = new Promise<Extract<ChatStreamEvent, { type: 'done' }>>((resolve) => (finish = resolve));
  const peer: Peer = {
    id: crypto.randomUUID(),
    send: (_name, payload) => {
      const event = payload as ChatStreamEvent;
      events.push(event);
      if (event.type === 'done') finish(event);
      if (options.throws) throw new Error('the window is gone');
    },
    onClose: () => undefined,
  };
  return { peer, events, done };
}

/** SQLite refuses to grow the file past its current size: the disk is full. */
function fillTheDisk(): () => void {
  const pages = (history.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
  history.db.exec(`PRAGMA max_page_count = ${pages}`);
  return () => history.db.exec('PRAGMA max_page_count = 1073741823');
}

describe('ChatService under faults', () => {
  it('a disk that fills mid-answer stops the answer with a plain-words storage error', async () => {
    mock.enqueue({ text: 'x'.repeat(400_000), chunkSize: 20_000 });
    const { peer, done } = recordingPeer();
    const started = chat.send({ content: 'A long one, please', conversationId: null, model: null }, peer);
    const freeSpace = fillTheDisk();
    const end = await done;
    freeSpace();
    expect(end).toMatchObject({ type: 'done', stopped: false, error: { code: 'storage' } });
    expect(end.error!.message).toMatch(/could not save this answer/);
    expect(end.error!.detail).toMatch(/full/);
    expect(['interrupted', 'error']).toContain(end.state);
    await chat.settled();
    expect(chat.activeIds()).not.toContain(started.streamId);
  });

  it('after the disk has room again, the next answer is saved whole', async () => {
    mock.enqueue({ text: 'Back to normal.' });
    const { peer, done } = recordingPeer();
    const started = chat.send({ content: 'Again', conversationId: null, model: null }, peer);
    expect(await done).toMatchObject({ state: 'complete', error: null });
    expect(history.getMessage(started.assistantMessageId)).toMatchObject({
      content: 'Back to normal.',
      state: 'complete',
    });
  });

  it('a window that throws when told still gets its answer saved', async () => {
    mock.enqueue({ text: 'Saved anyway.' });
    const { peer, done } = recordingPeer({ throws: true });
    const started = chat.send({ content: 'Hello', conversationId: null, model: null }, peer);
    expect(await done).toMatchObject({ state: 'complete' });
    await chat.settled();
    expect(history.getMessage(started.assistantMessageId)).toMatchObject({
      content: 'Saved anyway.',
      state: 'complete',
    });
  });
});
