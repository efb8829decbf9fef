import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestInput, RequestName } from '../../../src/shared/contract.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { CoreHarness } from '../core/harness.ts';
import { recordingPeer, startCore, streamEnd } from '../core/harness.ts';

/**
 * Assistants and a conversation's own settings on the composed core, through the contract: what
 * the mock model server records is what each request sent (system prompt, parameters, history),
 * and the metrics say which system prompt version and assistant each request used.
 */
let harness: CoreHarness;
let mock: MockServer;
const { peer, events } = recordingPeer('window');
const call = <N extends RequestName>(name: N, input: RequestInput<N>) => harness.call(name, input);

type Sent = { role: string; content: string }[];
const sentMessages = (index = -1) => (mock.requests.at(index)!.body as { messages: Sent }).messages;
const body = (index = -1) => mock.requests.at(index)!.body as Record<string, unknown>;

async function ask(content: string, conversationId: string | null, extra: { assistantId?: string } = {}) {
  mock.enqueue({ text: 'ok' });
  const sent = await call('chat.send', { content, conversationId, ...extra });
  const done = await streamEnd(events, sent.streamId);
  expect(done.state).toBe('complete');
  return { ...sent, done };
}

function metrics(conversationId: string) {
  const db = new DatabaseSync(join(harness.dataDir, 'history.sqlite'), { readOnly: true });
  try {
    return db
      .prepare(
        'SELECT system_prompt_version AS version, assistant_id AS assistant FROM request_metrics WHERE conversation_id = ? ORDER BY started_at',
      )
      .all(conversationId);
  } finally {
    db.close();
  }
}

/** About 130 tokens of text, different for each `n`. */
const long = (n: number) =>
  `Message ${n}: ` + `the quick brown fox jumps over the lazy dog number ${n}. `.repeat(12).trim();

beforeAll(async () => {
  harness = await startCore(peer, 'conv-settings');
  mock = harness.mock;
  await call('settings.update', { autoTitle: false });
});
beforeEach(async () => {
  events.length = 0;
  mock.reset();
  await call('settings.update', { modelOverrides: {}, defaultParameters: {}, defaultHistoryLimit: null });
});
afterAll(() => harness.close());

describe('a conversation started with an assistant', () => {
  it('sends its system prompt first and its parameters; an edit applies to the next request; metrics say which version', async () => {
    const terse = await call('assistants.save', {
      name: 'Terse',
      systemPrompt: 'Answer in one word.',
      parameters: { temperature: 0.2, maxOutputTokens: 50 },
    });
    const first = await ask('hi', null, { assistantId: terse.id });
    expect(sentMessages()).toEqual([
      { role: 'system', content: 'Answer in one word.' },
      { role: 'user', content: 'hi' },
    ]);
    expect(body()).toMatchObject({ temperature: 0.2, max_tokens: 50 });
    const settings = await call('history.settings', { conversationId: first.conversationId });
    expect(settings).toEqual({
      assistantId: terse.id,
      systemPrompt: 'Answer in one word.',
      systemPromptVersion: 1,
      parameters: { temperature: 0.2, maxOutputTokens: 50 },
      historyLimit: null,
      tools: [],
    });

    // Editing the assistant later changes new conversations, not this one.
    await call('assistants.save', { id: terse.id, name: terse.name, systemPrompt: 'Answer in French.' });
    const edited = await call('history.updateSettings', {
      conversationId: first.conversationId,
      systemPrompt: 'Answer in two words.',
      parameters: { temperature: 0.9 },
    });
    expect(edited.systemPromptVersion).toBe(2);
    await ask('and now?', first.conversationId);
    expect(sentMessages()[0]).toEqual({ role: 'system', content: 'Answer in two words.' });
    expect(sentMessages().map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(body()).toMatchObject({ temperature: 0.9 });
    expect(body()).not.toHaveProperty('max_tokens');
    expect(metrics(first.conversationId)).toEqual([
      { version: 1, assistant: terse.id },
      { version: 2, assistant: terse.id },
    ]);
  });

  it('without an assistant: no system message, the parameters from Settings, and the history limit', async () => {
    await call('settings.update', { defaultParameters: { temperature: 0.7 }, defaultHistoryLimit: 2 });
    const first = await ask('one', null);
    expect(sentMessages()).toEqual([{ role: 'user', content: 'one' }]);
    expect(body()).toMatchObject({ temperature: 0.7 });
    await ask('two', first.conversationId);
    const third = await ask('three', first.conversationId);
    // The last two earlier messages, then the new one; a limit is a choice, not an adjustment.
    expect(sentMessages()).toEqual([
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'three' },
    ]);
    expect(third.done.adjustments).toBeNull();
    expect(metrics(first.conversationId)).toEqual([
      { version: 0, assistant: null },
      { version: 0, assistant: null },
      { version: 0, assistant: null },
    ]);
  });

  it('drops a parameter the model refuses, says so on the answer, and keeps it for a model that takes it', async () => {
    const warm = await call('assistants.save', {
      name: 'Warm',
      systemPrompt: 'Be warm.',
      parameters: { temperature: 1.1 },
      model: { providerId: harness.providerId, model: 'o3-mini' },
    });
    const first = await ask('hello', null, { assistantId: warm.id });
    expect(body()).toMatchObject({ model: 'o3-mini' });
    expect(body()).not.toHaveProperty('temperature');
    expect(first.done.adjustments).toEqual({ leftOut: 0, fitTokens: null, dropped: ['temperature'] });
    const stored = (await call('history.open', { conversationId: first.conversationId })).messages.at(-1);
    expect(stored!.adjustments).toEqual(first.done.adjustments);
    // The system prompt goes as a developer message to OpenAI's reasoning models.
    expect(sentMessages()[0]).toEqual({ role: 'developer', content: 'Be warm.' });
  });

  it('refuses an assistant that does not exist in plain words', async () => {
    await expect(
      call('chat.send', { content: 'hi', conversationId: null, assistantId: 'nobody' }),
    ).rejects.toThrow(/no assistant "nobody"/);
  });
});

describe('the assistant library through the contract', () => {
  it('announces every change to every window; hides, exports, imports and refuses in plain words', async () => {
    const changed = () => events.filter((e) => e.name === 'assistants.changed').length;
    const mine = await call('assistants.save', { name: 'Contract', emoji: '📜', systemPrompt: 'Cite.' });
    expect(changed()).toBe(1);
    const hidden = await call('assistants.setHidden', { id: 'explainer', hidden: true });
    expect(hidden).toMatchObject({ builtIn: true, hidden: true });
    expect(changed()).toBe(2);
    const listed = await call('assistants.list', {});
    expect(listed.find((a) => a.id === 'explainer')?.hidden).toBe(true);
    expect(listed.find((a) => a.id === mine.id)?.systemPrompt).toBe('Cite.');

    const exported = await call('assistants.export', {});
    expect(await call('assistants.import', { content: exported.content })).toMatchObject({
      added: 0,
      skipped: 0,
    });
    await expect(call('assistants.import', { content: '{"nope": 1}' })).rejects.toThrow(
      /nothing was changed/,
    );
    await expect(call('assistants.remove', { id: 'explainer' })).rejects.toThrow(/hide it instead/);
    await expect(call('assistants.save', { name: '' })).rejects.toThrow(/invalid_input/);
    expect(await call('assistants.remove', { id: mine.id })).toEqual({ removed: true });
    expect((await call('assistants.list', {})).some((a) => a.id === mine.id)).toBe(false);
    await call('assistants.setHidden', { id: 'explainer', hidden: false });
  });
});

describe('the context window', () => {
  it('leaves out the oldest messages to fit a small window, never the system prompt, and the answer says so', async () => {
    const first = await ask(long(1), null);
    await call('history.updateSettings', { conversationId: first.conversationId, systemPrompt: 'Be brief.' });
    for (let n = 2; n <= 6; n++) await ask(long(n), first.conversationId);
    expect(sentMessages()).toHaveLength(12); // everything fits the model's real window

    const key = `${harness.providerId}/gpt-4o-mini`;
    await call('settings.update', { modelOverrides: { [key]: { contextWindow: 1000 } } });
    const preview = await call('chat.preview', {
      conversationId: first.conversationId,
      content: long(7),
      model: null,
    });
    expect(preview.contextWindow).toBe(1000);
    expect(preview.leftOut).toBeGreaterThan(0);
    expect(preview.inputTokens).toBeLessThan(1000);

    const trimmed = await ask(long(7), first.conversationId);
    const messages = sentMessages();
    expect(messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(messages.at(-1)).toEqual({ role: 'user', content: long(7) });
    expect(messages[1]!.role).toBe('user');
    // Oldest first: what is kept is the most recent stretch of the conversation.
    const kept = messages
      .filter((m) => m.role === 'user')
      .map((m) => Number(/Message (\d+)/.exec(m.content)![1]));
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 8 - kept.length + i));
    const leftOut = 13 - (messages.length - 1);
    expect(leftOut).toBeGreaterThan(0);
    expect(preview.leftOut).toBe(leftOut);
    expect(trimmed.done.adjustments).toEqual({ leftOut, fitTokens: 1000, dropped: [] });
    const stored = (await call('history.open', { conversationId: first.conversationId })).messages.find(
      (m) => m.id === trimmed.assistantMessageId,
    );
    expect(stored!.adjustments).toEqual({ leftOut, fitTokens: 1000, dropped: [] });
  });

  it('refuses, without asking the model, a message that cannot fit even alone', async () => {
    const key = `${harness.providerId}/gpt-4o-mini`;
    await call('settings.update', { modelOverrides: { [key]: { contextWindow: 300 } } });
    const sent = await call('chat.send', { content: long(1).repeat(3), conversationId: null });
    const done = await streamEnd(events, sent.streamId);
    expect(done).toMatchObject({ state: 'error', error: { code: 'context_too_long' } });
    expect(done.error!.message).toMatch(/longer than the model's context window/);
    expect(mock.requests).toHaveLength(0);
  });
});
