import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelParameters } from '../../../src/shared/assistants.ts';
import type { LlmEvent } from '../../../src/shared/llm-events.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { createLlmClient } from '../../../src/main/core/llm/client.ts';
import type { ModelOverrides } from '../../../src/main/core/llm/capabilities.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { collect, last, mockProvider, ofType, testClient, type TestClient } from './support.ts';

/**
 * The system prompt and every parameter, as each API's mock (which enforces that API's real parameter
 * rules) receives them; parameters a model does not take are dropped with an `adjusted` event, and a
 * parameter the provider refuses with a 400 is sent again without it.
 */

let server: MockServer;
let t: TestClient;
let overrides: ModelOverrides = {};
let withOverrides: ReturnType<typeof createLlmClient>;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  t = await testClient();
  withOverrides = createLlmClient({ secrets: t.secrets, env: {}, modelOverrides: () => overrides });
});
afterAll(async () => {
  await t.client.close();
  await withOverrides.close();
  await server.close();
});
beforeEach(() => {
  server.reset();
  overrides = {};
});

const every: ModelParameters = {
  temperature: 0.4,
  topP: 0.9,
  maxOutputTokens: 300,
  presencePenalty: 0.5,
  frequencyPenalty: -0.25,
  seed: 42,
  stop: ['END', '###'],
  reasoningEffort: 'high',
  thinkingBudget: 2048,
};

const SYSTEM = 'Answer in one word.';

/** `every` as Chat Completions names it, for a model that samples. */
const samplingFields = {
  temperature: 0.4,
  top_p: 0.9,
  max_tokens: 300,
  presence_penalty: 0.5,
  frequency_penalty: -0.25,
  seed: 42,
  stop: ['END', '###'],
};

async function send(provider: ProviderConfig, model: string, parameters: ModelParameters, client = t.client) {
  const events = await collect(
    client.stream({
      chain: [{ provider, model }],
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: 'hi' },
      ],
      parameters,
    }),
  );
  return { events, bodies: server.requests.map((request) => request.body as Record<string, unknown>) };
}

/** The `adjusted` events, checked to come before any text. */
function adjusted(events: LlmEvent[]): string[][] {
  const firstText = events.findIndex((event) => event.type === 'text');
  const notes = events.flatMap((event, index) => (event.type === 'adjusted' ? [{ event, index }] : []));
  for (const { index } of notes) expect(index).toBeLessThan(firstText);
  return notes.map(({ event }) => event.dropped);
}

function answered(events: LlmEvent[]): void {
  expect(last(events)).toMatchObject({ type: 'finish' });
  expect(ofType(events, 'text').length).toBeGreaterThan(0);
}

describe('OpenAI', () => {
  it('sends a chat model the system message and every sampling parameter under its own name', async () => {
    const { events, bodies } = await send(mockProvider(server.url, 'openai'), 'gpt-4o', every);
    answered(events);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: 'hi' },
      ],
      ...samplingFields,
    });
    expect(bodies[0]).not.toHaveProperty('reasoning_effort');
    expect(bodies[0]).not.toHaveProperty('max_completion_tokens');
    expect(adjusted(events)).toEqual([['reasoningEffort', 'thinkingBudget']]);
  });

  it('sends a reasoning model a developer message, max_completion_tokens and reasoning_effort, and nothing it refuses', async () => {
    const { events, bodies } = await send(mockProvider(server.url, 'openai'), 'o3-mini', every);
    answered(events);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({
      messages: [
        { role: 'developer', content: SYSTEM },
        { role: 'user', content: 'hi' },
      ],
      max_completion_tokens: 300,
      seed: 42,
      reasoning_effort: 'high',
    });
    for (const field of [
      'temperature',
      'top_p',
      'max_tokens',
      'presence_penalty',
      'frequency_penalty',
      'stop',
    ])
      expect(bodies[0]).not.toHaveProperty(field);
    expect(adjusted(events)).toEqual([
      ['temperature', 'topP', 'presencePenalty', 'frequencyPenalty', 'stop', 'thinkingBudget'],
    ]);
  });

  it('sends nothing extra and says nothing when no parameter is set', async () => {
    const { events, bodies } = await send(mockProvider(server.url, 'openai'), 'o3-mini', {});
    answered(events);
    expect(Object.keys(bodies[0]!).sort()).toEqual(['messages', 'model', 'stream', 'stream_options']);
    expect(adjusted(events)).toEqual([]);
  });

  it('retries once without a parameter the provider refuses, and says it was dropped', async () => {
    // The person's correction says o3-mini takes temperature; OpenAI says otherwise.
    overrides = { 'mock-openai/o3-mini': { parameters: { temperature: true } } };
    const { events, bodies } = await send(
      mockProvider(server.url, 'openai'),
      'o3-mini',
      { temperature: 0.2, seed: 7 },
      withOverrides,
    );
    answered(events);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatchObject({ temperature: 0.2, seed: 7 });
    expect(bodies[1]).not.toHaveProperty('temperature');
    expect(bodies[1]).toMatchObject({ seed: 7 });
    expect(adjusted(events)).toEqual([['temperature']]);
    expect(ofType(events, 'error')).toHaveLength(0);
  });

  it('learns from the 400s of a model the table does not know: max_completion_tokens, then no temperature', async () => {
    const { events, bodies } = await send(mockProvider(server.url, 'openai'), 'o9-preview', {
      temperature: 0.3,
      maxOutputTokens: 120,
    });
    answered(events);
    expect(bodies.map((body) => Object.keys(body).filter((key) => /tokens|temperature/.test(key)))).toEqual([
      ['temperature', 'max_tokens'],
      ['temperature', 'max_completion_tokens'],
      ['max_completion_tokens'],
    ]);
    expect(adjusted(events)).toEqual([['temperature']]);
  });

  it('does not retry a 400 that names no parameter', async () => {
    server.enqueue({ status: 400 });
    const { events, bodies } = await send(mockProvider(server.url, 'openai'), 'gpt-4o', { temperature: 1 });
    expect(bodies).toHaveLength(1);
    expect(last(events)).toMatchObject({ type: 'error', error: { code: 'bad_request' } });
  });

  it('refuses reasoning_effort for a chat model the person said takes it, then sends without', async () => {
    overrides = { 'gpt-4o': { parameters: { reasoningEffort: true } } };
    const { events, bodies } = await send(
      mockProvider(server.url, 'openai'),
      'gpt-4o',
      { reasoningEffort: 'low' },
      withOverrides,
    );
    answered(events);
    expect(bodies[0]).toMatchObject({ reasoning_effort: 'low' });
    expect(bodies[1]).not.toHaveProperty('reasoning_effort');
    expect(adjusted(events)).toEqual([['reasoningEffort']]);
  });
});

describe('Azure', () => {
  it('maps like OpenAI, per deployment', async () => {
    const azure = mockProvider(server.url, 'azure', { apiVersion: '2024-12-01-preview' });
    const chat = await send(azure, 'gpt-4o', every);
    answered(chat.events);
    expect(server.requests[0]!.path).toBe('/openai/deployments/gpt-4o/chat/completions');
    expect(server.requests[0]!.query['api-version']).toBe('2024-12-01-preview');
    expect(chat.bodies[0]).toMatchObject({
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: 'hi' },
      ],
      ...samplingFields,
    });
    server.reset();
    const reasoning = await send(azure, 'o4-mini', every);
    answered(reasoning.events);
    expect(reasoning.bodies).toHaveLength(1);
    expect(reasoning.bodies[0]).toMatchObject({
      messages: [{ role: 'developer', content: SYSTEM }, { role: 'user' }],
      max_completion_tokens: 300,
      reasoning_effort: 'high',
      seed: 42,
    });
    expect(reasoning.bodies[0]).not.toHaveProperty('temperature');
    expect(adjusted(reasoning.events)[0]).toContain('temperature');
  });

  it('retries a deployment that refuses a parameter without it', async () => {
    // A deployment name the table cannot read: Azure's 400 names the parameter.
    const azure = mockProvider(server.url, 'azure');
    const { events, bodies } = await send(azure, 'o5-prod', { topP: 0.5 });
    answered(events);
    expect(bodies[0]).toMatchObject({ top_p: 0.5 });
    expect(bodies[1]).not.toHaveProperty('top_p');
    expect(adjusted(events)).toEqual([['topP']]);
  });
});

describe('Anthropic', () => {
  const claude = () => mockProvider(server.url, 'anthropic');

  it('sends the system prompt top-level, max_tokens always, and its own names; no penalties or seed', async () => {
    const { events, bodies } = await send(claude(), 'claude-3-5-haiku-latest', {
      ...every,
      thinkingBudget: undefined,
      reasoningEffort: undefined,
    });
    answered(events);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toEqual({
      model: 'claude-3-5-haiku-latest',
      system: SYSTEM,
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 300,
      temperature: 0.4,
      top_p: 0.9,
      stop_sequences: ['END', '###'],
      stream: true,
    });
    expect(adjusted(events)).toEqual([['presencePenalty', 'frequencyPenalty', 'seed']]);
  });

  it('sends max_tokens when none is set', async () => {
    const { bodies } = await send(claude(), 'claude-3-5-haiku-latest', {});
    expect(bodies[0]).toMatchObject({ max_tokens: 8192 });
  });

  it('turns extended thinking on with its budget below max_tokens, and leaves temperature out', async () => {
    const { events, bodies } = await send(claude(), 'claude-sonnet-4-5', {
      temperature: 0.7,
      topP: 0.97,
      maxOutputTokens: 4000,
      thinkingBudget: 2048,
    });
    answered(events);
    expect(bodies[0]).toMatchObject({
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      top_p: 0.97,
    });
    expect(bodies[0]).not.toHaveProperty('temperature');
    expect(adjusted(events)).toEqual([['temperature']]);
  });

  it('raises max_tokens above a larger thinking budget, keeping the answer its own room', async () => {
    const { events, bodies } = await send(claude(), 'claude-opus-4-1', {
      maxOutputTokens: 1000,
      thinkingBudget: 5000,
      topP: 0.5,
    });
    answered(events);
    expect(bodies[0]).toMatchObject({ max_tokens: 6000, thinking: { budget_tokens: 5000 } });
    expect(bodies[0]).not.toHaveProperty('top_p');
    expect(adjusted(events)).toEqual([['topP']]);
  });

  it('does not send thinking to a model without it', async () => {
    const { events, bodies } = await send(claude(), 'claude-3-5-haiku-latest', { thinkingBudget: 2048 });
    answered(events);
    expect(bodies[0]).not.toHaveProperty('thinking');
    expect(adjusted(events)).toEqual([['thinkingBudget']]);
  });

  it('retries without a field Anthropic refuses (thinking turned on by extra JSON, with a temperature)', async () => {
    overrides = {
      'claude-3-5-haiku-latest': { extraBody: { thinking: { type: 'enabled', budget_tokens: 1024 } } },
    };
    const { events, bodies } = await send(
      claude(),
      'claude-3-5-haiku-latest',
      { temperature: 0.3, maxOutputTokens: 2000 },
      withOverrides,
    );
    answered(events);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatchObject({ temperature: 0.3, thinking: { budget_tokens: 1024 } });
    expect(bodies[1]).not.toHaveProperty('temperature');
    expect(adjusted(events)).toEqual([['temperature']]);
  });
});
