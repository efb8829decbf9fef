import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestInput, RequestName } from '../../../src/shared/contract.ts';
import type { MockServer, RecordedRequest } from '../../mock-server/server.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * The model belongs to the conversation, driven through the contract on the composed core with the
 * real history and the mock model server: two providers on one server, told apart by their keys.
 */
let harness: CoreHarness;
let mock: MockServer;
const { peer, events } = recordingPeer('window');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);
const OTHER = `other-${process.pid}`;
const OTHER_KEY = 'sk-other-provider-0002';

const done = (streamId: string) => streamEnd(events, streamId);

/** The second provider, on the same mock server, with these models. */
const saveOther = (models: string[]) =>
  call('providers.save', {
    id: OTHER,
    name: 'Other',
    kind: 'openai',
    baseUrl: `${mock.url}/v1`,
    models,
    auth: { type: 'api-key' },
  });

/** Which provider (by its key) and which model the mock server was asked. */
const asked = (request: RecordedRequest) => ({
  provider: request.headers.authorization === `Bearer ${OTHER_KEY}` ? OTHER : harness.providerId,
  model: (request.body as { model: string }).model,
});

beforeAll(async () => {
  harness = await startCore(peer, 'conversation-model');
  mock = harness.mock;
  await saveOther(['gpt-4o-mini', 'o3-mini']);
  await harness.core.secrets.set(OTHER, OTHER_KEY);
});
beforeEach(() => {
  events.length = 0;
  mock.reset();
});
afterAll(async () => {
  await harness.core.secrets.delete(OTHER);
  await harness.close();
});

describe('the model belongs to the conversation', () => {
  it('records the model of its answer; follow-ups, Retry and Regenerate use it, not the default', async () => {
    const sent = await call('chat.send', {
      content: 'First question',
      conversationId: null,
      model: { providerId: OTHER, model: 'o3-mini' },
    });
    expect(sent.conversation).toMatchObject({ providerId: OTHER, model: 'o3-mini' });
    await done(sent.streamId);
    const id = sent.conversationId;

    // The default model is the harness provider's gpt-4o-mini; the conversation keeps its own.
    const follow = await call('chat.send', { content: 'And then?', conversationId: id });
    await done(follow.streamId);
    const regen = await call('chat.regenerate', { userMessageId: follow.userMessageId });
    await done(regen.streamId);
    expect(mock.requests.map(asked)).toEqual([
      { provider: OTHER, model: 'o3-mini' },
      { provider: OTHER, model: 'o3-mini' },
      { provider: OTHER, model: 'o3-mini' },
    ]);
    expect((await call('history.open', { conversationId: id })).messages.at(-1)).toMatchObject({
      parentId: follow.userMessageId,
      providerId: OTHER,
      model: 'o3-mini',
    });
  });

  it('regenerates with another model as a sibling branch; that model becomes the conversation’s', async () => {
    const sent = await call('chat.send', {
      content: 'Pick a colour',
      conversationId: null,
      model: { providerId: OTHER, model: 'gpt-4o-mini' },
    });
    await done(sent.streamId);
    const other = await call('chat.regenerate', {
      userMessageId: sent.userMessageId,
      model: { providerId: harness.providerId, model: 'gpt-4o-mini' },
    });
    await done(other.streamId);
    expect(mock.requests.map(asked)).toEqual([
      { provider: OTHER, model: 'gpt-4o-mini' },
      { provider: harness.providerId, model: 'gpt-4o-mini' },
    ]);
    const detail = await call('history.open', { conversationId: sent.conversationId });
    const answers = detail.messages.filter((m) => m.parentId === sent.userMessageId);
    expect(answers.map((m) => m.providerId)).toEqual([OTHER, harness.providerId]);
    expect(detail).toMatchObject({ providerId: harness.providerId, model: 'gpt-4o-mini' });

    const retry = await call('chat.regenerate', { userMessageId: sent.userMessageId });
    await done(retry.streamId);
    expect(asked(mock.requests.at(-1)!)).toEqual({ provider: harness.providerId, model: 'gpt-4o-mini' });
  });

  it('says in plain words when the conversation’s model is gone, and another model can answer', async () => {
    const sent = await call('chat.send', {
      content: 'Still there?',
      conversationId: null,
      model: { providerId: OTHER, model: 'o3-mini' },
    });
    await done(sent.streamId);
    await saveOther(['gpt-4o-mini']);
    try {
      await expect(call('chat.regenerate', { userMessageId: sent.userMessageId })).rejects.toThrow(
        "not_found: This conversation's model (o3-mini · Other) is no longer set up. Choose another model for it.",
      );
      await expect(
        call('chat.send', { content: 'Hello?', conversationId: sent.conversationId }),
      ).rejects.toThrow(/no longer set up/);
      const picked = await call('chat.send', {
        content: 'Hello?',
        conversationId: sent.conversationId,
        model: { providerId: OTHER, model: 'gpt-4o-mini' },
      });
      await done(picked.streamId);
      expect(picked.conversation).toMatchObject({ providerId: OTHER, model: 'gpt-4o-mini' });
    } finally {
      await saveOther(['gpt-4o-mini', 'o3-mini']);
    }
  });
});
