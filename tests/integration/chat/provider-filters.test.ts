import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { MockScript } from '../../mock-server/types.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * The providers' own filters in plain words, not a silent stop: OpenAI's refusal, Azure's
 * content filter (category and severity), Anthropic's `stop_reason: "refusal"`, each told on the
 * stream at once and stored on the answer (not folded: `flagged` false).
 */
let harness: CoreHarness;
let mock: MockServer;
const { peer, events } = recordingPeer('provider-filters');
const azure = `azure-${process.pid}`;
const anthropic = `anthropic-${process.pid}`;

beforeAll(async () => {
  harness = await startCore(peer, 'provider-filters');
  ({ mock } = harness);
  await harness.call('providers.save', {
    id: azure,
    name: 'Azure',
    kind: 'azure',
    baseUrl: mock.url,
    apiVersion: '2024-10-21',
    models: ['gpt-4o'],
    auth: { type: 'api-key' },
  });
  await harness.call('providers.save', {
    id: anthropic,
    name: 'Claude',
    kind: 'anthropic',
    baseUrl: mock.url,
    models: ['claude-sonnet-4-5'],
    auth: { type: 'api-key' },
  });
  await harness.core.secrets.set(azure, 'azure-test-key-0001');
  await harness.core.secrets.set(anthropic, 'anthropic-test-key-0001');
});
beforeEach(() => {
  events.length = 0;
  mock.reset();
});
afterAll(async () => {
  await harness.core.secrets.delete(azure);
  await harness.core.secrets.delete(anthropic);
  await harness.close();
});

async function ask(providerId: string, model: string, script: MockScript) {
  mock.enqueue(script);
  const sent = await harness.call('chat.send', {
    content: 'Question',
    conversationId: null,
    model: { providerId, model },
  });
  const done = await streamEnd(events, sent.streamId);
  await harness.core.chat.settled();
  const told = events
    .filter((e) => e.name === 'chat.event')
    .map((e) => e.payload as ChatStreamEvent)
    .filter((e) => e.streamId === sent.streamId && e.type === 'filter');
  const stored = (await harness.call('history.open', { conversationId: sent.conversationId })).messages[1]!;
  return { done, told, stored };
}

describe("the provider's own filter, in plain words", () => {
  it("OpenAI's refusal: the refusal is the answer, marked as one", async () => {
    const { done, told, stored } = await ask(harness.providerId, 'gpt-4o-mini', {
      refusal: "I'm sorry, I can't help with that.",
    });
    const filter = { flagged: false, findings: [{ source: 'provider', kind: 'refusal', categories: [] }] };
    expect(done).toMatchObject({ state: 'complete', filter });
    expect(told.map((e) => e.type === 'filter' && e.filter)).toEqual([filter]);
    expect(stored).toMatchObject({ content: "I'm sorry, I can't help with that.", filter });
  });

  it("Azure's content filter: which category and how severe, after part of the answer", async () => {
    const { done, told, stored } = await ask(azure, 'gpt-4o', {
      text: 'The first part of the story',
      finishReason: 'content_filter',
    });
    const filter = {
      flagged: false,
      findings: [
        {
          source: 'provider',
          kind: 'filtered',
          categories: [{ category: 'violence', severity: 'medium' }],
          stage: 'completion',
        },
      ],
    };
    expect(done.filter).toEqual(filter);
    expect(done.error?.code).toBe('content_filtered');
    expect(told).toHaveLength(1);
    expect(stored).toMatchObject({ content: 'The first part of the story', filter });
  });

  it("Anthropic's refusal stop is told as a refusal", async () => {
    const { done, stored } = await ask(anthropic, 'claude-sonnet-4-5', {
      text: 'Let me',
      finishReason: 'content_filter',
    });
    const filter = { flagged: false, findings: [{ source: 'provider', kind: 'refusal', categories: [] }] };
    expect(done.filter).toEqual(filter);
    expect(stored.filter).toEqual(filter);
  });

  it('an ordinary Azure answer (every category safe) carries no mark', async () => {
    const { done } = await ask(azure, 'gpt-4o', { text: 'All calm.' });
    expect(done).toMatchObject({ state: 'complete', filter: null });
  });
});
