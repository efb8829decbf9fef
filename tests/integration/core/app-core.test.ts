import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { Envelope, RequestInput, RequestName, RequestOutput } from '../../../src/shared/contract.ts';
import { createCore } from '../../../src/main/core/app-core.ts';
import type { Core } from '../../../src/main/core/app-core.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { dispatch } from '../../../src/main/core/rpc/bind-contract.ts';
import { browserQuickHandlers } from '../../../src/web/quick-handlers.ts';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';

/** The composed core, driven through the contract exactly as a window or socket drives it. */
const KEY = 'sk-core-test-SECRET-9f8e7d6c';
const providerId = `core-${process.pid}`;
let mock: MockServer;
let dataDir: string;
let core: Core;
const events: { name: string; payload: unknown }[] = [];
const peer: Peer = {
  id: 'test',
  send: (name, payload) => void events.push({ name, payload }),
  onClose: () => {},
};

async function call<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
  const envelope = (await dispatch(core.handlers, { name, input, peer, trusted: true })) as Envelope<
    RequestOutput<N>
  >;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

beforeAll(async () => {
  mock = await startMockServer();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-core-'));
  core = await createCore({ dataDir, edition: 'web', host: browserQuickHandlers });
  await call('providers.save', {
    id: providerId,
    name: 'Mock',
    kind: 'openai',
    baseUrl: `${mock.url}/v1`,
    models: ['gpt-4o-mini'],
    auth: { type: 'api-key' },
  });
  await call('settings.update', { defaultModel: { providerId, model: 'gpt-4o-mini' } });
});
afterAll(async () => {
  await core.secrets.delete(providerId);
  await core.close();
  await mock.close();
});

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
    await core.chat.settled();
    await call('history.delete', { conversationId: sent.conversationId });
    expect((await call('history.list', {})).items.map((c) => c.id)).not.toContain(sent.conversationId);
    await call('history.restore', { conversationId: sent.conversationId });
    await call('history.delete', { conversationId: sent.conversationId });

    await core.close();
    core = await createCore({ dataDir, edition: 'web', host: browserQuickHandlers });
    await expect(call('history.restore', { conversationId: sent.conversationId })).rejects.toThrow(
      'not_found',
    );
    expect(core.history.search({ query: 'Short-lived' })).toEqual([]);
  });
});
