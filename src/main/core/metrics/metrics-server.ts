import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestMetrics } from './request-metrics.ts';
import { MetricsRegistry } from './openmetrics.ts';

/**
 * The opt-in OpenMetrics endpoint: `GET /metrics` on 127.0.0.1 only, optionally behind a bearer
 * token. It counts every request recorded in the data folder (the app's, the browser edition's
 * and `parley ask`'s alike): at each scrape it reads the records it has not counted yet.
 */

export interface RecordFeed {
  metricsAfter(after: number, limit?: number): { records: RequestMetrics[]; last: number };
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export const OPENMETRICS_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
export const PROMETHEUS_TEXT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const digest = (text: string) => createHash('sha256').update(text).digest();

export async function startMetricsServer(options: {
  port: number;
  feed: RecordFeed;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string | null;
}): Promise<MetricsServer> {
  const registry = new MetricsRegistry();
  let last = 0;
  const catchUp = () => {
    for (;;) {
      const batch = options.feed.metricsAfter(last);
      for (const record of batch.records) registry.observe(record);
      if (batch.last === last) return;
      last = batch.last;
    }
  };
  const expected = options.token ? digest(`Bearer ${options.token}`) : null;
  const server = createServer((request, response) => {
    try {
      const path = (request.url ?? '').split('?')[0];
      if (request.method !== 'GET' || path !== '/metrics') {
        response
          .writeHead(404, { 'content-type': 'text/plain' })
          .end('Not found. Metrics are at /metrics.\n');
        return;
      }
      // Compared as digests: equal lengths, and no timing to learn the token from.
      if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
        response.writeHead(401, { 'www-authenticate': 'Bearer' }).end('A bearer token is needed.\n');
        return;
      }
      catchUp();
      // Prometheus asks for OpenMetrics; a client that does not ask gets the older text format.
      const om = /application\/openmetrics-text/.test(request.headers.accept ?? '');
      response
        .writeHead(200, { 'content-type': om ? OPENMETRICS_TYPE : PROMETHEUS_TEXT_TYPE })
        .end(registry.exposition(om ? 'openmetrics' : 'text'));
    } catch {
      // A history that cannot be read now (busy, damaged): say so; the next scrape tries again.
      if (!response.headersSent) response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('The request records could not be read.\n');
    }
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
