/**
 * End-to-end fixtures for the browser edition: the mock model server in-process, the real web
 * host as a child process (`node src/web/main.ts --port 0 --data-dir <tmp>`), a provider that
 * points at the mock, and a page opened at the printed address.
 *
 * The mock server and the host live for a whole worker (starting them per test would triple the
 * suite's time); each test opens a fresh page. Tests that change settings put them back.
 */
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { ensureRendererBuilt as ensureUiBuilt } from '../../../src/web/renderer-build.ts';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';
import type { RequestInput, RequestName, RequestOutput } from '../../../src/shared/contract.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** One provider id per worker: the workers share one keychain, and a key is bound to its mock server's address. */
export const PROVIDER_ID = `mock-${process.env.TEST_WORKER_INDEX ?? '0'}`;
export const MODELS = ['gpt-4o-mini', 'gpt-4o'];

export interface WebHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  /** A contract request straight to the host (what the page's WebSocket bridge does). */
  call<N extends RequestName>(name: N, input?: RequestInput<N>): Promise<RequestOutput<N>>;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** More flags for `npm run web` (`--keep-token`). */
  args?: string[];
  /** Environment changes for the host; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

/** Starts the real browser-edition host on a free port (or `port`) with its own data folder. */
export async function startWebHost(dataDir?: string, port = 0, options: HostOptions = {}): Promise<WebHost> {
  await ensureRendererBuilt();
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'parley-e2e-')));
  const env = { ...process.env };
  delete env.PARLEY_DATA_DIR;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(
    process.execPath,
    [join(root, 'src/web/main.ts'), '--port', String(port), '--data-dir', dir, ...(options.args ?? [])],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web host did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited (${code}):\n${output}`));
    });
  });
  const parsed = new URL(url);
  const origin = parsed.origin;
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token')!;
  const socket = await openSocket(origin, token);
  let nextId = 1;
  const pending = new Map<
    number,
    (frame: { envelope: { ok: boolean; value?: unknown; error?: { message: string } } }) => void
  >();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { t: string; id: number; envelope: { ok: boolean } };
    if (frame.t === 'res') pending.get(frame.id)?.(frame as never);
  });
  return {
    url,
    origin,
    token,
    dataDir: dir,
    process: child,
    call: (name, input) =>
      new Promise((resolveCall, reject) => {
        const id = nextId++;
        pending.set(id, ({ envelope }) => {
          pending.delete(id);
          if (envelope.ok) resolveCall(envelope.value as never);
          else reject(new Error(`${name}: ${envelope.error?.message}`));
        });
        socket.send(JSON.stringify({ t: 'req', id, name, input: input ?? {} }));
      }),
    async stop() {
      socket.close();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Opens `page` on a host with data in `dir`, then restarts it on the same port (so with a new token): the new host. */
export async function openThenRestart(page: Page, dir: string): Promise<WebHost> {
  const first = await startWebHost(dir);
  const port = Number(new URL(first.origin).port);
  await page.goto(first.url);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await first.stop();
  return startWebHost(dir, port);
}

function openSocket(origin: string, token: string): Promise<WebSocket> {
  return new Promise((resolveSocket, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`, {
      headers: { Origin: origin },
    });
    ws.once('open', () => resolveSocket(ws));
    ws.once('error', reject);
  });
}

/** A provider named "Mock" on the mock server, its key, and the defaults the tests expect. */
export async function configureMockProvider(host: WebHost, mock: MockServer): Promise<void> {
  // Where there is no keychain, keys stay in memory for the run, and the key vault is not offered.
  await host.call('vault.decline');
  await host.call('providers.save', {
    id: PROVIDER_ID,
    name: 'Mock',
    kind: 'openai-compatible',
    baseUrl: `${mock.url}/v1`,
    models: MODELS,
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    // Retries quickly, so the retry and error paths take milliseconds.
    maxRetries: 0,
  });
  await host.call('keys.set', { providerId: PROVIDER_ID, key: 'sk-mock-e2e-1234' });
  await host.call('settings.update', {
    defaultModel: { providerId: PROVIDER_ID, model: MODELS[0]! },
    language: 'en',
    theme: 'light',
    failoverChain: [],
  });
}

/**
 * The host builds the UI when it is missing or stale (src/web/renderer-build.ts); two workers must
 * not build at once, so the first does it here under a lock and the others wait for it.
 */
async function ensureRendererBuilt(): Promise<void> {
  const lock = join(root, 'node_modules/.cache/parley-e2e-build.lock');
  await mkdir(dirname(lock), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const info = await stat(lock).catch(() => null);
      if (info && Date.now() - info.mtimeMs > 120_000) await rmdir(lock).catch(() => {});
      if (i > 1200) throw new Error('Timed out waiting for the UI build lock.');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    await ensureUiBuilt(root);
  } finally {
    await rmdir(lock).catch(() => {});
  }
}

interface WorkerFixtures {
  mock: MockServer;
  host: WebHost;
}

interface TestFixtures {
  /** The page, opened at the host's address with the UI loaded. */
  app: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  mock: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const mock = await startMockServer({ defaults: { chunkDelayMs: 5, chunkSize: 12 } });
      await use(mock);
      await mock.close();
    },
    { scope: 'worker' },
  ],
  host: [
    async ({ mock }, use) => {
      const host = await startWebHost();
      await configureMockProvider(host, mock);
      await use(host);
      await host.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  app: async ({ page, host, mock }, use) => {
    mock.reset();
    await page.goto(host.url);
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Types a message and sends it with Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  // Sending waits for files still uploading: until the composer has handed the message over, the
  // page still shows the previous answer as the last one.
  await expect(page.locator('form.composer[aria-busy="true"]')).toHaveCount(0);
}

/** The last assistant message on the page. */
export function lastAnswer(page: Page) {
  return page.getByRole('article', { name: /^Assistant/ }).last();
}

/** Waits until no answer is streaming in the open conversation. */
export async function waitForAnswer(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await expect(lastAnswer(page)).toHaveAttribute('data-state', /complete|interrupted|error/);
}
