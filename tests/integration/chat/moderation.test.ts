import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestInput } from '../../../src/shared/contract.ts';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import { filterSends } from './filter-sends.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * Moderation through the real contract and the mock's `/v1/moderations`: opt-in per provider; a
 * flagged question is held before the chat endpoint is asked; a flagged answer is told at once,
 * stored with its flag and still flagged after a restart; a moderation service that fails loses
 * neither the question nor the answer.
 */
let harness: CoreHarness;
let mock: MockServer;
const { peer, events } = recordingPeer('moderation');

const settings = (
  providers: string[],
  allowSendAnyway = true,
  rules: RequestInput<'filters.test'>['rules'] = [],
) =>
  harness.call('settings.update', {
    contentFilter: {
      moderation: { providers, via: null, model: 'omni-moderation-latest', allowSendAnyway },
      rules: rules!,
      secretGuard: { enabled: true, personalData: false },
    },
  });

const { held, started } = filterSends(() => harness, peer);
async function answered(input: RequestInput<'chat.send'>) {
  const sent = await started(input);
  const done = await streamEnd(events, sent.streamId);
  await harness.core.chat.settled();
  const filterEvents = events
    .filter((e) => e.name === 'chat.event')
    .map((e) => e.payload as ChatStreamEvent)
    .filter((e) => e.streamId === sent.streamId && e.type === 'filter');
  return { sent, done, filterEvents };
}
const paths = () => mock.requests.map((r) => r.path);

beforeAll(async () => {
  harness = await startCore(peer, 'moderation');
  ({ mock } = harness);
});
beforeEach(async () => {
  events.length = 0;
  mock.reset();
  await settings([harness.providerId]);
});
afterAll(() => harness.close());

describe('moderating questions', () => {
  it('a flagged question is held with its categories; the chat endpoint is never asked', async () => {
    const error = await held({ content: 'You are all idiots FLAG:harassment', conversationId: null });
    expect(error).toMatchObject({ code: 'content_filtered', reason: 'message_held' });
    expect(error.hold).toEqual({
      findings: [{ source: 'moderation', categories: ['harassment'] }],
      blocked: false,
      canSendAnyway: true,
      canRedact: false,
    });
    expect(error.message).toContain('moderation flagged it for harassment');
    expect(paths()).toEqual(['/v1/moderations']);
    expect(mock.requests[0]!.body).toEqual({
      model: 'omni-moderation-latest',
      input: [{ type: 'text', text: 'You are all idiots FLAG:harassment' }],
    });
  });

  it('Send anyway sends it where the settings allow, and not where they do not', async () => {
    const { sent } = await answered({
      content: 'rude FLAG:harassment',
      conversationId: null,
      filters: { sendAnyway: true },
    });
    expect(sent.created[0]!.content).toBe('rude FLAG:harassment');
    await settings([harness.providerId], false);
    mock.reset();
    const error = await held({
      content: 'rude FLAG:harassment',
      conversationId: null,
      filters: { sendAnyway: true },
    });
    expect(error.hold).toMatchObject({ blocked: true, canSendAnyway: false });
    expect(paths()).toEqual(['/v1/moderations']);
  });

  it('words the mock is told to flag; a question for a provider not opted in is not moderated', async () => {
    mock.flagModeration('forbidden', ['hate', 'violence']);
    expect((await held({ content: 'a FORBIDDEN word', conversationId: null })).hold?.findings).toEqual([
      { source: 'moderation', categories: ['hate', 'violence'] },
    ]);
    await settings([]);
    mock.reset();
    await answered({ content: 'FLAG:harassment', conversationId: null });
    expect(paths()).toEqual(['/v1/chat/completions']);
  });

  it('a question held for a secret is never shown to the moderation service', async () => {
    const key = ['ghp', 'a1B2c3D4e5'.repeat(4)].join('_');
    expect((await held({ content: `token ${key}`, conversationId: null })).hold?.findings[0]).toMatchObject({
      kind: 'github-token',
    });
    expect(mock.requests).toEqual([]);
  });

  it('a moderation service that fails holds the question in plain words; Send anyway sends it unchecked', async () => {
    const error = await held({ content: 'hello MODERATION_DOWN', conversationId: null });
    expect(error.hold).toMatchObject({ blocked: false, canSendAnyway: true });
    expect(error.hold?.findings).toEqual([
      { source: 'moderation', categories: [], failed: expect.stringMatching(/overloaded|server/i) },
    ]);
    const { sent } = await answered({
      content: 'hello MODERATION_DOWN',
      conversationId: null,
      filters: { sendAnyway: true },
    });
    expect(sent.created[0]!.content).toBe('hello MODERATION_DOWN');
  });
});

describe('moderating answers', () => {
  it('a flagged answer is told at once, stored with its flag, and still flagged after a restart', async () => {
    mock.enqueue({ text: 'First paragraph, calm.\n\nThen FLAG:violence appears.\n\nAnd a calm end.' });
    const { sent, done, filterEvents } = await answered({ content: 'tell a story', conversationId: null });
    const expected = { flagged: true, findings: [{ source: 'moderation', categories: ['violence'] }] };
    expect(done.filter).toEqual(expected);
    expect(done.state).toBe('complete');
    expect(filterEvents[0]).toMatchObject({ type: 'filter', filter: expected });
    // The answer was checked in pieces, not all at once at the end.
    expect(paths().filter((p) => p === '/v1/moderations').length).toBeGreaterThanOrEqual(2);
    await harness.restart();
    const stored = await harness.call('history.open', { conversationId: sent.conversationId });
    expect(stored.messages[1]).toMatchObject({
      content: expect.stringContaining('FLAG:violence'),
      filter: expected,
    });
  });

  it('a block rule that matches an answer flags it too; a calm answer has no mark', async () => {
    await settings([], true, [
      { id: 'codename', pattern: 'Bluebird', regex: false, action: 'block', scope: 'answer' },
    ]);
    mock.enqueue({ text: 'The codename is BLUEBIRD.' });
    const flagged = await answered({ content: 'what is the codename', conversationId: null });
    expect(flagged.done.filter).toEqual({
      flagged: true,
      findings: [{ source: 'rule', ruleId: 'codename', action: 'block' }],
    });
    mock.enqueue({ text: 'Nothing to see.' });
    expect((await answered({ content: 'and now', conversationId: null })).done.filter).toBeNull();
  });

  it('an answer whose moderation fails is kept, with a note that it was not checked', async () => {
    mock.enqueue({ text: 'Fine text MODERATION_DOWN here.' });
    const { done } = await answered({ content: 'go on', conversationId: null });
    expect(done.state).toBe('complete');
    expect(done.filter).toEqual({
      flagged: false,
      findings: [{ source: 'moderation', categories: [], failed: expect.any(String) }],
    });
  });
});
