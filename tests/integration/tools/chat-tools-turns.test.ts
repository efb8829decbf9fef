import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../../src/shared/chat.ts';
import type { ModelRef } from '../../../src/shared/providers.ts';
import { ChatService } from '../../../src/main/core/chat/chat-service.ts';
import { MemoryChatHistory } from '../../../src/main/core/chat/memory-history.ts';
import { createLlmClient, type LlmClient } from '../../../src/main/core/llm/client.ts';
import type { Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { McpManager } from '../../../src/main/core/tools/mcp/mcp-manager.ts';
import { DENIED_OUTCOME } from '../../../src/main/core/tools/tool-loop.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { mockProvider } from '../llm/support.ts';
import { everything } from './mcp-servers.ts';

/**
 * The chat service alone, as `parley ask` wires it (a history in memory, no settings to save
 * "Always" in), with the real server-everything: several calls in one turn, Continue and
 * Regenerate of an answer that used tools, and a comparison, which never offers tools.
 */

let mock: MockServer;
let client: LlmClient;
let manager: McpManager;
let history: MemoryChatHistory;
let chat: ChatService;
const dataDir = mkdtempSync(join(tmpdir(), 'parley-chat-tools-turns-'));
const openai = mockProvider('', 'openai');
const models: Record<'openai' | 'anthropic', ModelRef> = {
  openai: { providerId: 'mock-openai', model: 'gpt-4o' },
  anthropic: { providerId: 'mock-anthropic', model: 'claude-3-5-haiku-latest' },
};
const events: ChatStreamEvent[] = [];
const peer: Peer = {
  id: 'terminal',
  send: (_name, payload) => void events.push(payload as ChatStreamEvent),
  onClose: () => {},
};

beforeAll(async () => {
  mock = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  const secrets = new MemorySecretStore();
  await secrets.set('mock-openai', 'sk-test-key-0001');
  await secrets.set('mock-anthropic', 'sk-ant-test-0001');
  client = createLlmClient({ secrets });
  manager = new McpManager({ dataDir, secrets, servers: () => [everything()], onStatus: () => {} });
  const providers = [
    mockProvider(mock.url, 'openai', { maxRetries: 0 }),
    mockProvider(mock.url, 'anthropic', { maxRetries: 0 }),
  ];
  history = new MemoryChatHistory();
  chat = new ChatService({
    client,
    history,
    settings: () => ({ providers, defaultModel: models.openai, failoverChain: [] }),
    tools: manager,
  });
  expect(openai.id).toBe('mock-openai');
}, 30_000);
beforeEach(() => {
  events.length = 0;
  mock.reset();
});
afterAll(async () => {
  await chat.settled();
  await client.close();
  await manager.stopAll();
  await mock.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const of = (streamId: string) => events.filter((e) => e.streamId === streamId);

async function waitFor<T>(find: () => T | undefined): Promise<T> {
  for (let i = 0; i < 1500; i++) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('Timed out.');
}

const nthCall = (streamId: string, n: number) =>
  waitFor(
    () =>
      of(streamId).filter((e) => e.type === 'tool_call')[n] as
        Extract<ChatStreamEvent, { type: 'tool_call' }> | undefined,
  );
const done = async (streamId: string) => {
  const end = await waitFor(() => of(streamId).find((e) => e.type === 'done'));
  await chat.settled();
  return end as Extract<ChatStreamEvent, { type: 'done' }>;
};
const results = (streamId: string) =>
  of(streamId).flatMap((e) => (e.type === 'tool_result' ? [e.outcome.text] : []));
const getSum = (a: number, b: number) => ({ name: 'everything__get-sum', arguments: { a, b } });
const lastBody = () => JSON.stringify(mock.requests.at(-1)!.body);

describe.each(['openai', 'anthropic'] as const)('several calls in one turn, %s', (kind) => {
  it('asks about each in turn, stores calls then results, and sends both results back', async () => {
    mock.enqueue({ toolCalls: [getSum(1, 2), getSum(10, 20)] });
    const sent = await chat.send(
      { content: 'Two sums', conversationId: null, model: models[kind], tools: ['everything'] },
      peer,
    );
    const first = await nthCall(sent.streamId, 0);
    // The second call is announced only once the first is decided.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(of(sent.streamId).filter((e) => e.type === 'tool_call')).toHaveLength(1);
    expect(chat.approveTool(sent.streamId, first.call.id, 'once')).toBe(true);
    const second = await nthCall(sent.streamId, 1);
    expect(chat.approveTool(sent.streamId, second.call.id, 'deny')).toBe(true);
    expect((await done(sent.streamId)).state).toBe('complete');
    expect(results(sent.streamId)).toEqual(['The sum of 1 and 2 is 3.', DENIED_OUTCOME.text]);
    expect(mock.requests).toHaveLength(2);
    expect(lastBody()).toContain('The sum of 1 and 2 is 3.');
    expect(lastBody()).toContain('The user denied this tool call');
    const parts = history.getMessage(sent.assistantMessageId).parts.map((p) => p.type);
    expect(parts).toEqual(['tool_call', 'tool_call', 'tool_result', 'tool_result', 'text']);
  });
});

describe('the chat service without a settings store (parley ask)', () => {
  it('Always holds for the rest of the process: the next call of that tool runs without asking', async () => {
    mock.enqueue({ toolCalls: [getSum(2, 2)] }, { text: 'Four.' }, { toolCalls: [getSum(3, 3)] });
    const sent = await chat.send(
      { content: 'Add', conversationId: null, model: null, tools: ['everything'] },
      peer,
    );
    const asked = await nthCall(sent.streamId, 0);
    chat.approveTool(sent.streamId, asked.call.id, 'always');
    await done(sent.streamId);
    const again = await chat.send(
      { content: 'Again', conversationId: sent.conversationId, model: null },
      peer,
    );
    expect(await nthCall(again.streamId, 0)).toMatchObject({ approval: 'allowed' });
    await done(again.streamId);
    expect(results(again.streamId)).toEqual(['The sum of 3 and 3 is 6.']);
  });

  it('Continue of an answer stopped at a call sends the call and its denial back, then appends', async () => {
    // Not get-sum: "Always" above holds for it in this process.
    mock.enqueue({
      text: 'Let me check.',
      toolCalls: [{ name: 'everything__echo', arguments: { message: 'hi' } }],
    });
    const sent = await chat.send(
      { content: 'Add 7', conversationId: null, model: null, tools: ['everything'] },
      peer,
    );
    await nthCall(sent.streamId, 0);
    chat.stop(sent.streamId);
    expect((await done(sent.streamId)).state).toBe('interrupted');

    mock.enqueue({ text: ' I will not use the tool.' });
    const resumed = chat.continue(sent.assistantMessageId, peer);
    expect((await done(resumed.streamId)).state).toBe('complete');
    expect(lastBody()).toContain('The user denied this tool call');
    expect(lastBody()).toContain('Continue your previous answer');
    const answer = history.getMessage(sent.assistantMessageId);
    expect(answer.parts.map((p) => p.type)).toEqual(['text', 'tool_call', 'tool_result', 'text']);
    expect(answer.parts.at(-1)).toEqual({ type: 'text', text: ' I will not use the tool.' });
  });

  it('Cancel on a call that still waits denies it; the answer goes on', async () => {
    mock.enqueue({ toolCalls: [{ name: 'everything__echo', arguments: { message: 'no' } }] });
    const sent = await chat.send(
      { content: 'Echo', conversationId: null, model: null, tools: ['everything'] },
      peer,
    );
    const asked = await nthCall(sent.streamId, 0);
    expect(chat.cancelTool(sent.streamId, asked.call.id)).toBe(true);
    expect((await done(sent.streamId)).state).toBe('complete');
    expect(results(sent.streamId)).toEqual([DENIED_OUTCOME.text]);
    expect(chat.cancelTool(sent.streamId, asked.call.id)).toBe(false);
    expect(chat.approveTool(sent.streamId, asked.call.id, 'once')).toBe(false);
  });

  it('Regenerate asks about tools like a send', async () => {
    mock.enqueue({ text: 'Eight.' });
    const sent = await chat.send(
      { content: 'Add 4 and 4', conversationId: null, model: null, tools: ['everything'] },
      peer,
    );
    await done(sent.streamId);
    mock.enqueue({ toolCalls: [getSum(4, 4)] });
    const again = chat.regenerate(sent.userMessageId, null, peer);
    const asked = await nthCall(again.streamId, 0);
    chat.approveTool(again.streamId, asked.call.id, 'once');
    expect((await done(again.streamId)).state).toBe('complete');
    expect(results(again.streamId)).toEqual(['The sum of 4 and 4 is 8.']);
  });

  it('what a conversation’s tool calls and results send counts toward the next request', async () => {
    const long = 'word '.repeat(1600);
    mock.enqueue(
      { toolCalls: [{ name: 'everything__echo', arguments: { message: long } }] },
      { text: 'Done.' },
    );
    const sent = await chat.send(
      { content: 'Echo this', conversationId: null, model: null, tools: ['everything'] },
      peer,
    );
    const asked = await nthCall(sent.streamId, 0);
    chat.approveTool(sent.streamId, asked.call.id, 'once');
    await done(sent.streamId);
    expect(results(sent.streamId)[0]).toContain(long.trim());
    const preview = await chat.preview({ conversationId: sent.conversationId, content: 'Next', model: null });
    // The call's arguments and its result each carry the 8,000 characters (about 2,000 tokens each).
    expect(preview.inputTokens).toBeGreaterThan(3000);
  });

  it('a comparison never offers tools, even in a conversation that uses them', async () => {
    mock.enqueue({ text: 'Hi.' });
    const sent = await chat.send(
      { content: 'Hello', conversationId: null, model: null, tools: ['everything'] },
      peer,
    );
    await done(sent.streamId);
    mock.reset();
    const compared = await chat.compare(
      { content: 'Compare', conversationId: sent.conversationId, models: [models.openai, models.anthropic] },
      peer,
    );
    await Promise.all(compared.streams.map((s) => done(s.streamId)));
    expect(mock.requests).toHaveLength(2);
    for (const request of mock.requests) expect(request.body).not.toHaveProperty('tools');
  });

  it('a request without tools sends earlier calls and results as text', async () => {
    mock.enqueue({ toolCalls: [getSum(9, 9)] }, { text: 'Eighteen.' });
    const sent = await chat.send(
      { content: 'Add 9 and 9', conversationId: null, model: models.anthropic, tools: ['everything'] },
      peer,
    );
    chat.approveTool(sent.streamId, (await nthCall(sent.streamId, 0)).call.id, 'once');
    await done(sent.streamId);
    mock.reset();
    const compared = await chat.compare(
      { content: 'And now?', conversationId: sent.conversationId, models: [models.openai, models.anthropic] },
      peer,
    );
    await Promise.all(compared.streams.map((s) => done(s.streamId)));
    expect(compared.streams.map((s) => of(s.streamId).at(-1))).toMatchObject([
      { state: 'complete' },
      { state: 'complete' },
    ]);
    for (const request of mock.requests) {
      const body = JSON.stringify(request.body);
      expect(body).not.toMatch(/tool_use|tool_result|tool_calls|"role":"tool"/);
      expect(body).toContain('[Called the tool everything__get-sum with {\\"a\\":9,\\"b\\":9}]');
      expect(body).toContain('[The tool answered: The sum of 9 and 9 is 18.]');
    }
  });
});

describe('a history that cannot store a tool call', () => {
  it('stops the answer in plain words: nothing is run and the model is not asked again', async () => {
    class FullDisk extends MemoryChatHistory {
      override appendPart(): void {
        throw new Error('database or disk is full');
      }
    }
    const full = new ChatService({
      client,
      history: new FullDisk(),
      settings: () => ({
        providers: [mockProvider(mock.url, 'openai', { maxRetries: 0 })],
        defaultModel: models.openai,
        failoverChain: [],
      }),
      tools: manager,
    });
    mock.enqueue({ text: 'Adding.', toolCalls: [getSum(1, 1)] });
    const sent = await full.send(
      { content: 'Add', conversationId: null, model: null, tools: ['everything'] },
      peer,
    );
    const end = await waitFor(() => of(sent.streamId).find((e) => e.type === 'done'));
    await full.settled();
    expect(end).toMatchObject({ state: 'error', error: { code: 'storage' } });
    expect(of(sent.streamId).some((e) => e.type === 'tool_call' || e.type === 'tool_result')).toBe(false);
    expect(mock.requests).toHaveLength(1);
  });
});
