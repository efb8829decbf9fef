import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { MessagePart } from '../../../src/shared/attachments.ts';
import type { ModelRef } from '../../../src/shared/providers.ts';
import type { SettingsView } from '../../../src/shared/settings.ts';
import type { ToolOutcome } from '../../../src/shared/tools.ts';
import { DENIED_OUTCOME } from '../../../src/main/core/tools/tool-loop.ts';
import { CANCELLED_OUTCOME } from '../../../src/main/core/chat/answer-tools.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import type { MockScript } from '../../mock-server/types.ts';
import { recordingPeer, startCore, streamEnd, type CoreHarness } from '../core/harness.ts';
import { everything, server } from './mcp-servers.ts';

/**
 * Answers that use tools, through the contract as a window drives them, with the real
 * server-everything and the mock model in both wire formats: each call asks, the person's answer
 * decides, the result goes back to the model and is stored in order with the answer's text.
 */

let harness: CoreHarness;
const { peer, events } = recordingPeer('window');
const anthropic = `tools-claude-${process.pid}`;
let models: Record<'openai' | 'anthropic', ModelRef>;

beforeAll(async () => {
  harness = await startCore(peer, 'chat-tools');
  await harness.call('providers.save', {
    id: anthropic,
    name: 'Claude',
    kind: 'anthropic',
    baseUrl: harness.mock.url,
    models: ['claude-sonnet-4-5'],
    auth: { type: 'api-key' },
  });
  await harness.core.secrets.set(anthropic, 'anthropic-test-key-0001');
  await harness.call('settings.update', {
    mcpServers: [everything(), server({ name: 'broken', command: '/nonexistent/parley-no-such-server' })],
  });
  models = {
    openai: { providerId: harness.providerId, model: 'gpt-4o-mini' },
    anthropic: { providerId: anthropic, model: 'claude-sonnet-4-5' },
  };
}, 30_000);
beforeEach(() => {
  events.length = 0;
  harness.mock.reset();
});
afterAll(async () => {
  await harness.core.secrets.delete(anthropic);
  await harness.close();
});

const streamEvents = (streamId: string) =>
  events
    .filter((e) => e.name === 'chat.event')
    .map((e) => e.payload as ChatStreamEvent)
    .filter((e) => e.streamId === streamId);

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The stream's n-th `tool_call` event, once it comes. */
const toolCall = (streamId: string, n = 0) =>
  until(
    () =>
      streamEvents(streamId).filter(
        (e): e is Extract<ChatStreamEvent, { type: 'tool_call' }> => e.type === 'tool_call',
      )[n],
    `tool call ${n}`,
  );

const toolResults = (streamId: string): ToolOutcome[] =>
  streamEvents(streamId).flatMap((e) => (e.type === 'tool_result' ? [e.outcome] : []));

async function send(
  kind: 'openai' | 'anthropic',
  scripts: MockScript[],
  extra: { conversationId?: string; tools?: string[]; content?: string } = {},
) {
  harness.mock.enqueue(...scripts);
  return harness.call('chat.send', {
    content: extra.content ?? 'What is 2 + 3?',
    conversationId: extra.conversationId ?? null,
    model: models[kind],
    ...(extra.tools ? { tools: extra.tools } : {}),
  });
}

async function finished(streamId: string) {
  const done = await streamEnd(events, streamId);
  await harness.core.chat.settled();
  return done;
}

async function answerParts(conversationId: string): Promise<{ content: string; parts: MessagePart[] }> {
  const stored = await harness.call('history.open', { conversationId });
  const answer = stored.messages.filter((m) => m.role === 'assistant').at(-1)!;
  return { content: answer.content, parts: answer.parts ?? [] };
}

const bodyOf = (index: number) => JSON.stringify(harness.mock.requests[index]!.body);
const getSum = (a: number, b: number) => ({ name: 'everything__get-sum', arguments: { a, b } });

/** The tool call and its result as the request's wire format carries them. */
function wireCarries(kind: 'openai' | 'anthropic', index: number, callId: string, text: string): void {
  const body = harness.mock.requests[index]!.body as { messages: Record<string, unknown>[] };
  if (kind === 'openai') {
    const asked = body.messages.find((m) => Array.isArray(m.tool_calls));
    expect((asked!.tool_calls as { id: string }[]).map((c) => c.id)).toEqual([callId]);
    expect(body.messages).toContainEqual({ role: 'tool', tool_call_id: callId, content: text });
  } else {
    const blocks = body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
    expect(blocks).toContainEqual(expect.objectContaining({ type: 'tool_use', id: callId }));
    expect(blocks).toContainEqual(
      expect.objectContaining({ type: 'tool_result', tool_use_id: callId, content: text }),
    );
  }
}

describe.each(['openai', 'anthropic'] as const)('an answer that uses tools, %s', (kind) => {
  it('asks before get-sum, runs it once allowed, sends the result back and stores the parts in order', async () => {
    const sent = await send(kind, [{ text: 'Let me add them.', toolCalls: [getSum(2, 3)] }], {
      tools: ['everything'],
    });
    const asked = await toolCall(sent.streamId);
    expect(asked).toMatchObject({ server: 'everything', tool: 'get-sum', approval: 'ask' });
    expect(asked.call.name).toBe('everything__get-sum');
    expect(JSON.parse(asked.call.arguments)).toEqual({ a: 2, b: 3 });
    // The text said before the call arrives before the call's event.
    const before = streamEvents(sent.streamId);
    const said = before.map((e) => (e.type === 'delta' ? e.text : '')).join('');
    expect(said).toBe('Let me add them.');
    expect(before.at(-1)!.type).toBe('tool_call');
    // Nothing runs and nothing more is asked of the model while the person decides.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(harness.mock.requests).toHaveLength(1);
    expect(toolResults(sent.streamId)).toEqual([]);

    const input = { streamId: sent.streamId, callId: asked.call.id };
    expect(await harness.call('tools.approve', { ...input, decision: 'once' })).toEqual({ ok: true });
    expect(await harness.call('tools.approve', { ...input, decision: 'once' })).toEqual({ ok: false });
    const done = await finished(sent.streamId);
    expect(done).toMatchObject({ state: 'complete', error: null });
    const sum = { text: 'The sum of 2 and 3 is 5.', isError: false };
    expect(toolResults(sent.streamId)).toEqual([sum]);
    expect(harness.mock.requests).toHaveLength(2);
    expect((harness.mock.requests[0]!.body as { tools: unknown[] }).tools.length).toBeGreaterThan(2);
    wireCarries(kind, 1, asked.call.id, sum.text);

    const { content, parts } = await answerParts(sent.conversationId);
    expect(parts).toEqual([
      { type: 'text', text: 'Let me add them.' },
      { type: 'tool_call', call: asked.call, server: 'everything', tool: 'get-sum' },
      { type: 'tool_result', callId: asked.call.id, outcome: sum },
      { type: 'text', text: 'The tool said: The sum of 2 and 3 is 5.' },
    ]);
    expect(content).toBe('Let me add them.The tool said: The sum of 2 and 3 is 5.');
    expect(await harness.call('history.settings', { conversationId: sent.conversationId })).toMatchObject({
      tools: ['everything'],
    });

    // The next question in the conversation carries the earlier call and its result.
    const next = await send(kind, [{ text: 'Noted.' }], {
      conversationId: sent.conversationId,
      content: 'Thanks',
    });
    expect((await finished(next.streamId)).state).toBe('complete');
    expect(harness.mock.requests).toHaveLength(3);
    wireCarries(kind, 2, asked.call.id, sum.text);
  });

  it('Deny sends the refusal to the model instead of running the tool', async () => {
    const sent = await send(kind, [{ toolCalls: [getSum(1, 1)] }], { tools: ['everything'] });
    const asked = await toolCall(sent.streamId);
    await harness.call('tools.approve', { streamId: sent.streamId, callId: asked.call.id, decision: 'deny' });
    expect((await finished(sent.streamId)).state).toBe('complete');
    expect(toolResults(sent.streamId)).toEqual([DENIED_OUTCOME]);
    expect(bodyOf(1)).toContain('The user denied this tool call');
    expect(bodyOf(1)).not.toContain('The sum of 1 and 1');
    const { parts } = await answerParts(sent.conversationId);
    expect(parts.map((p) => p.type)).toEqual(['tool_call', 'tool_result', 'text']);
    expect(parts[1]).toEqual({ type: 'tool_result', callId: asked.call.id, outcome: DENIED_OUTCOME });
  });
});

describe('the person in control', () => {
  it('Always runs the call, records the tool in settings, and its next call runs without asking', async () => {
    const sent = await send('openai', [{ toolCalls: [getSum(4, 4)] }], { tools: ['everything'] });
    const asked = await toolCall(sent.streamId);
    await harness.call('tools.approve', {
      streamId: sent.streamId,
      callId: asked.call.id,
      decision: 'always',
    });
    await finished(sent.streamId);
    expect(toolResults(sent.streamId)).toEqual([{ text: 'The sum of 4 and 4 is 8.', isError: false }]);
    expect((await harness.call('settings.get', {})).toolsAlwaysAllowed).toEqual(['everything__get-sum']);
    // Every window is told, so none shows (or writes back) a list without it.
    const told = events.filter((e) => e.name === 'settings.changed').map((e) => e.payload as SettingsView);
    expect(told.at(-1)!.toolsAlwaysAllowed).toEqual(['everything__get-sum']);

    const again = await send('openai', [{ toolCalls: [getSum(5, 5)] }], {
      conversationId: sent.conversationId,
    });
    expect(await toolCall(again.streamId)).toMatchObject({ approval: 'allowed' });
    expect((await finished(again.streamId)).state).toBe('complete');
    expect(toolResults(again.streamId)).toEqual([{ text: 'The sum of 5 and 5 is 10.', isError: false }]);
    await harness.call('settings.update', { toolsAlwaysAllowed: [] });
  });

  it('Cancel stops a call that hangs; the model is told and the answer goes on', async () => {
    const slow = {
      name: 'everything__trigger-long-running-operation',
      arguments: { duration: 60, steps: 2 },
    };
    const sent = await send('openai', [{ toolCalls: [slow] }], { tools: ['everything'] });
    const asked = await toolCall(sent.streamId);
    const input = { streamId: sent.streamId, callId: asked.call.id };
    await harness.call('tools.approve', { ...input, decision: 'once' });
    const started = Date.now();
    // Once it runs (right after the approval), Cancel finds it.
    await until(
      async () => ((await harness.call('tools.cancel', input)).cancelled ? true : undefined),
      'the running call',
    );
    const done = await finished(sent.streamId);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(done.state).toBe('complete');
    expect(toolResults(sent.streamId)).toEqual([CANCELLED_OUTCOME]);
    expect(bodyOf(1)).toContain('The user cancelled this tool call.');
    expect(await harness.call('tools.cancel', input)).toEqual({ cancelled: false });
  });

  it('Stop while a call waits: denied, the answer ends interrupted and keeps what was done', async () => {
    const sent = await send('openai', [{ text: 'Checking.', toolCalls: [getSum(3, 3)] }], {
      tools: ['everything'],
    });
    const asked = await toolCall(sent.streamId);
    await harness.call('chat.stop', { streamId: sent.streamId });
    const done = await finished(sent.streamId);
    expect(done).toMatchObject({ state: 'interrupted', stopped: true });
    expect(toolResults(sent.streamId)).toEqual([DENIED_OUTCOME]);
    expect(harness.mock.requests).toHaveLength(1);
    const { parts } = await answerParts(sent.conversationId);
    expect(parts).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_call', call: asked.call, server: 'everything', tool: 'get-sum' },
      { type: 'tool_result', callId: asked.call.id, outcome: DENIED_OUTCOME },
    ]);
    const stored = await harness.call('history.open', { conversationId: sent.conversationId });
    expect(stored.messages.at(-1)!.state).toBe('interrupted');
  });

  it('the window closing while a call waits ends the answer the same way', async () => {
    let closed = () => {};
    const window: Peer = {
      id: 'closing-window',
      send: (name, payload) => void events.push({ name, payload }),
      onClose: (listener) => {
        closed = listener;
      },
    };
    harness.mock.enqueue({ toolCalls: [getSum(6, 6)] });
    const sent = await harness.call(
      'chat.send',
      { content: 'Add', conversationId: null, model: models.openai, tools: ['everything'] },
      window,
    );
    await toolCall(sent.streamId);
    closed();
    expect((await finished(sent.streamId)).state).toBe('interrupted');
    expect(toolResults(sent.streamId)).toEqual([DENIED_OUTCOME]);
  });

  it('without tools, or when the servers named give none, the answer is asked without tools', async () => {
    const plain = await send('openai', [{ text: 'Five.' }]);
    expect((await finished(plain.streamId)).state).toBe('complete');
    expect(harness.mock.requests[0]!.body).not.toHaveProperty('tools');

    const broken = await send('openai', [{ text: 'Five again.' }], { tools: ['broken'] });
    expect((await finished(broken.streamId)).state).toBe('complete');
    expect(harness.mock.requests[1]!.body).not.toHaveProperty('tools');
    expect(await harness.call('history.settings', { conversationId: broken.conversationId })).toMatchObject({
      tools: ['broken'],
    });
  });

  it('each step of an answer is a request of its own in the metrics, tagged like the answer', async () => {
    const sent = await send('openai', [{ toolCalls: [getSum(2, 9)] }], { tools: ['everything'] });
    const asked = await toolCall(sent.streamId);
    await harness.call('tools.approve', { streamId: sent.streamId, callId: asked.call.id, decision: 'once' });
    await finished(sent.streamId);
    const raw = new DatabaseSync(join(harness.dataDir, 'history.sqlite'));
    const records = raw
      .prepare(
        'SELECT request_id, input_tokens, system_prompt_version FROM request_metrics WHERE request_id LIKE ? ORDER BY request_id',
      )
      .all(`${sent.streamId}%`);
    raw.close();
    // Both steps kept (not one replacing the other), each tagged with the conversation's prompt version.
    expect(records.map((r) => [r.request_id, r.system_prompt_version])).toEqual([
      [sent.streamId, 0],
      [`${sent.streamId}:step2`, 0],
    ]);
    for (const record of records) expect(record.input_tokens).toBeGreaterThan(0);
  });

  it('a new conversation from an assistant starts with the assistant’s tools', async () => {
    const assistant = await harness.call('assistants.save', { name: 'Calculator', tools: ['everything'] });
    harness.mock.enqueue({ toolCalls: [getSum(20, 22)] });
    const sent = await harness.call('chat.send', {
      content: 'Add',
      conversationId: null,
      model: models.openai,
      assistantId: assistant.id,
    });
    const asked = await toolCall(sent.streamId);
    expect(asked.approval).toBe('ask');
    await harness.call('tools.approve', { streamId: sent.streamId, callId: asked.call.id, decision: 'once' });
    expect((await finished(sent.streamId)).state).toBe('complete');
    expect(toolResults(sent.streamId)).toEqual([{ text: 'The sum of 20 and 22 is 42.', isError: false }]);
    expect(await harness.call('history.settings', { conversationId: sent.conversationId })).toMatchObject({
      assistantId: assistant.id,
      tools: ['everything'],
    });
  });

  it('chat.send’s tools switch an existing conversation’s tools on before its answer', async () => {
    const first = await send('openai', [{ text: 'Hello.' }], { content: 'Hi' });
    await finished(first.streamId);
    const sent = await send('openai', [{ toolCalls: [getSum(1, 2)] }], {
      conversationId: first.conversationId,
      tools: ['everything'],
    });
    const asked = await toolCall(sent.streamId);
    await harness.call('tools.approve', { streamId: sent.streamId, callId: asked.call.id, decision: 'once' });
    expect((await finished(sent.streamId)).state).toBe('complete');
    expect(toolResults(sent.streamId)).toEqual([{ text: 'The sum of 1 and 2 is 3.', isError: false }]);
  });
});

describe('hostile input through the contract', () => {
  const streamId = '00000000-0000-4000-8000-000000000000';

  it('unknown streams and calls get false; malformed input is refused in plain words', async () => {
    expect(await harness.call('tools.approve', { streamId, callId: 'call_1', decision: 'once' })).toEqual({
      ok: false,
    });
    expect(await harness.call('tools.cancel', { streamId, callId: 'call_1' })).toEqual({ cancelled: false });
    const bad: unknown[] = [
      { streamId: 'not-a-uuid', callId: 'c', decision: 'once' },
      { streamId, callId: 'c', decision: 'yes' },
      { streamId, callId: 'x'.repeat(100_000), decision: 'once' },
      { streamId, callId: '', decision: 'deny' },
      { streamId, callId: 42, decision: 'once' },
      { streamId, callId: 'c', decision: 'once', extra: true },
      null,
      'once',
    ];
    for (const input of bad) {
      const refused = await harness.call('tools.approve', input as never).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/^invalid_input: /);
    }
    const cancel = await harness
      .call('tools.cancel', { streamId, callId: ['c'] } as never)
      .catch((e: Error) => e);
    expect(String(cancel)).toMatch(/invalid_input/);
    const badSend = await harness
      .call('chat.send', { content: 'Hi', conversationId: null, tools: ['../../etc'] } as never)
      .catch((e: Error) => e);
    expect(String(badSend)).toMatch(/invalid_input/);
    // Still answering.
    const sent = await send('openai', [{ text: 'Still here.' }], { content: 'Are you there?' });
    expect((await finished(sent.streamId)).state).toBe('complete');
  });

  it('while a call waits, no input but its own stream and call id decides it (fuzz)', async () => {
    const fixedSeed = 1717;
    const randomSeed = Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`tools.approve fuzz: fixed seed ${fixedSeed}, random seed ${randomSeed} (PARLEY_FUZZ_SEED)`);
    const sent = await send('openai', [{ toolCalls: [getSum(8, 8)] }], { tools: ['everything'] });
    const asked = await toolCall(sent.streamId);
    const ids = fc.oneof(fc.constant(sent.streamId), fc.uuid(), fc.string({ maxLength: 60 }));
    const callIds = fc.oneof(fc.constant(asked.call.id), fc.string({ maxLength: 300 }), fc.integer());
    const input = fc.record({
      streamId: ids,
      callId: callIds,
      decision: fc.oneof(fc.constantFrom('once', 'always', 'deny'), fc.string()),
    });
    const foreign = input.filter((i) => i.streamId !== sent.streamId || i.callId !== asked.call.id);
    for (const seed of [fixedSeed, randomSeed])
      await fc.assert(
        fc.asyncProperty(foreign, fc.boolean(), async (attempt, cancel) => {
          const outcome = await harness
            .call(cancel ? 'tools.cancel' : 'tools.approve', attempt as never)
            .then(
              (value) => JSON.stringify(value),
              (error: Error) => error.message,
            );
          expect(outcome).toMatch(/^(\{"ok":false\}|\{"cancelled":false\}|invalid_input: .+)$/);
        }),
        { seed, numRuns: 150 },
      );
    expect(toolResults(sent.streamId)).toEqual([]);
    expect(harness.mock.requests).toHaveLength(1);
    await harness.call('tools.approve', { streamId: sent.streamId, callId: asked.call.id, decision: 'once' });
    expect((await finished(sent.streamId)).state).toBe('complete');
    expect(toolResults(sent.streamId)).toEqual([{ text: 'The sum of 8 and 8 is 16.', isError: false }]);
  });
});
