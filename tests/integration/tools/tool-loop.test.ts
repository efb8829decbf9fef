import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderKind } from '../../../src/shared/providers.ts';
import type { ToolCall, ToolOutcome } from '../../../src/shared/tools.ts';
import { parseToolArguments } from '../../../src/shared/tools.ts';
import {
  DENIED_OUTCOME,
  runWithTools,
  type ToolBox,
  type ToolDecision,
  type ToolLoopEvent,
} from '../../../src/main/core/tools/tool-loop.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { McpManager } from '../../../src/main/core/tools/mcp/mcp-manager.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everything } from './mcp-servers.ts';
import { InstantClock, mockProvider, testClient, type TestClient } from '../llm/support.ts';

/**
 * The tool loop through the real client and the mock model: calls approved or denied, run, sent
 * back, until the model answers; failures go back as errors; the step limit; retries around a step;
 * Stop during a call. The tools here are plain functions (the MCP tests run real servers).
 */

let server: MockServer;
let t: TestClient;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  t = await testClient({ clock: new InstantClock() });
});
afterAll(async () => {
  await t.client.close();
  await server.close();
});
beforeEach(() => server.reset());

const ran: ToolCall[] = [];
const sumTool: ToolBox = {
  definitions: [
    {
      name: 'get-sum',
      description: 'Adds a and b.',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    },
  ],
  run: async (call) => {
    ran.push(call);
    const args = parseToolArguments(call);
    if (!args.ok) return { text: args.error, isError: true };
    const { a, b } = args.value as { a: unknown; b: unknown };
    if (typeof a !== 'number' || typeof b !== 'number')
      return { text: 'a and b must be numbers.', isError: true };
    return { text: `The sum of ${a} and ${b} is ${a + b}.`, isError: false };
  },
};

async function loop(
  kind: ProviderKind,
  options: {
    retries?: number;
    approve?: (call: ToolCall) => ToolDecision;
    maxSteps?: number;
    tools?: ToolBox;
    signal?: AbortSignal;
  } = {},
) {
  ran.length = 0;
  const events: ToolLoopEvent[] = [];
  const model = kind === 'anthropic' ? 'claude-sonnet-4-5' : 'gpt-4o';
  for await (const batch of runWithTools(
    t.client,
    {
      chain: [{ provider: mockProvider(server.url, kind, { maxRetries: options.retries ?? 0 }), model }],
      messages: [{ role: 'user', content: 'What is 2 + 3?' }],
    },
    {
      tools: options.tools ?? sumTool,
      approve: async (call) => options.approve?.(call) ?? 'allow',
      maxSteps: options.maxSteps,
    },
    options.signal ?? new AbortController().signal,
  ))
    events.push(...batch);
  return events;
}

const types = (events: ToolLoopEvent[]) => [...new Set(events.map((event) => event.type))];
const text = (events: ToolLoopEvent[]) => events.map((e) => (e.type === 'text' ? e.text : '')).join('');
const results = (events: ToolLoopEvent[]) =>
  events.flatMap((e) => (e.type === 'tool_result' ? [e.outcome] : ([] as ToolOutcome[])));
const sentLast = () => JSON.stringify(server.requests.at(-1)!.body);

describe.each(['openai', 'anthropic'] as const)('the tool loop, %s', (kind) => {
  it('runs an allowed call, sends its result back, and ends with the model’s answer', async () => {
    server.enqueue({ toolCalls: [{ name: 'get-sum', arguments: { a: 2, b: 3 } }] });
    const events = await loop(kind);
    expect(ran.map((call) => JSON.parse(call.arguments))).toEqual([{ a: 2, b: 3 }]);
    expect(results(events)).toEqual([{ text: 'The sum of 2 and 3 is 5.', isError: false }]);
    expect(text(events)).toBe('The tool said: The sum of 2 and 3 is 5.');
    expect(server.requests).toHaveLength(2);
    expect(sentLast()).toContain('The sum of 2 and 3 is 5.');
    const finishes = events.filter((e) => e.type === 'finish');
    expect(finishes).toHaveLength(1);
    expect(finishes[0]).toMatchObject({ reason: 'stop' });
    // Usage is the sum of both steps.
    const usage = events.filter((e) => e.type === 'usage').at(-1);
    expect(usage!.type === 'usage' && usage!.usage.inputTokens).toBeGreaterThan(0);
    expect(types(events)).toEqual(
      expect.arrayContaining(['tool_calls', 'tool_result', 'text', 'usage', 'finish']),
    );
  });

  it('a denied call is not run; the refusal goes back to the model', async () => {
    server.enqueue({ toolCalls: [{ name: 'get-sum', arguments: { a: 2, b: 3 } }] });
    const events = await loop(kind, { approve: () => 'deny' });
    expect(ran).toEqual([]);
    expect(results(events)).toEqual([DENIED_OUTCOME]);
    expect(sentLast()).toContain('The user denied this tool call');
    expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
  });

  it('a tool’s failure goes back as an error result and the model carries on', async () => {
    server.enqueue({ toolCalls: [{ name: 'get-sum', arguments: '{"a": "two"' }] });
    const events = await loop(kind);
    expect(results(events)).toEqual([
      { text: 'The arguments for get-sum are not valid JSON.', isError: true },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
  });

  it('stops at the step limit with an error that says so', async () => {
    const again = { toolCalls: [{ name: 'get-sum', arguments: { a: 1, b: 1 } }] };
    server.enqueue(again, again, again);
    const events = await loop(kind, { maxSteps: 2 });
    expect(server.requests).toHaveLength(2);
    expect(ran).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      interrupted: true,
      error: { code: 'interrupted', message: 'The answer stopped after 2 tool steps without a final reply.' },
    });
  });
});

describe('around each step', () => {
  it('a step that fails with a 503 is retried like any request, and the loop completes', async () => {
    server.enqueue({ toolCalls: [{ name: 'get-sum', arguments: { a: 4, b: 4 } }] }, { status: 503 });
    const events = await loop('openai', { retries: 2 });
    expect(events.some((e) => e.type === 'retrying')).toBe(true);
    expect(text(events)).toBe('The tool said: The sum of 4 and 4 is 8.');
  });

  it('Stop while a call runs: the call sees the abort, nothing more is asked', async () => {
    const stop = new AbortController();
    const hanging: ToolBox = {
      definitions: sumTool.definitions,
      run: (_call, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => resolve({ text: 'Cancelled by the user.', isError: true }));
          setTimeout(() => stop.abort(), 20);
        }),
    };
    server.enqueue({ toolCalls: [{ name: 'get-sum', arguments: { a: 1, b: 2 } }] });
    const events = await loop('openai', { tools: hanging, signal: stop.signal });
    expect(results(events)).toEqual([{ text: 'Cancelled by the user.', isError: true }]);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    expect(server.requests).toHaveLength(1);
  });
});

describe.each(['openai', 'anthropic'] as const)('with a real MCP server (server-everything), %s', (kind) => {
  it('the model calls get-sum, the server answers, and the next request carries the result', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-loop-mcp-'));
    const manager = new McpManager({
      dataDir,
      secrets: new MemorySecretStore(),
      servers: () => [everything()],
      onStatus: () => undefined,
    });
    try {
      const tools = await manager.toolbox(['everything']);
      server.enqueue({ toolCalls: [{ name: 'everything__get-sum', arguments: { a: 2, b: 3 } }] });
      const events = await loop(kind, { tools });
      expect(results(events)).toEqual([{ text: 'The sum of 2 and 3 is 5.', isError: false }]);
      expect(sentLast()).toContain('The sum of 2 and 3 is 5.');
      expect(text(events)).toBe('The tool said: The sum of 2 and 3 is 5.');
      const offered = (server.requests[0]!.body as { tools: unknown[] }).tools;
      expect(offered.length).toBe(tools.definitions.length);
    } finally {
      await manager.stopAll();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
