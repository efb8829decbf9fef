import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessageInput } from '../../../src/shared/llm-events.ts';
import type { ProviderConfig, ProviderKind } from '../../../src/shared/providers.ts';
import type { ToolDefinition } from '../../../src/shared/tools.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { collect, mockProvider, ofType, testClient, textOf, type TestClient } from '../llm/support.ts';

/**
 * Function calling on the wire, through the real client against the mock (which streams tool calls
 * as each API does and refuses, with the API's own words, a call without its result or a result
 * without its call): definitions out, streamed calls merged, results back.
 */

let server: MockServer;
let t: TestClient;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  t = await testClient();
});
afterAll(async () => {
  await t.client.close();
  await server.close();
});
beforeEach(() => server.reset());

const getSum: ToolDefinition = {
  name: 'everything__get-sum',
  description: 'Adds two numbers.',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
};
const echo: ToolDefinition = {
  name: 'everything__echo',
  description: 'Echoes its message.',
  inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
};

const kinds: { kind: ProviderKind; model: string }[] = [
  { kind: 'openai', model: 'gpt-4o' },
  { kind: 'anthropic', model: 'claude-sonnet-4-5' },
];

function provider(kind: ProviderKind): ProviderConfig {
  return mockProvider(server.url, kind);
}

const question: ChatMessageInput = { role: 'user', content: 'What is 2 + 3? And say hi.' };

describe.each(kinds)('tool calls, $kind', ({ kind, model }) => {
  it('offers the tools and merges two interleaved streamed calls, in order, with their arguments whole', async () => {
    server.enqueue({
      text: 'Let me check.',
      toolCalls: [
        { name: 'everything__get-sum', arguments: { a: 2, b: 3 } },
        { name: 'everything__echo', arguments: { message: 'hi there, a longer message in pieces' } },
      ],
    });
    const events = await collect(
      t.client.stream({
        chain: [{ provider: provider(kind), model }],
        messages: [question],
        tools: [getSum, echo],
      }),
    );
    expect(textOf(events)).toBe('Let me check.');
    const [turn] = ofType(events, 'tool_calls');
    expect(turn!.calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['everything__get-sum', { a: 2, b: 3 }],
      ['everything__echo', { message: 'hi there, a longer message in pieces' }],
    ]);
    expect(new Set(turn!.calls.map((call) => call.id)).size).toBe(2);
    expect(ofType(events, 'finish')[0]!.reason).toBe('tool_calls');
    const body = server.requests.at(-1)!.body as { tools: Record<string, unknown>[] };
    if (kind === 'anthropic')
      expect(body.tools[0]).toEqual({
        name: getSum.name,
        description: getSum.description,
        input_schema: getSum.inputSchema,
      });
    else
      expect(body.tools[0]).toEqual({
        type: 'function',
        function: { name: getSum.name, description: getSum.description, parameters: getSum.inputSchema },
      });
  });

  it('sends the calls and their results back in the API’s own shape, and the API takes them', async () => {
    const answer: ChatMessageInput = {
      role: 'assistant',
      content: 'Let me check.',
      parts: [
        { type: 'text', text: 'Let me check.' },
        {
          type: 'tool_call',
          call: { id: 'call_1', name: 'everything__get-sum', arguments: '{"a":2,"b":3}' },
        },
        { type: 'tool_call', call: { id: 'call_2', name: 'everything__echo', arguments: 'not json' } },
        {
          type: 'tool_result',
          callId: 'call_1',
          outcome: { text: 'The sum of 2 and 3 is 5.', isError: false },
        },
        {
          type: 'tool_result',
          callId: 'call_2',
          outcome: { text: 'Arguments are not JSON.', isError: true },
        },
      ],
    };
    const events = await collect(
      t.client.stream({
        chain: [{ provider: provider(kind), model }],
        messages: [question, answer],
        tools: [getSum, echo],
      }),
    );
    expect(ofType(events, 'error')).toEqual([]);
    // The mock quotes the last result it was sent.
    expect(textOf(events)).toContain('Arguments are not JSON.');
    const sent = (server.requests.at(-1)!.body as { messages: unknown[] }).messages;
    if (kind === 'anthropic')
      expect(sent.slice(1)).toEqual([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'call_1', name: 'everything__get-sum', input: { a: 2, b: 3 } },
            { type: 'tool_use', id: 'call_2', name: 'everything__echo', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'The sum of 2 and 3 is 5.' },
            {
              type: 'tool_result',
              tool_use_id: 'call_2',
              content: 'Arguments are not JSON.',
              is_error: true,
            },
          ],
        },
      ]);
    else
      expect(sent.slice(1)).toEqual([
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'everything__get-sum', arguments: '{"a":2,"b":3}' },
            },
            { id: 'call_2', type: 'function', function: { name: 'everything__echo', arguments: 'not json' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'The sum of 2 and 3 is 5.' },
        { role: 'tool', tool_call_id: 'call_2', content: 'Error: Arguments are not JSON.' },
      ]);
  });

  it('a call whose result was never stored still goes with an error result, so the API does not refuse it', async () => {
    const answer: ChatMessageInput = {
      role: 'assistant',
      content: '',
      parts: [{ type: 'tool_call', call: { id: 'call_9', name: 'everything__echo', arguments: '{}' } }],
    };
    const events = await collect(
      t.client.stream({
        chain: [{ provider: provider(kind), model }],
        messages: [question, answer, { role: 'user', content: 'Go on.' }],
        tools: [echo],
      }),
    );
    expect(ofType(events, 'error')).toEqual([]);
    expect(JSON.stringify(server.requests.at(-1)!.body)).toContain('did not finish');
  });

  it('the same calls in a whole (non-streamed) reply', async () => {
    server.enqueue({
      jsonForStream: true,
      toolCalls: [{ name: 'everything__get-sum', arguments: { a: 1, b: 1 } }],
    });
    const events = await collect(
      t.client.stream({
        chain: [{ provider: provider(kind), model }],
        messages: [question],
        tools: [getSum],
      }),
    );
    const [turn] = ofType(events, 'tool_calls');
    expect(turn!.calls.map((call) => JSON.parse(call.arguments))).toEqual([{ a: 1, b: 1 }]);
  });
});

describe('the mock refuses what the real APIs refuse, so passing here means something', () => {
  const post = async (path: string, headers: Record<string, string>, body: object) => {
    const reply = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: reply.status, text: await reply.text() };
  };

  it('OpenAI: a call without its tool message, and a tool message without its call', async () => {
    const auth = { authorization: 'Bearer sk-integration-key-5555' };
    const call = { id: 'call_1', type: 'function', function: { name: 'echo', arguments: '{}' } };
    const unanswered = await post('/v1/chat/completions', auth, {
      model: 'gpt-4o',
      messages: [
        question,
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(unanswered.status).toBe(400);
    expect(unanswered.text).toContain('did not have response messages: call_1');
    const stray = await post('/v1/chat/completions', auth, {
      model: 'gpt-4o',
      messages: [question, { role: 'tool', tool_call_id: 'call_1', content: 'x' }],
    });
    expect(stray.status).toBe(400);
    expect(stray.text).toContain("must be a response to a preceeding message with 'tool_calls'");
  });

  it('Anthropic: a tool_use without its tool_result right after it', async () => {
    const reply = await post(
      '/v1/messages',
      { 'x-api-key': 'sk-integration-key-5555', 'anthropic-version': '2023-06-01' },
      {
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        messages: [
          question,
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'echo', input: {} }] },
          { role: 'user', content: 'hi' },
        ],
      },
    );
    expect(reply.status).toBe(400);
    expect(reply.text).toContain(
      '`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1',
    );
  });
});
