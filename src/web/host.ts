import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Handlers } from '../main/core/rpc/bind-contract.ts';
import { bindContract } from '../main/core/rpc/bind-contract.ts';
import { contentSecurityPolicy } from '../shared/csp.ts';
import { MAX_FRAME_BYTES, SESSION_PATH, SOCKET_PATH } from '../shared/wire.ts';
import { WebSocketTransport } from './ws-transport.ts';
import { readTarget } from './request-target.ts';
import { newToken } from './kept-token.ts';

export interface WebHostOptions {
  /** The built renderer (out/renderer). */
  staticDir: string;
  handlers: Handlers;
  port?: number;
  /** `--keep-token` (and tests) fix the token; by default a new random one each start. */
  token?: string;
  onUnexpectedError?: (name: string, error: unknown) => void;
}

export interface WebHost {
  /** The address to open, token included (in the fragment, so it never reaches a log or a Referer). */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

/**
 * The browser edition: the same handlers as the desktop app, behind a WebSocket on 127.0.0.1
 * that needs this start's random token and the page's own Origin.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newToken();
  const transport = new WebSocketTransport();
  const unbind = bindContract(options.handlers, transport, { onUnexpectedError: options.onUnexpectedError });
  let origin = '';

  const server = createServer((req, res) => {
    if (readTarget(req.url)?.pathname === SESSION_PATH) return answerSession(req, res, token);
    serveStatic(options.staticDir, origin, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('Internal error');
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket: Duplex, head) => {
    // Node hands the socket over without an error listener: a reset would be an uncaught error.
    socket.on('error', () => socket.destroy());
    const target = readTarget(req.url);
    if (!target) return refuse(socket, '400 Bad Request');
    const allowed =
      target.pathname === SOCKET_PATH &&
      sameSecret(target.searchParams.get('token') ?? '', token) &&
      req.headers.origin === origin;
    if (!allowed) return refuse(socket, '403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => transport.attach(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    async close() {
      unbind();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `GET /session` with `Authorization: Bearer <token>`: 204 while the token is this start's, else
 * 401. A page cannot read why its WebSocket was refused; this tells it that Parley restarted.
 */
function answerSession(req: IncomingMessage, res: ServerResponse, token: string): void {
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  res.writeHead(sameSecret(given, token) ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(
  root: string,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const target = readTarget(req.url);
  if (!target) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request');
    return;
  }
  const { pathname } = target;
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(404).end('Not found');
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const body = await readFile(file);
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(isHtml
      ? {
          'Content-Security-Policy': contentSecurityPolicy('header', origin.replace(/^http/, 'ws')),
          'X-Frame-Options': 'DENY',
        }
      : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
