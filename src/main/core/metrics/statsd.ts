import { createSocket } from 'node:dgram';
import type { MetricsSink, RequestMetrics } from './request-metrics.ts';

/**
 * The opt-in StatsD push: each request's figures as one UDP packet of StatsD lines, named
 * `<prefix>.<provider>.<model>.<measure>`. UDP: a listener that is not there loses the packet,
 * and nothing in Parley waits for it or fails because of it. Never text, never a key.
 */

export interface StatsdOptions {
  host: string;
  port: number;
  /** The first part of every name (letters, digits, dots, dashes, underscores). */
  prefix: string;
}

/** A name part from a person's text (a model name): only characters every StatsD server takes. */
const part = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_') || '_';

export function statsdLines(record: RequestMetrics, prefix: string): string[] {
  const base = `${prefix.split('.').map(part).join('.')}.${part(record.providerId)}.${part(record.model)}`;
  const lines = [
    `${base}.request_duration_ms:${Math.round(record.totalMs)}|ms`,
    `${base}.requests.${record.outcome}:1|c`,
    `${base}.tokens.input:${record.inputTokens}|c`,
    `${base}.tokens.output:${record.outputTokens}|c`,
  ];
  if (record.ttftMs !== null) lines.push(`${base}.time_to_first_token_ms:${Math.round(record.ttftMs)}|ms`);
  // Counters are whole numbers: cost in millionths of a dollar.
  if (record.costUsd !== null) lines.push(`${base}.cost_micro_usd:${Math.round(record.costUsd * 1e6)}|c`);
  return lines;
}

/** A sink that pushes each record; `close()` releases the socket. */
export function statsdSink(options: StatsdOptions): MetricsSink & { close(): void } {
  const socket = createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
  // A send that fails (no route, a name that does not resolve) is dropped, as UDP would.
  socket.on('error', () => {});
  socket.unref();
  const sink = (record: RequestMetrics) => {
    const packet = Buffer.from(statsdLines(record, options.prefix).join('\n'));
    socket.send(packet, options.port, options.host, () => {});
  };
  return Object.assign(sink, { close: () => socket.close() });
}
