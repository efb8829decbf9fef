/** Each network fault, checked on the raw bytes with fetch / node:http rather than through an SDK. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import type OpenAI from 'openai';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';
import {
  OPENAI_HEADERS,
  chatBody,
  concat,
  openAiDeltas,
  parseSse,
  post,
  rawPost,
  readChunks,
} from './raw-client.ts';

let server: MockServer;
let chat: string;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  chat = `${server.url}/v1/chat/completions`;
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const TEXT = '你好，世界🙂！Streaming ✓';

/** True when the bytes end inside a UTF-8 sequence (or start in one), i.e. cannot be decoded alone. */
function splitsACharacter(chunk: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk);
    return false;
  } catch {
    return true;
  }
}

describe('byte-level faults', () => {
  it('splitBytes: 1 delivers the stream byte by byte, splitting CJK and emoji characters, yet it reassembles', async () => {
    server.enqueue({ text: TEXT, splitBytes: 1 });
    const chunks = await readChunks(await post(chat, chatBody()));
    expect(chunks.some(splitsACharacter)).toBe(true);
    // Reads may occasionally coalesce two writes; most pieces must still be single bytes.
    expect(chunks.filter((c) => c.length === 1).length).toBeGreaterThan(concat(chunks).length / 2);
    expect(openAiDeltas(parseSse(concat(chunks))).join('')).toBe(TEXT);
  });

  it("splitBytes: 'random' splits in pieces of 1 to 16 bytes", async () => {
    const text = '流式传输'.repeat(30);
    server.enqueue({ text, chunkSize: 120, splitBytes: 'random' });
    const chunks = await readChunks(await post(chat, chatBody()));
    expect(chunks.length).toBeGreaterThan(100);
    expect(chunks.filter((c) => c.length <= 16).length).toBeGreaterThan(chunks.length * 0.9);
    expect(chunks.some(splitsACharacter)).toBe(true);
    expect(openAiDeltas(parseSse(concat(chunks))).join('')).toBe(text);
  });

  it.each([
    ['crlf', '\r\n\r\n'],
    ['cr', '\r\r'],
  ] as const)(
    'lineEnding %s ends every line that way and still parses to the same events',
    async (lineEnding, separator) => {
      server.enqueue({ text: TEXT, lineEnding });
      const text = await (await post(chat, chatBody())).text();
      expect(text).toContain(separator);
      if (lineEnding === 'cr') expect(text).not.toContain('\n');
      else expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
      expect(openAiDeltas(parseSse(text)).join('')).toBe(TEXT);
    },
  );

  it('noSpaceAfterColon and keepAliveComments change the framing, not the events', async () => {
    server.enqueue({ text: 'abc', chunkSize: 1, noSpaceAfterColon: true, keepAliveComments: true });
    const text = await (await post(chat, chatBody())).text();
    expect(text).toMatch(/^data:\{/);
    expect(text).not.toContain('data: ');
    expect(text).toContain('\n\n: keep-alive\n\n');
    expect(openAiDeltas(parseSse(text))).toEqual(['a', 'b', 'c']);
  });

  it('gzip really compresses the stream (Content-Encoding: gzip), and fetch still streams it', async () => {
    server.enqueue({ text: TEXT, gzip: true });
    const raw = await rawPost(chat, chatBody(), OPENAI_HEADERS);
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect([...raw.body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(openAiDeltas(parseSse(gunzipSync(raw.body).toString('utf8'))).join('')).toBe(TEXT);
    server.enqueue({ text: TEXT, gzip: true });
    expect(openAiDeltas(parseSse(await (await post(chat, chatBody())).text())).join('')).toBe(TEXT);
  });

  it('gzip also applies to JSON bodies', async () => {
    server.enqueue({ text: 'zipped', gzip: true });
    const raw = await rawPost(chat, chatBody('x', { stream: false }), OPENAI_HEADERS);
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(raw.body).toString('utf8')).choices[0].message.content).toBe('zipped');
  });
});

describe('connection faults', () => {
  it('dropAfterChunks destroys the socket after N deltas: the body errors after exactly those deltas', async () => {
    server.enqueue({ text: 'abcdef', chunkSize: 1, dropAfterChunks: 3 });
    const response = await post(chat, chatBody());
    const reader = response.body!.getReader();
    let received = '';
    const error = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return undefined;
          received += Buffer.from(value).toString('utf8');
        }
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(openAiDeltas(parseSse(received))).toEqual(['a', 'b', 'c']);
    expect(received).not.toContain('finish_reason":"stop');
  });

  it('stallAfterChunks keeps the socket open and silent, and close() still returns', async () => {
    const own = await startMockServer({ defaults: { chunkDelayMs: 0 } });
    own.enqueue({ text: 'abcdef', chunkSize: 1, stallAfterChunks: 2 });
    const reader = (await post(`${own.url}/v1/chat/completions`, chatBody())).body!.getReader();
    let received = '';
    while (openAiDeltas(parseSse(received)).length < 2)
      received += Buffer.from((await reader.read()).value!).toString();
    const next = reader.read();
    const silent = await Promise.race([
      next.then(() => 'data'),
      new Promise((r) => setTimeout(() => r('silent'), 150)),
    ]);
    expect(silent).toBe('silent');
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(next).rejects.toThrow();
  });

  it('stallMs resumes the stream after the pause', async () => {
    server.enqueue({ text: 'abcd', chunkSize: 1, stallAfterChunks: 2, stallMs: 120 });
    const started = Date.now();
    const text = await (await post(chat, chatBody())).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(openAiDeltas(parseSse(text))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('delayBeforeHeadersMs holds the response headers back', async () => {
    server.enqueue({ delayBeforeHeadersMs: 100 });
    const started = Date.now();
    const response = await post(chat, chatBody());
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    await response.text();
  });

  it('chunkDelayMs paces the deltas', async () => {
    server.enqueue({ text: 'abcd', chunkSize: 1, chunkDelayMs: 40 });
    const started = Date.now();
    await (await post(chat, chatBody())).text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });
});

describe('content faults', () => {
  it('malformedAfterChunks sends one non-JSON data line, then carries on', async () => {
    server.enqueue({ text: 'abcd', chunkSize: 1, malformedAfterChunks: 2 });
    const events = parseSse(await (await post(chat, chatBody())).text());
    const bad = events.filter((e) => {
      try {
        JSON.parse(e.data);
        return false;
      } catch {
        return e.data !== '[DONE]';
      }
    });
    expect(bad).toHaveLength(1);
    const index = events.indexOf(bad[0]!);
    expect(openAiDeltas(events.slice(0, index))).toEqual(['a', 'b']);
    expect(openAiDeltas(events.filter((e) => e !== bad[0]))).toEqual(['a', 'b', 'c', 'd']);
    expect(events.at(-1)?.data).toBe('[DONE]');
  });

  it('errorAfterChunks sends an OpenAI error object as data and ends without [DONE]', async () => {
    server.enqueue({ text: 'abcd', chunkSize: 1, errorAfterChunks: 1 });
    const events = parseSse(await (await post(chat, chatBody())).text());
    expect(JSON.parse(events.at(-1)!.data)).toEqual({
      error: { message: expect.any(String), type: 'server_error', param: null, code: null },
    });
    expect(openAiDeltas(events.slice(0, -1))).toEqual(['a']);
  });

  it('omitDone ends the stream after the finish chunk without [DONE]', async () => {
    server.enqueue({ text: 'ab', omitDone: true });
    const events = parseSse(await (await post(chat, chatBody())).text());
    expect(events.map((e) => e.data)).not.toContain('[DONE]');
    expect(JSON.parse(events.at(-1)!.data).choices[0].finish_reason).toBe('stop');
  });

  it('nullContentDeltas starts with a role-only chunk and interleaves content: null deltas', async () => {
    server.enqueue({ text: 'abc', chunkSize: 1, nullContentDeltas: true });
    const chunks = parseSse(await (await post(chat, chatBody())).text())
      .filter((e) => e.data !== '[DONE]')
      .map((e) => JSON.parse(e.data).choices[0].delta);
    expect(chunks[0]).toEqual({ role: 'assistant', content: null });
    expect(chunks.filter((d) => d.content === null).length).toBeGreaterThanOrEqual(3);
    expect(chunks.map((d) => d.content ?? '').join('')).toBe('abc');
  });

  it('usage: true forces the usage chunk without include_usage; usage: false suppresses it', async () => {
    server.enqueue({ text: 'ab', usage: true }, { text: 'ab', usage: false });
    const forced = parseSse(await (await post(chat, chatBody())).text());
    const usage = JSON.parse(forced.at(-2)!.data);
    expect(usage.choices).toEqual([]);
    expect(usage.usage.total_tokens).toBe(usage.usage.prompt_tokens + usage.usage.completion_tokens);
    const suppressed = parseSse(
      await (await post(chat, chatBody('x', { stream_options: { include_usage: true } }))).text(),
    );
    expect(suppressed.some((e) => e.data.includes('"prompt_tokens"'))).toBe(false);
  });

  it('jsonForStream answers stream:true with a plain JSON completion', async () => {
    server.enqueue({ text: 'not streamed', jsonForStream: true });
    const response = await post(chat, chatBody());
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(((await response.json()) as OpenAI.ChatCompletion).choices[0]?.message.content).toBe(
      'not streamed',
    );
  });

  it('html serves a reverse proxy error page with the scripted status', async () => {
    server.enqueue({ status: 502, html: true });
    const response = await post(chat, chatBody());
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('<title>502 Bad Gateway</title>');
  });

  it('max_tokens cuts the answer and reports finish_reason length', async () => {
    const response = await post(chat, chatBody('a long question', { stream: false, max_tokens: 5 }));
    const body = (await response.json()) as OpenAI.ChatCompletion;
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(body.usage?.completion_tokens).toBeLessThanOrEqual(5);
    expect(body.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });
});
