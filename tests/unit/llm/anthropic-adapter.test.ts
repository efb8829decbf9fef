import { describe, expect, it } from 'vitest';
import { anthropicAdapter } from '../../../src/main/core/llm/adapters/anthropic.ts';
import { StreamState } from '../../../src/main/core/llm/adapters/types.ts';
import { capabilitiesFor } from '../../../src/main/core/llm/capabilities.ts';
import { openAiProvider } from './support.ts';

function feed(...events: [string, object][]): StreamState {
  const state = new StreamState({ providerName: 'Claude' });
  for (const [event, data] of events)
    anthropicAdapter.readEvent(
      { event, data: JSON.stringify({ type: event, ...data }), id: undefined },
      state,
    );
  return state;
}

const provider = openAiProvider('https://api.anthropic.com', { kind: 'anthropic' });

describe('Anthropic stream events', () => {
  it('reads text and thinking deltas, usage from message_start and message_delta, the stop reason and message_stop', () => {
    const state = feed(
      [
        'message_start',
        { message: { usage: { input_tokens: 25, cache_read_input_tokens: 5, output_tokens: 1 } } },
      ],
      ['content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }],
      ['content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Let me think' } }],
      ['content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'abc' } }],
      ['content_block_stop', { index: 0 }],
      ['ping', {}],
      ['content_block_start', { index: 1, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Hello' } }],
      ['message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 42 } }],
      ['message_stop', {}],
    );
    expect(state.events).toEqual([
      { type: 'reasoning', text: 'Let me think' },
      { type: 'text', text: 'Hello' },
    ]);
    expect(state.usage).toEqual({ inputTokens: 30, outputTokens: 42, estimated: false });
    expect(state.finishReason).toBe('length');
    expect(state.done).toBe(true);
  });

  it('turns `event: error` into a classified error', () => {
    const state = feed(
      ['content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi' } }],
      ['error', { error: { type: 'overloaded_error', message: 'Overloaded' } }],
    );
    expect(state.error).toMatchObject({ code: 'server_error', detail: 'Overloaded' });
    expect(feed(['error', { error: { type: 'rate_limit_error', message: 'slow down' } }]).error?.code).toBe(
      'rate_limited',
    );
  });

  it('reads a whole JSON message and a JSON error', () => {
    const state = new StreamState({ providerName: 'Claude' });
    anthropicAdapter.readReply(
      {
        type: 'message',
        content: [{ type: 'text', text: 'All of it' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 3, output_tokens: 4 },
      },
      state,
    );
    expect(state.events).toEqual([{ type: 'text', text: 'All of it' }]);
    expect(state.finishReason).toBe('stop');
    const failed = new StreamState({ providerName: 'Claude' });
    anthropicAdapter.readReply(
      { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
      failed,
    );
    expect(failed.error?.code).toBe('bad_key');
  });
});

describe('Anthropic request shaping', () => {
  it('moves system messages to `system`, clamps temperature to 0..1 and always sends max_tokens', () => {
    const built = anthropicAdapter.chatCall({
      provider,
      model: 'claude-3-5-haiku-latest',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      parameters: { temperature: 1.6 },
      capabilities: capabilitiesFor(provider, 'claude-3-5-haiku-latest'),
    });
    expect(built.url).toBe('https://api.anthropic.com/v1/messages');
    expect(built.headers['anthropic-version']).toBe('2023-06-01');
    expect(JSON.parse(built.body)).toEqual({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 8192,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      temperature: 1,
    });
  });

  it('does not double /v1 when the base URL already has it', () => {
    const withV1 = { ...provider, baseUrl: 'http://127.0.0.1:9/v1/' };
    expect(
      anthropicAdapter.chatCall({
        provider: withV1,
        model: 'claude-x',
        messages: [],
        parameters: {},
        capabilities: capabilitiesFor(withV1, 'claude-x'),
      }).url,
    ).toBe('http://127.0.0.1:9/v1/messages');
    expect(anthropicAdapter.modelsCall(provider).url).toBe('https://api.anthropic.com/v1/models?limit=1000');
  });
});
