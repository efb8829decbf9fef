import { describe, expect, it } from 'vitest';
import { createSseDecoder, type SseMessage } from '../../../src/main/core/llm/sse.ts';

function decode(chunks: (string | Uint8Array)[]): SseMessage[] {
  const out: SseMessage[] = [];
  const decoder = createSseDecoder((message) => out.push({ event: message.event, data: message.data }));
  for (const chunk of chunks)
    decoder.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  decoder.end();
  return out;
}

/** Every way of cutting `bytes` in two. */
function allSplits(bytes: Uint8Array): Uint8Array[][] {
  const splits: Uint8Array[][] = [];
  for (let at = 0; at <= bytes.length; at++) splits.push([bytes.subarray(0, at), bytes.subarray(at)]);
  return splits;
}

describe('SSE decoding', () => {
  const expected = [
    { event: undefined, data: '{"a":1}' },
    { event: undefined, data: 'second' },
  ];

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('reads %s line endings', (_name, eol) => {
    expect(decode([`data: {"a":1}${eol}${eol}data: second${eol}${eol}`])).toEqual(expected);
  });

  it('reads CRLF split between its two bytes', () => {
    expect(decode(['data: {"a":1}\r', '\n\r', '\ndata: second\r\n\r\n'])).toEqual(expected);
  });

  it('takes data with or without the space after the colon', () => {
    expect(decode(['data:{"a":1}\n\ndata: second\n\n'])).toEqual(expected);
    expect(decode(['data:  two spaces\n\n'])).toEqual([{ event: undefined, data: ' two spaces' }]);
  });

  it('skips comment and keep-alive lines', () => {
    expect(decode([': keep-alive\n\n:\ndata: {"a":1}\n: OPENROUTER PROCESSING\n\ndata: second\n\n'])).toEqual(
      expected,
    );
  });

  it('joins multi-line data fields with newlines', () => {
    expect(decode(['data: line one\ndata: line two\ndata:\ndata: four\n\n'])).toEqual([
      { event: undefined, data: 'line one\nline two\n\nfour' },
    ]);
  });

  it('keeps the event name (Anthropic)', () => {
    expect(decode(['event: error\ndata: {"type":"error"}\n\n'])).toEqual([
      { event: 'error', data: '{"type":"error"}' },
    ]);
  });

  it('dispatches a last event that lacks the closing blank line', () => {
    expect(decode(['data: {"a":1}\n\ndata: [DONE]'])).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('strips a byte-order mark', () => {
    expect(decode([new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf]), 'data: second\n\n'])).toEqual([
      { event: undefined, data: 'second' },
    ]);
  });

  it('gives the same events whichever byte the stream is split at, inside multi-byte characters too', () => {
    const source = 'data: {"t":"é日本🙂"}\r\n\r\ndata: naïve — über\n\n: ping\n\ndata: x\rdata: y\r\r';
    const bytes = new TextEncoder().encode(source);
    const whole = decode([bytes]);
    expect(whole.map((message) => message.data)).toEqual(['{"t":"é日本🙂"}', 'naïve — über', 'x\ny']);
    for (const split of allSplits(bytes)) expect(decode(split)).toEqual(whole);
    // One byte at a time.
    expect(decode(Array.from(bytes, (byte) => new Uint8Array([byte])))).toEqual(whole);
  });
});
