import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Real proxy servers for the tests: tinyproxy (HTTP), danted (SOCKS5), and a minimal SOCKS5 with password auth. */

export function findBinary(name: string): string | null {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/usr/bin',
    '/usr/local/sbin',
    '/usr/local/bin',
  ];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The proxy exited early: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The proxy did not start listening on ${port}: ${log()}`);
}

export interface ProxyProcess {
  url: string;
  port: number;
  /** What the proxy wrote to stdout/stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

async function startProcess(
  binary: string,
  args: (dir: string) => string[],
  config: string,
  port: number,
): Promise<ProxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-proxy-'));
  writeFileSync(join(dir, 'proxy.conf'), config);
  const child = spawn(binary, args(join(dir, 'proxy.conf')), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (part: Buffer) => (output += part.toString()));
  child.stderr?.on('data', (part: Buffer) => (output += part.toString()));
  await waitForPort(port, child, () => output);
  return {
    url: '',
    port,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** tinyproxy on 127.0.0.1, optionally with Basic auth. */
export async function startTinyproxy(auth?: { username: string; password: string }): Promise<ProxyProcess> {
  const binary = findBinary('tinyproxy');
  if (!binary) throw new Error('tinyproxy is not installed (apt-get install tinyproxy)');
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    'MaxClients 50',
    'Allow 127.0.0.1',
    'LogLevel Info',
    ...(auth ? [`BasicAuth ${auth.username} ${auth.password}`] : []),
  ].join('\n');
  const proxy = await startProcess(binary, (file) => ['-d', '-c', file], `${config}\n`, port);
  return { ...proxy, url: `http://127.0.0.1:${port}` };
}

/** danted (Dante SOCKS server) on 127.0.0.1; `username` makes it demand system-account credentials. */
export async function startDanted(method: 'none' | 'username' = 'none'): Promise<ProxyProcess> {
  const binary = findBinary('danted');
  if (!binary) throw new Error('danted is not installed (apt-get install dante-server)');
  const port = await freePort();
  const config = [
    'logoutput: stderr',
    `internal: 127.0.0.1 port = ${port}`,
    'external: 127.0.0.1',
    'clientmethod: none',
    `socksmethod: ${method}`,
    'user.privileged: root',
    'user.unprivileged: nobody',
    'client pass { from: 127.0.0.1/32 to: 0.0.0.0/0 }',
    'socks pass {',
    '  from: 127.0.0.1/32 to: 0.0.0.0/0',
    '  log: connect',
    '}',
  ].join('\n');
  const proxy = await startProcess(binary, (file) => ['-f', file], `${config}\n`, port);
  return { ...proxy, url: `socks5://127.0.0.1:${port}` };
}

export interface Socks5Server {
  url: string;
  /** Connections that authenticated and were relayed. */
  relayed: number;
  /** Connections refused for wrong credentials. */
  refused: number;
  close(): Promise<void>;
}

/**
 * A minimal SOCKS5 server with username/password authentication (RFC 1928, RFC 1929), for the one
 * case danted cannot cover here: a successful password login (danted checks system accounts).
 */
export async function startSocks5(username: string, password: string): Promise<Socks5Server> {
  const sockets = new Set<Socket>();
  const state = { url: '', relayed: 0, refused: 0, close: async () => undefined as void };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (greeting: Buffer) => {
      const methods = [...greeting.subarray(2, 2 + (greeting[1] ?? 0))];
      if (greeting[0] !== 5 || !methods.includes(2)) {
        client.end(Buffer.from([5, 0xff]));
        return;
      }
      client.write(Buffer.from([5, 2]));
      client.once('data', (login: Buffer) => {
        const userLength = login[1] ?? 0;
        const user = login.subarray(2, 2 + userLength).toString();
        const passLength = login[2 + userLength] ?? 0;
        const pass = login.subarray(3 + userLength, 3 + userLength + passLength).toString();
        if (user !== username || pass !== password) {
          state.refused++;
          client.end(Buffer.from([1, 1]));
          return;
        }
        client.write(Buffer.from([1, 0]));
        client.once('data', (request: Buffer) => {
          const type = request[3];
          let host: string;
          let at: number;
          if (type === 1) {
            host = [...request.subarray(4, 8)].join('.');
            at = 8;
          } else if (type === 3) {
            const length = request[4] ?? 0;
            host = request.subarray(5, 5 + length).toString();
            at = 5 + length;
          } else {
            client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
            return;
          }
          const port = request.readUInt16BE(at);
          const upstream = connect(port, host, () => {
            state.relayed++;
            client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
            upstream.pipe(client);
            client.pipe(upstream);
          });
          upstream.on('error', () => client.destroy());
          client.on('close', () => upstream.destroy());
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `socks5://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}
