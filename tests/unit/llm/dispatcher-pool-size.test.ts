import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatcherPool } from '../../../src/main/core/llm/dispatchers.ts';
import { readText, send, timeoutsFor } from '../../../src/main/core/llm/http.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { openAiProvider } from './support.ts';

/** A real local server that answers after 80 ms and counts the connections it is opened. */
let server: Server;
let url: string;
let connections = 0;

beforeAll(async () => {
  server = createServer({ keepAliveTimeout: 65_000 }, (_req, res) => {
    setTimeout(() => res.end('ok'), 80);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

/** `count` requests at once through the pool the provider is routed to; the connections they opened. */
async function burst(maxConcurrent: number | undefined, count: number): Promise<number> {
  const pool = new DispatcherPool({ secrets: new MemorySecretStore(), env: {} });
  const provider = openAiProvider(url, maxConcurrent ? { rateLimit: { maxConcurrent } } : {});
  const before = connections;
  try {
    const { dispatcher } = await pool.route(provider, new URL(url));
    const replies = await Promise.all(
      Array.from({ length: count }, async () => {
        const reply = await send({
          url: `${url}/v1/models`,
          method: 'GET',
          headers: {},
          dispatcher,
          timeouts: timeoutsFor(provider),
        });
        return readText(reply.body);
      }),
    );
    expect(replies).toEqual(Array(count).fill('ok'));
    return connections - before;
  } finally {
    await pool.close();
  }
}

describe('the connection pool', () => {
  it('opens at most as many connections as the provider may run requests at once, and reuses them', async () => {
    expect(await burst(3, 12)).toBe(3);
  });

  it('without a cap, opens a connection per request in flight', async () => {
    expect(await burst(undefined, 6)).toBe(6);
  });
});
