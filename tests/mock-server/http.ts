/** Request reading and response writing shared by every route. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { MockScript } from './types.ts';
import type { KeyPolicy } from './auth.ts';
import { Wire } from './wire.ts';

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Parsed JSON (or form for OAuth); undefined when empty; the raw text when unparseable. */
  body: unknown;
  /** True when the body was non-empty and not valid JSON. */
  badJson: boolean;
  /** Sequence number of this request, seeds the ids and the random splits. */
  seq: number;
  /** Aborts when the client goes away or the server closes. */
  signal: AbortSignal;
  policy: KeyPolicy;
  /** Models (or Azure deployments) that refuse images, besides those whose names say so (content-rules.ts). */
  textOnlyModels: ReadonlySet<string>;
  /** Model requests served so far, this one included (drives the remaining-requests headers). */
  served: number;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Node has no reason phrase for Anthropic's 529. */
export function statusText(status: number): string {
  return STATUS_CODES[status] ?? (status === 529 ? 'Overloaded' : 'Unknown');
}

export function wireFor(ex: Exchange, script: MockScript): Wire {
  return new Wire(ex.res, {
    gzip: script.gzip,
    splitBytes: script.splitBytes,
    seed: ex.seq,
    signal: ex.signal,
  });
}

function writeHead(ex: Exchange, status: number, headers: Record<string, string>, script: MockScript): void {
  const all: Record<string, string> = { ...headers };
  if (script.gzip) all['content-encoding'] = 'gzip';
  for (const [name, value] of Object.entries(script.headers ?? {})) all[name.toLowerCase()] = value;
  ex.res.writeHead(status, statusText(status), all);
}

/** A complete body (JSON, HTML, text) with the script's gzip/split applied. */
export async function sendBody(
  ex: Exchange,
  status: number,
  headers: Record<string, string>,
  body: string,
  script: MockScript = {},
): Promise<void> {
  const length: Record<string, string> = script.gzip
    ? {}
    : { 'content-length': String(Buffer.byteLength(body)) };
  writeHead(ex, status, { ...headers, ...length }, script);
  const wire = wireFor(ex, script);
  await wire.write(body);
  await wire.end();
}

export function sendJson(
  ex: Exchange,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  script: MockScript = {},
): Promise<void> {
  return sendBody(
    ex,
    status,
    { 'content-type': 'application/json', ...headers },
    JSON.stringify(body),
    script,
  );
}

/** Starts an SSE response and returns the wire to play events on. */
export function openEventStream(ex: Exchange, headers: Record<string, string>, script: MockScript): Wire {
  writeHead(
    ex,
    200,
    {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...headers,
    },
    script,
  );
  ex.res.flushHeaders();
  return wireFor(ex, script);
}

/** The page nginx serves when the upstream fails: what a client meets behind a reverse proxy. */
export function sendHtmlError(ex: Exchange, status: number, script: MockScript): Promise<void> {
  const title = `${status} ${statusText(status)}`;
  const page = [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<center><h1>${title}</h1></center>`,
    '<hr><center>nginx</center>',
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
  return sendBody(ex, status, { 'content-type': 'text/html', server: 'nginx' }, page, script);
}
