import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Handlers } from '../../../src/main/core/rpc/bind-contract.ts';
import type { WebHost } from '../../../src/web/host.ts';
import { startWebHost } from '../../../src/web/host.ts';

let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function start(extra: Partial<Handlers> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Parley</title>');
  const handlers = {
    'app.info': () => ({ version: '0.1.0', edition: 'web', platform: 'linux' }),
    ...extra,
  } as unknown as Handlers;
  host = await startWebHost({ staticDir: dir, handlers, port: 0 });
  return host;
}

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('browser-edition host', () => {
  it('binds to 127.0.0.1 and prints an address carrying a long random token', async () => {
    const a = await start();
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{32}$/);
    const first = a.token;
    await a.close();
    const b = await start();
    expect(b.token).not.toBe(first);
  });

  it('serves the renderer with a strict Content-Security-Policy and refuses paths outside it', async () => {
    const h = await start();
    const page = await fetch(`${h.origin}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect((await fetch(`${h.origin}/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('refuses a WebSocket without the token, with a wrong token, or from another Origin', async () => {
    const h = await start();
    const ws = `${h.origin.replace('http', 'ws')}/ws`;
    await expect(connect(ws, h.origin)).rejects.toThrow('403');
    await expect(connect(`${ws}?token=${'x'.repeat(h.token.length)}`, h.origin)).rejects.toThrow('403');
    await expect(connect(`${ws}?token=${h.token}`, 'http://evil.test')).rejects.toThrow('403');
  });

  it('answers contract calls and delivers events to the calling socket; closing it notifies the handler', async () => {
    let closed!: () => void;
    const closedPromise = new Promise<void>((resolve) => (closed = resolve));
    const h = await start({
      'chat.stop': (_input, ctx) => {
        ctx.peer.onClose(closed);
        ctx.peer.send('chat.event', { streamId: 's', type: 'delta', text: '你好', reasoning: '' });
        return { stopped: true };
      },
    } as Partial<Handlers>);
    const ws = await connect(`${h.origin.replace('http', 'ws')}/ws?token=${h.token}`, h.origin);
    ws.send(JSON.stringify({ t: 'req', id: 1, name: 'app.info', input: {} }));
    expect(await nextFrame(ws)).toEqual({
      t: 'res',
      id: 1,
      envelope: { ok: true, value: { version: '0.1.0', edition: 'web', platform: 'linux' } },
    });
    ws.send(JSON.stringify({ t: 'req', id: 2, name: 'nope', input: {} }));
    expect(await nextFrame(ws)).toMatchObject({
      id: 2,
      envelope: { ok: false, error: { code: 'unknown_request' } },
    });
    const frames: unknown[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    ws.send(JSON.stringify({ t: 'req', id: 3, name: 'chat.stop', input: { streamId: crypto.randomUUID() } }));
    await new Promise((r) => setTimeout(r, 50));
    expect(frames).toContainEqual({
      t: 'evt',
      name: 'chat.event',
      payload: { streamId: 's', type: 'delta', text: '你好', reasoning: '' },
    });
    ws.close();
    await closedPromise;
  });

  it('tells a page whether its token is still valid (204) or from another start (401)', async () => {
    const h = await start();
    const ask = (authorization?: string) =>
      fetch(`${h.origin}/session`, { headers: authorization ? { Authorization: authorization } : {} });
    expect((await ask(`Bearer ${h.token}`)).status).toBe(204);
    expect((await ask(`Bearer ${'x'.repeat(h.token.length)}`)).status).toBe(401);
    expect((await ask(h.token)).status).toBe(401);
    expect((await ask()).status).toBe(401);
  });

  it('closes a socket that sends a malformed frame', async () => {
    const h = await start();
    const ws = await connect(`${h.origin.replace('http', 'ws')}/ws?token=${h.token}`, h.origin);
    const code = new Promise((resolve) => ws.once('close', (c) => resolve(c)));
    ws.send('{not json');
    expect(await code).toBe(1007);
  });
});
