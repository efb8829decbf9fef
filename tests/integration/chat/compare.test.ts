import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { RequestInput, RequestName } from '../../../src/shared/contract.ts';
import type { MockServer, RecordedRequest } from '../../mock-server/server.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * Comparing models through the contract, on the composed core with the real history and the mock
 * model server: two providers on one server (told apart by their keys), three models asked at once.
 */
let harness: CoreHarness;
let mock: MockServer;
const { peer, events } = recordingPeer('window');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);
const OTHER = `compare-other-${process.pid}`;
const OTHER_KEY = 'sk-compare-other-0002';

const asked = (request: RecordedRequest) => ({
  provider: request.headers.authorization === `Bearer ${OTHER_KEY}` ? OTHER : harness.providerId,
  model: (request.body as { model: string }).model,
});

/** Resolves once a stream has shown text. */
async function firstText(streamId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (
    !events.some(
      (e) =>
        e.name === 'chat.event' &&
        (e.payload as ChatStreamEvent).streamId === streamId &&
        (e.payload as ChatStreamEvent).type === 'delta',
    )
  ) {
    if (Date.now() > deadline) throw new Error(`No text on ${streamId}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  harness = await startCore(peer, 'compare');
  mock = harness.mock;
  await call('providers.save', {
    id: harness.providerId,
    name: 'Mock',
    kind: 'openai',
    baseUrl: `${mock.url}/v1`,
    models: ['gpt-4o-mini', 'model-fast', 'model-slow'],
    auth: { type: 'api-key' },
  });
  await call('providers.save', {
    id: OTHER,
    name: 'Other',
    kind: 'openai',
    baseUrl: `${mock.url}/v1`,
    models: ['model-other'],
    auth: { type: 'api-key' },
  });
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

describe('chat.compare', () => {
  it('asks three models at once: one question, three branches sharing a compareId, each stoppable, all kept', async () => {
    const fast = { providerId: harness.providerId, model: 'model-fast' };
    const slow = { providerId: harness.providerId, model: 'model-slow' };
    const other = { providerId: OTHER, model: 'model-other' };
    mock.enqueue(
      {
        forModel: 'model-other',
        text: 'Other answer, cut short by Stop.',
        stallAfterChunks: 2,
        chunkSize: 4,
      },
      { forModel: 'model-slow', text: 'Slow answer, word by word.', chunkSize: 3, chunkDelayMs: 40 },
      { forModel: 'model-fast', text: 'Fast answer.' },
    );
    const started = await call('chat.compare', {
      content: 'Which is best?',
      conversationId: null,
      models: [fast, slow, other],
    });
    const [user, ...answers] = started.created;
    expect(user).toMatchObject({ id: started.userMessageId, role: 'user', content: 'Which is best?' });
    expect(answers.map((a) => [a.parentId, a.compareId, a.state, a.providerId, a.model])).toEqual([
      [user!.id, user!.id, 'streaming', fast.providerId, fast.model],
      [user!.id, user!.id, 'streaming', slow.providerId, slow.model],
      [user!.id, user!.id, 'streaming', other.providerId, other.model],
    ]);
    expect(started.streams.map((s) => [s.assistantMessageId, s.model])).toEqual(
      answers.map((a) => [a.id, { providerId: a.providerId, model: a.model }]),
    );
    expect(started.conversation).toMatchObject({
      messageCount: 4,
      providerId: fast.providerId,
      model: fast.model,
    });

    // The third one stalls after its first words: stop it alone.
    const [fastStream, slowStream, otherStream] = started.streams;
    await firstText(otherStream!.streamId);
    expect(await call('chat.stop', { streamId: otherStream!.streamId })).toEqual({ stopped: true });
    const ends = await Promise.all(started.streams.map((s) => streamEnd(events, s.streamId)));
    await harness.core.chat.settled();
    expect(ends.map((e) => [e.state, e.stopped])).toEqual([
      ['complete', false],
      ['complete', false],
      ['interrupted', true],
    ]);
    for (const end of ends) expect(end.timing?.durationMs).toBeGreaterThanOrEqual(end.timing?.ttftMs ?? 0);
    // The slower model took longer than the fast one, and each model was asked itself, by its provider.
    expect(ends[1]!.timing!.durationMs).toBeGreaterThan(ends[0]!.timing!.durationMs);
    expect(
      mock.requests
        .filter((r) => r.path === '/v1/chat/completions')
        .map(asked)
        .sort((a, b) => a.model.localeCompare(b.model)),
    ).toEqual([
      { provider: harness.providerId, model: 'model-fast' },
      { provider: OTHER, model: 'model-other' },
      { provider: harness.providerId, model: 'model-slow' },
    ]);
    expect(fastStream && slowStream).toBeTruthy();

    // Reopened after a restart: every answer is there, the first model's shown until one is chosen.
    await harness.restart();
    const reopened = await call('history.open', { conversationId: started.conversationId });
    expect(reopened.currentLeafId).toBe(answers[0]!.id);
    expect(reopened).toMatchObject({ providerId: fast.providerId, model: fast.model });
    const stored = reopened.messages.filter((m) => m.role === 'assistant');
    expect(stored.map((m) => [m.id, m.compareId, m.state, m.content])).toEqual([
      [answers[0]!.id, user!.id, 'complete', 'Fast answer.'],
      [answers[1]!.id, user!.id, 'complete', 'Slow answer, word by word.'],
      [answers[2]!.id, user!.id, 'interrupted', expect.stringMatching(/^Othe/)],
    ]);
    expect(stored[2]!.content.length).toBeLessThan('Other answer, cut short by Stop.'.length);
    expect(stored.map((m) => [!!m.timing, !!m.usage])).toEqual([
      [true, true],
      [true, true],
      [true, false],
    ]);

    // The person chooses the slow one: shown, its model the conversation's, the comparison settled.
    const chosen = await call('history.chooseAnswer', {
      conversationId: started.conversationId,
      messageId: answers[1]!.id,
    });
    expect(chosen.currentLeafId).toBe(answers[1]!.id);
    expect(chosen).toMatchObject({ providerId: slow.providerId, model: slow.model });
    expect(
      chosen.messages.filter((m) => m.role === 'assistant').map((m) => [m.parentId, m.compareId]),
    ).toEqual([
      [user!.id, null],
      [user!.id, null],
      [user!.id, null],
    ]);

    // A follow-up goes on from the chosen answer, with its model.
    mock.enqueue({ text: 'Go on.' });
    const next = await call('chat.send', { content: 'And then?', conversationId: started.conversationId });
    expect(next.created[0]!.parentId).toBe(answers[1]!.id);
    expect(next.created[1]).toMatchObject({ providerId: slow.providerId, model: slow.model });
    await streamEnd(events, next.streamId);
    await harness.core.chat.settled();
  });

  it('an answer of a comparison never fails over to another model', async () => {
    await call('settings.update', {
      failoverChain: [{ providerId: harness.providerId, model: 'gpt-4o-mini' }],
    });
    try {
      mock.enqueue({ forModel: 'model-fast', status: 400, errorMessage: 'Bad request for this model.' });
      const started = await call('chat.compare', {
        content: 'Compare without failover',
        conversationId: null,
        models: [
          { providerId: harness.providerId, model: 'model-fast' },
          { providerId: OTHER, model: 'model-other' },
        ],
      });
      const ends = await Promise.all(started.streams.map((s) => streamEnd(events, s.streamId)));
      await harness.core.chat.settled();
      expect(ends.map((e) => e.state)).toEqual(['error', 'complete']);
      expect(mock.requests.map(asked).filter((r) => r.model === 'gpt-4o-mini')).toEqual([]);
    } finally {
      await call('settings.update', { failoverChain: [] });
    }
  });

  it('refuses in plain words, before storing anything: one model, or a provider not set up', async () => {
    const before = (await call('history.list', { limit: 500 })).items.length;
    await expect(
      call('chat.compare', {
        content: 'Just one',
        conversationId: null,
        models: [{ providerId: harness.providerId, model: 'model-fast' }],
      }),
    ).rejects.toThrow(/at least two models/);
    await expect(
      call('chat.compare', {
        content: 'A missing provider',
        conversationId: null,
        models: [
          { providerId: harness.providerId, model: 'model-fast' },
          { providerId: 'gone', model: 'x' },
        ],
      }),
    ).rejects.toThrow(/"gone" is not set up/);
    expect((await call('history.list', { limit: 500 })).items.length).toBe(before);
    expect(mock.requests.filter((r) => r.path === '/v1/chat/completions')).toEqual([]);
  });

  it('the content filters see the question once: a held one stores nothing; Redact sends placeholders to every model', async () => {
    const key = ['sk', 'proj', 'Zq7Lm2Xc9Vb4Nn8Kk1Jj6Hh3Gg5Ff0Dd2Ss7Aa9Pp4Oo1Ii'].join('-');
    const models = [
      { providerId: harness.providerId, model: 'model-fast' },
      { providerId: OTHER, model: 'model-other' },
    ];
    const before = (await call('history.list', { limit: 500 })).items.length;
    await expect(
      call('chat.compare', { content: `Why? OPENAI_API_KEY=${key}`, conversationId: null, models }),
    ).rejects.toThrow(/content_filtered/);
    expect((await call('history.list', { limit: 500 })).items.length).toBe(before);
    expect(mock.requests).toEqual([]);

    const started = await call('chat.compare', {
      content: `Why? OPENAI_API_KEY=${key}`,
      conversationId: null,
      models,
      filters: { secrets: 'redact' },
    });
    await Promise.all(started.streams.map((s) => streamEnd(events, s.streamId)));
    await harness.core.chat.settled();
    expect(started.created[0]!.content).toBe('Why? OPENAI_API_KEY=[REDACTED openai-key]');
    const bodies = mock.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => JSON.stringify(r.body));
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).toContain('[REDACTED openai-key]');
      expect(body).not.toContain(key);
    }
  });

  it('choosing refuses an answer that is not part of a comparison', async () => {
    mock.enqueue({ text: 'Plain.' });
    const sent = await call('chat.send', { content: 'Plain send', conversationId: null });
    await streamEnd(events, sent.streamId);
    await harness.core.chat.settled();
    await expect(
      call('history.chooseAnswer', {
        conversationId: sent.conversationId,
        messageId: sent.assistantMessageId,
      }),
    ).rejects.toThrow(/not part of a comparison/);
  });
});
