import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { LlmEvent } from '../../../src/shared/llm-events.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import type { Clock } from '../../../src/main/core/llm/clock.ts';
import { abortReason } from '../../../src/main/core/llm/clock.ts';

/** Shared helpers for the client's tests: event collection, a controllable clock, tiny raw HTTP servers. */

export async function collect(events: AsyncIterable<LlmEvent>): Promise<LlmEvent[]> {
  const out: LlmEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export function textOf(events: LlmEvent[]): string {
  return events.map((event) => (event.type === 'text' ? event.text : '')).join('');
}

export function reasoningOf(events: LlmEvent[]): string {
  return events.map((event) => (event.type === 'reasoning' ? event.text : '')).join('');
}

export function last(events: LlmEvent[]): LlmEvent {
  const event = events.at(-1);
  if (!event) throw new Error('no events');
  return event;
}

export function ofType<T extends LlmEvent['type']>(
  events: LlmEvent[],
  type: T,
): Extract<LlmEvent, { type: T }>[] {
  return events.filter((event): event is Extract<LlmEvent, { type: T }> => event.type === type);
}

/**
 * A clock whose sleeps finish at once (after a macrotask, so real I/O still runs) and move time forward;
 * every requested sleep is recorded. `random` is fixed so backoff delays are exact.
 */
export class InstantClock implements Clock {
  time = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  randomValue = 0;

  now = (): number => this.time;
  random = (): number => this.randomValue;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve) =>
      setImmediate(() => {
        this.time += ms;
        resolve();
      }),
    );
  };
}

/**
 * A clock that only moves when the test says so; sleeps resolve when time passes their deadline.
 */
export class ManualClock implements Clock {
  time = 0;
  #timers: { at: number; resolve: () => void; reject: (reason: unknown) => void; signal?: AbortSignal }[] =
    [];

  now = (): number => this.time;
  random = (): number => 0;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer = { at: this.time + ms, resolve, reject, signal };
      this.#timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((candidate) => candidate !== timer);
          reject(abortReason(signal));
        },
        { once: true },
      );
    });

  /** Moves time forward and lets every due sleeper (and what it triggers) run. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.#timers.filter((timer) => timer.at <= this.time);
    this.#timers = this.#timers.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.resolve();
    await flush();
  }

  get pending(): number {
    return this.#timers.length;
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface RawServer {
  url: string;
  /** Every request seen, with its body. */
  requests: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
    socket: Socket;
  }[];
  /** Sockets closed so far (to check connections are freed). */
  closedSockets: number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 whose handler writes exactly the bytes a test wants. */
export async function startRawServer(
  handler: (req: IncomingMessage, res: ServerResponse, body: string, index: number) => void | Promise<void>,
): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const state: RawServer = {
    url: '',
    requests: [],
    closedSockets: 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer({ noDelay: true }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (body += part));
    req.on('end', () => {
      const index = state.requests.length;
      state.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        socket: req.socket,
      });
      Promise.resolve(handler(req, res, body, index)).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      state.closedSockets++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

export function openAiProvider(baseUrl: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id: 'test-openai',
    name: 'TestAI',
    kind: 'openai',
    baseUrl,
    models: [],
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    ...overrides,
  };
}

/** An OpenAI chunk line as the wire carries it. */
export function openAiChunk(delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

/** A complete, well-formed OpenAI stream for `pieces`. */
export function openAiStream(pieces: string[], options: { usage?: boolean; done?: boolean } = {}): string {
  let out = openAiChunk({ role: 'assistant', content: '' });
  for (const piece of pieces) out += openAiChunk({ content: piece });
  out += openAiChunk({}, 'stop');
  if (options.usage !== false)
    out += `data: ${JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 5, completion_tokens: pieces.length } })}\n\n`;
  if (options.done !== false) out += 'data: [DONE]\n\n';
  return out;
}

export function sseHeaders(res: ServerResponse, extra: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', ...extra });
  res.flushHeaders();
}
