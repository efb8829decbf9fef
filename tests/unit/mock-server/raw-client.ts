/** Raw HTTP helpers for the fault tests: no SDK in the way, so the bytes on the wire are visible. */
import { request } from 'node:http';
import { createParser } from 'eventsource-parser';
import type { EventSourceMessage } from 'eventsource-parser';

export const OPENAI_HEADERS = {
  authorization: 'Bearer sk-test-1234567890',
  'content-type': 'application/json',
};
export const ANTHROPIC_HEADERS = {
  'x-api-key': 'sk-ant-test',
  'anthropic-version': '2023-06-01',
  'content-type': 'application/json',
};

export function chatBody(content = 'hello', extra: object = {}): string {
  return JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content }], ...extra });
}

export function post(
  url: string,
  body: string,
  headers: Record<string, string> = OPENAI_HEADERS,
  signal?: AbortSignal,
) {
  return fetch(url, { method: 'POST', headers, body, signal });
}

/** Every piece the body arrives in, as the reader sees it. */
export async function readChunks(response: Response): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

export function concat(chunks: Uint8Array[]): string {
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses with eventsource-parser (spec-conformant: LF, CRLF and CR all end lines). */
export function parseSse(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  parser.feed(text);
  return events;
}

/** The content deltas of an OpenAI stream, in order. */
export function openAiDeltas(events: EventSourceMessage[]): string[] {
  return events
    .filter((e) => e.data !== '[DONE]')
    .map((e) => JSON.parse(e.data) as { choices: { delta?: { content?: string | null } }[] })
    .map((chunk) => chunk.choices[0]?.delta?.content)
    .filter((c): c is string => typeof c === 'string' && c !== '');
}

/** A response without any decoding (node:http does not gunzip), to see the bytes as sent. */
export function rawPost(url: string, body: string, headers: Record<string, string>) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
