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
 * The chat service never lets an error escape: a window that cannot be told any more still gets its
 * answer saved. (A disk that fills mid-answer: tests/integration/store/fault-disk-full.test.ts.)
 * Any rejection left unhandled would fail this file.
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

describe('ChatService under faults', () => {
  it('a window that throws when told still gets its answer saved', async () => {
    mock.enqueue({ text: 'Saved anyway.' });
    const { peer, done } = recordingPeer({ throws: true });
    const started = await chat.send({ content: 'Hello', conversationId: null, model: null }, peer);
    expect(await done).toMatchObject({ state: 'complete' });
    await chat.settled();
    expect(history.getMessage(started.assistantMessageId)).toMatchObject({
      content: 'Saved anyway.',
      state: 'complete',
    });
  });
});
