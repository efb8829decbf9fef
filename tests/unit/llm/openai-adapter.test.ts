import { describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { openAiAdapter } from '../../../src/main/core/llm/adapters/openai.ts';
import { StreamState } from '../../../src/main/core/llm/adapters/types.ts';
import { capabilitiesFor } from '../../../src/main/core/llm/capabilities.ts';
import { planParameters } from '../../../src/main/core/llm/parameters.ts';
import type { ModelParameters } from '../../../src/shared/assistants.ts';
import { openAiProvider } from './support.ts';

function feed(...payloads: (string | object)[]): StreamState {
  const state = new StreamState({ providerName: 'TestAI', secrets: ['sk-secret-value-1234'] });
  for (const payload of payloads) {
    const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
    openAiAdapter.readEvent({ data, event: undefined, id: undefined }, state);
  }
  return state;
}

const choice = (delta: object | undefined, finish: string | null = null, extra: object = {}) => ({
  choices: [{ index: 0, ...(delta ? { delta } : {}), finish_reason: finish, ...extra }],
});

function call(provider: ProviderConfig, model: string, parameters: ModelParameters = {}) {
  const capabilities = capabilitiesFor(provider, model);
  const built = openAiAdapter.chatCall({
    provider,
    model,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ],
    capabilities,
    // What the client does: the parameters the model does not take are left out first.
    parameters: planParameters(provider.kind, capabilities, parameters).parameters,
  });
  return { url: built.url, body: JSON.parse(built.body) as Record<string, unknown> };
}

describe('OpenAI stream chunks', () => {
  it('passes text on and keeps reasoning_content (and reasoning) apart from the answer', () => {
    const state = feed(
      choice({ role: 'assistant', content: '' }),
      choice({ content: null, reasoning_content: 'think ' }),
      choice({ reasoning: 'more' }),
      choice({ content: 'Answer' }),
    );
    expect(state.events).toEqual([
      { type: 'reasoning', text: 'think ' },
      { type: 'reasoning', text: 'more' },
      { type: 'text', text: 'Answer' },
    ]);
  });

  it('shows a refusal as the answer, marked once as a refusal', () => {
    const state = feed(
      choice({ content: null, refusal: "I can't " }),
      choice({ content: null, refusal: 'help with that.' }),
    );
    expect(state.events).toEqual([
      { type: 'filter', finding: { source: 'provider', kind: 'refusal', categories: [] } },
      { type: 'text', text: "I can't " },
      { type: 'text', text: 'help with that.' },
    ]);
  });

  it("tells Azure's filtered prompt categories, with their severity", () => {
    const state = feed({
      choices: [],
      prompt_filter_results: [
        {
          prompt_index: 0,
          content_filter_results: {
            hate: { filtered: false, severity: 'safe' },
            self_harm: { filtered: true, severity: 'high' },
            jailbreak: { filtered: true, detected: true },
          },
        },
      ],
    });
    expect(state.events).toEqual([
      {
        type: 'filter',
        finding: {
          source: 'provider',
          kind: 'filtered',
          categories: [{ category: 'self_harm', severity: 'high' }, { category: 'jailbreak' }],
          stage: 'prompt',
        },
      },
    ]);
  });

  it('ignores null content and role-only chunks', () => {
    const state = feed(
      choice({ role: 'assistant', content: null }),
      choice({ content: null }),
      choice({ content: 'x' }),
    );
    expect(state.events).toEqual([{ type: 'text', text: 'x' }]);
  });

  it('reads a usage-only chunk with empty choices, and the finish reason before it', () => {
    const state = feed(
      choice({ content: 'a' }),
      choice({}, 'length'),
      {
        choices: [],
        usage: {
          prompt_tokens: 11,
          completion_tokens: 22,
          completion_tokens_details: { reasoning_tokens: 5 },
        },
      },
      '[DONE]',
    );
    expect(state.finishReason).toBe('length');
    expect(state.usage).toEqual({ inputTokens: 11, outputTokens: 22, reasoningTokens: 5, estimated: false });
    expect(state.done).toBe(true);
  });

  it('does not mistake a missing [DONE] for one', () => {
    const state = feed(choice({ content: 'a' }), choice({}, 'stop'));
    expect(state.done).toBe(false);
    expect(state.finishReason).toBe('stop');
  });

  it('reads Azure content-filter chunks: prompt annotations, choices without delta, a filtered finish', () => {
    const state = feed(
      {
        choices: [],
        id: '',
        model: '',
        object: '',
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
      },
      choice({ content: 'Hel' }, null, {
        content_filter_results: { hate: { filtered: false, severity: 'safe' } },
      }),
      choice(undefined, null, { content_filter_offsets: { check_offset: 0 }, content_filter_results: {} }),
      choice(undefined, 'content_filter', {
        content_filter_results: {
          violence: { filtered: true, severity: 'medium' },
          hate: { filtered: false, severity: 'safe' },
        },
      }),
    );
    expect(state.events).toEqual([
      { type: 'text', text: 'Hel' },
      {
        type: 'filter',
        finding: {
          source: 'provider',
          kind: 'filtered',
          categories: [{ category: 'violence', severity: 'medium' }],
          stage: 'completion',
        },
      },
    ]);
    expect(state.finishReason).toBe('content_filter');
    expect(state.filterDetail).toBe('Filtered: violence (medium)');
    expect(state.error).toBeNull();
  });

  it('turns an error object sent as data into a classified error, keeping the provider words', () => {
    const state = feed(choice({ content: 'par' }), {
      error: { message: 'The server had an error', type: 'server_error', code: null },
    });
    expect(state.error).toMatchObject({ code: 'server_error', detail: 'The server had an error' });
    const limited = feed({
      error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
    });
    expect(limited.error?.code).toBe('rate_limited');
    const vllm = feed({
      object: 'error',
      message: 'This model maximum context length is 4096 tokens',
      type: 'BadRequestError',
      code: 400,
    });
    expect(vllm.error?.code).toBe('context_too_long');
  });

  it('treats `event: error` data as an error even without an error wrapper', () => {
    const state = new StreamState({ providerName: 'TestAI' });
    openAiAdapter.readEvent(
      { event: 'error', data: '{"message":"overloaded","code":503}', id: undefined },
      state,
    );
    expect(state.error?.code).toBe('server_error');
  });

  it('reports a garbled chunk as an error instead of throwing', () => {
    const state = feed(choice({ content: 'ok' }), '{"choices":[{"delta":{"content":');
    expect(state.events).toEqual([{ type: 'text', text: 'ok' }]);
    expect(state.error?.code).toBe('server_error');
  });

  it('reads a plain JSON completion sent to a streaming request', () => {
    const state = new StreamState({ providerName: 'TestAI' });
    openAiAdapter.readReply(
      {
        choices: [
          {
            message: { role: 'assistant', content: 'Whole answer', reasoning_content: 'why' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 2 },
      },
      state,
    );
    expect(state.events).toEqual([
      { type: 'text', text: 'Whole answer' },
      { type: 'reasoning', text: 'why' },
    ]);
    expect(state.done).toBe(true);
    expect(state.usage).toEqual({ inputTokens: 3, outputTokens: 2, estimated: false });
  });
});

describe('OpenAI request shaping', () => {
  const openai = openAiProvider('https://api.openai.com/v1/');

  it('sends a classic model max_tokens, temperature, the system role and asks for usage', () => {
    const { url, body } = call(openai, 'gpt-4o', { temperature: 0.3, maxOutputTokens: 100 });
    expect(url).toBe('https://api.openai.com/v1/chat/completions');
    expect(body).toMatchObject({
      model: 'gpt-4o',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      max_tokens: 100,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
  });

  it('sends a reasoning model max_completion_tokens, no temperature, and the developer role', () => {
    const { body } = call(openai, 'o3-mini', { temperature: 0.3, maxOutputTokens: 100 });
    expect(body.max_completion_tokens).toBe(100);
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('temperature');
    expect((body.messages as { role: string }[])[0]!.role).toBe('developer');
    expect(call(openai, 'gpt-5-mini', { temperature: 1 }).body).not.toHaveProperty('temperature');
  });

  it('folds instructions into the first user message for o1-mini', () => {
    const { body } = call(openai, 'o1-mini');
    expect(body.messages).toEqual([{ role: 'user', content: 'Be brief.\n\nHi' }]);
  });

  it('passes an unknown model through with safe defaults', () => {
    const local = openAiProvider('http://127.0.0.1:11434/v1', { kind: 'openai-compatible' });
    const { url, body } = call(local, 'llama3.2:3b-custom', { temperature: 0.7, maxOutputTokens: 50 });
    expect(url).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(body).toMatchObject({ temperature: 0.7, max_tokens: 50 });
    expect(body).not.toHaveProperty('stream_options');
    expect((body.messages as { role: string }[])[0]!.role).toBe('system');
  });

  it('asks known compatible services for usage, and keeps max_tokens for reasoning models there', () => {
    const deepseek = openAiProvider('https://api.deepseek.com/v1', { kind: 'openai-compatible' });
    const { body } = call(deepseek, 'deepseek-reasoner', { temperature: 0.2, maxOutputTokens: 10 });
    expect(body).toMatchObject({ stream_options: { include_usage: true }, max_tokens: 10 });
    expect(body).not.toHaveProperty('temperature');
    const router = openAiProvider('https://openrouter.ai/api/v1', { kind: 'openai-compatible' });
    expect(call(router, 'openai/o3-mini', { maxOutputTokens: 5 }).body).toMatchObject({ max_tokens: 5 });
  });

  it('builds Azure deployment URLs with the api-version', () => {
    const azure = openAiProvider('https://res.openai.azure.com', { kind: 'azure', apiVersion: '2024-06-01' });
    expect(call(azure, 'my gpt4o').url).toBe(
      'https://res.openai.azure.com/openai/deployments/my%20gpt4o/chat/completions?api-version=2024-06-01',
    );
    const defaulted = openAiProvider('https://res.openai.azure.com/', { kind: 'azure' });
    expect(call(defaulted, 'dep').url).toMatch(
      /\/openai\/deployments\/dep\/chat\/completions\?api-version=\d{4}-\d{2}-\d{2}/,
    );
  });

  it('lists models from data[].id', () => {
    expect(
      openAiAdapter.readModels({ object: 'list', data: [{ id: 'a' }, { id: 'b' }, { nope: 1 }] }),
    ).toEqual(['a', 'b']);
    expect(openAiAdapter.modelsCall(openAiProvider('http://h/v1')).url).toBe('http://h/v1/models');
  });
});
