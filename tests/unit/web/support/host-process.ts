import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const script = join(dirname(fileURLToPath(import.meta.url)), 'run-host.ts');

export interface HostProcess {
  origin: string;
  token: string;
  port: number;
  child: ChildProcess;
  /** Everything the host wrote to stderr (an uncaught error's stack lands here). */
  stderr(): string;
  alive(): boolean;
  /** A well-formed authenticated `app.info` on a fresh socket; resolves with its envelope. */
  ask(): Promise<unknown>;
  /** A raw TCP connection to the host. */
  raw(): Promise<Socket>;
  stop(): Promise<void>;
}

/** Starts the real host (run-host.ts) in a child process and waits for its address. */
export async function startHostProcess(): Promise<HostProcess> {
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const info = await new Promise<{ origin: string; token: string }>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { origin: string; token: string });
    });
    child.once('exit', (code) => reject(new Error(`The host exited (${code}) before starting:\n${err}`)));
  });
  const port = Number(new URL(info.origin).port);
  return {
    ...info,
    port,
    child,
    stderr: () => err,
    alive: () => child.exitCode === null && child.signalCode === null,
    ask: () => askInfo(info),
    raw: () =>
      new Promise((resolve, reject) => {
        const socket = tcpConnect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** A well-behaved page: one authenticated socket, calls answered by id. */
export interface Client {
  /** Resolves with the call's envelope, or null when no answer came within `timeoutMs`. */
  call(name: unknown, input: unknown, timeoutMs?: number): Promise<{ ok: unknown } | null>;
  isOpen(): boolean;
  close(): void;
}

export async function openClient(host: Pick<HostProcess, 'origin' | 'token'>): Promise<Client> {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ws?token=${host.token}`, {
    origin: host.origin,
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answers = new Map<number, (envelope: { ok: unknown }) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { t: string; id: number; envelope: { ok: unknown } };
    if (frame.t === 'res') answers.get(frame.id)?.(frame.envelope);
  });
  let nextId = 0;
  return {
    call(name, input, timeoutMs = 5000) {
      const id = ++nextId;
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), timeoutMs);
        answers.set(id, (envelope) => {
          clearTimeout(timer);
          answers.delete(id);
          resolve(envelope);
        });
        ws.send(JSON.stringify({ t: 'req', id, name, input }));
      });
    },
    isOpen: () => ws.readyState === WebSocket.OPEN,
    close: () => ws.close(),
  };
}

async function askInfo(host: Pick<HostProcess, 'origin' | 'token'>): Promise<unknown> {
  const client = await openClient(host);
  try {
    return await client.call('app.info', {});
  } finally {
    client.close();
  }
}

/** One WebSocket frame, built by hand so it can be anything (unmasked, bad opcode, lying length). */
export function wsFrame(
  payload: Buffer,
  {
    opcode = 1,
    fin = true,
    mask = true,
    rsv = 0,
  }: { opcode?: number; fin?: boolean; mask?: boolean; rsv?: number } = {},
): Buffer {
  const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)];
  const m = mask ? 0x80 : 0;
  if (payload.length < 126) head.push(m | payload.length);
  else if (payload.length < 65536) head.push(m | 126, payload.length >> 8, payload.length & 255);
  else {
    head.push(m | 127, 0, 0, 0, 0);
    head.push(
      (payload.length >>> 24) & 255,
      (payload.length >>> 16) & 255,
      (payload.length >>> 8) & 255,
      payload.length & 255,
    );
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) body[i] = payload[i]! ^ key[i & 3]!;
  return Buffer.concat([Buffer.from(head), key, body]);
}

/** The upgrade request a browser would send, over a raw socket. */
export function upgradeRequest(target: string, host: HostProcess, origin = host.origin): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${host.port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    `Origin: ${origin}`,
    '',
    '',
  ].join('\r\n');
}

/** Opens an authenticated raw socket: upgrade done, ready for hand-made frames. */
export async function openRawSession(host: HostProcess): Promise<Socket> {
  const socket = await host.raw();
  socket.on('error', () => {});
  socket.write(upgradeRequest(`/ws?token=${host.token}`, host));
  await new Promise<void>((resolve, reject) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) {
        socket.off('data', onData);
        if (got.startsWith('HTTP/1.1 101')) resolve();
        else reject(new Error(`Upgrade refused: ${got.split('\r\n')[0]}`));
      }
    };
    socket.on('data', onData);
  });
  return socket;
}
