import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropicAdapter } from '../../../src/main/core/llm/adapters/anthropic.ts';
import { openAiAdapter } from '../../../src/main/core/llm/adapters/openai.ts';
import { StreamState, type ProviderAdapter } from '../../../src/main/core/llm/adapters/types.ts';
import { createSseDecoder } from '../../../src/main/core/llm/sse.ts';

/** Bytes → SSE → adapter, as the client runs them, for one way of chunking the bytes. */
function run(adapter: ProviderAdapter, chunks: Uint8Array[]) {
  const state = new StreamState({ providerName: 'Test' });
  const decoder = createSseDecoder((message) => adapter.readEvent(message, state));
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return {
    events: state.events,
    usage: state.usage,
    finish: state.finishReason,
    done: state.done,
    error: state.error,
  };
}

function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((point) => point % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of sorted) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const pieceArb = fc.string({
  unit: fc.constantFrom('a', 'é', '日', '🙂', ' ', '\n', '"', '\\', 'z', '—'),
  minLength: 1,
  maxLength: 6,
});
const eolArb = fc.constantFrom('\n', '\r\n', '\r');

function openAiWire(
  pieces: { text: string; reasoning: boolean }[],
  eol: string,
  space: boolean,
  comments: boolean,
): string {
  const sep = space ? ' ' : '';
  const line = (data: string) => `${comments ? `: keep-alive${eol}` : ''}data:${sep}${data}${eol}${eol}`;
  let out = line(JSON.stringify({ choices: [{ delta: { role: 'assistant', content: null } }] }));
  for (const piece of pieces) {
    const delta = piece.reasoning
      ? { content: null, reasoning_content: piece.text }
      : { content: piece.text };
    out += line(JSON.stringify({ choices: [{ index: 0, delta, finish_reason: null }] }));
  }
  out += line(JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  out += line(JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: pieces.length } }));
  return out + line('[DONE]');
}

function anthropicWire(pieces: { text: string; reasoning: boolean }[], eol: string): string {
  const event = (name: string, data: object) =>
    `event: ${name}${eol}data: ${JSON.stringify({ type: name, ...data })}${eol}${eol}`;
  let out = event('message_start', { message: { usage: { input_tokens: 7, output_tokens: 1 } } });
  out += event('ping', {});
  for (const piece of pieces) {
    const delta = piece.reasoning
      ? { type: 'thinking_delta', thinking: piece.text }
      : { type: 'text_delta', text: piece.text };
    out += event('content_block_delta', { index: 0, delta });
  }
  out += event('message_delta', {
    delta: { stop_reason: 'end_turn' },
    usage: { output_tokens: pieces.length },
  });
  return out + event('message_stop', {});
}

const piecesArb = fc.array(fc.record({ text: pieceArb, reasoning: fc.boolean() }), {
  minLength: 1,
  maxLength: 30,
});
const pointsArb = fc.array(fc.nat(), { maxLength: 40 });

describe('re-chunking a stream', () => {
  it('yields identical OpenAI events however the bytes are split', () => {
    fc.assert(
      fc.property(
        piecesArb,
        eolArb,
        fc.boolean(),
        fc.boolean(),
        pointsArb,
        (pieces, eol, space, comments, points) => {
          const bytes = new TextEncoder().encode(openAiWire(pieces, eol, space, comments));
          const whole = run(openAiAdapter, [bytes]);
          const expected = pieces.map((piece) => ({
            type: piece.reasoning ? 'reasoning' : 'text',
            text: piece.text,
          }));
          expect(whole.events).toEqual(expected);
          expect(whole.done).toBe(true);
          expect(run(openAiAdapter, cut(bytes, points))).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('yields identical Anthropic events however the bytes are split', () => {
    fc.assert(
      fc.property(piecesArb, eolArb, pointsArb, (pieces, eol, points) => {
        const bytes = new TextEncoder().encode(anthropicWire(pieces, eol));
        const whole = run(anthropicAdapter, [bytes]);
        expect(whole.events).toEqual(
          pieces.map((piece) => ({ type: piece.reasoning ? 'reasoning' : 'text', text: piece.text })),
        );
        expect(whole.usage).toEqual({ inputTokens: 7, outputTokens: pieces.length, estimated: false });
        expect(run(anthropicAdapter, cut(bytes, points))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
