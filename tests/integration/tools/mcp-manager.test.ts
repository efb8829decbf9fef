import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { McpServerConfig, McpServerStatus } from '../../../src/shared/mcp.ts';
import { mcpSecretAccount } from '../../../src/shared/mcp.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { McpManager } from '../../../src/main/core/tools/mcp/mcp-manager.ts';
import { crashingEverything, everything, FILESYSTEM, server } from './mcp-servers.ts';

/**
 * Real MCP servers from npm, over stdio: server-everything (get-sum, echo, get-env, a long-running
 * operation) and server-filesystem confined to a temporary folder. Started when needed, restarted
 * after a crash, a hanging call cancelled, secrets from the keychain in the server's environment.
 */

let dir: string;
let servers: McpServerConfig[];
let statuses: McpServerStatus[];
let secrets: MemorySecretStore;
let manager: McpManager;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'parley-mcp-')));
  servers = [];
  statuses = [];
  secrets = new MemorySecretStore();
  manager = new McpManager({
    dataDir: dir,
    secrets,
    servers: () => servers,
    onStatus: (status) => statuses.push(status),
    restartDelay: () => 50,
  });
});
afterEach(async () => {
  await manager.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

const call = (name: string, args: object) => ({ id: 'c1', name, arguments: JSON.stringify(args) });
const never = new AbortController().signal;

async function until<T>(read: () => T, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('MCP servers over stdio', () => {
  it('server-everything: not started until needed; its tools listed with their schemas; get-sum and echo run', async () => {
    servers = [everything()];
    expect(manager.statuses()[0]!.state).toBe('stopped');
    const box = await manager.toolbox(['everything']);
    const sum = box.definitions.find((tool) => tool.name === 'everything__get-sum');
    expect(sum!.inputSchema).toMatchObject({ type: 'object', properties: { a: { type: 'number' } } });
    expect(box.definitions.map((tool) => tool.name)).toContain('everything__echo');
    expect(await box.run(call('everything__get-sum', { a: 2, b: 3 }), never)).toEqual({
      text: 'The sum of 2 and 3 is 5.',
      isError: false,
    });
    expect((await box.run(call('everything__echo', { message: '你好 <b>hi</b>' }), never)).text).toBe(
      'Echo: 你好 <b>hi</b>',
    );
    expect(manager.statuses()[0]).toMatchObject({ state: 'running', restarts: 0, lastError: null });
    expect(await box.run(call('everything__nope', {}), never)).toEqual({
      text: 'There is no tool named everything__nope.',
      isError: true,
    });
  });

  it('a secret in the server’s environment comes from the keychain, and only what it is given', async () => {
    servers = [server({ ...everything(), secretEnv: ['PARLEY_MCP_TOKEN'] })];
    await secrets.set(mcpSecretAccount('everything', 'env', 'PARLEY_MCP_TOKEN'), 'tok-from-keychain-123');
    process.env.PARLEY_LEAK_CHECK = 'must-not-reach-the-server';
    try {
      const box = await manager.toolbox(['everything']);
      const env = await box.run(call('everything__get-env', {}), never);
      expect(env.text).toContain('tok-from-keychain-123');
      expect(env.text).not.toContain('must-not-reach-the-server');
    } finally {
      delete process.env.PARLEY_LEAK_CHECK;
    }
  });

  it('server-filesystem confined to a folder reads inside it and refuses outside it', async () => {
    const root = join(dir, 'files');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(root);
    writeFileSync(join(root, 'note.txt'), 'inside the folder');
    servers = [server({ name: 'fs', command: process.execPath, args: [FILESYSTEM, root] })];
    const box = await manager.toolbox(['fs']);
    const read = box.definitions.find((tool) => /read_text_file|read_file/.test(tool.name))!.name;
    expect(await box.run(call(read, { path: join(root, 'note.txt') }), never)).toEqual({
      text: 'inside the folder',
      isError: false,
    });
    const outside = await box.run(call(read, { path: '/etc/hostname' }), never);
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/denied|outside/i);
  });

  it('a server that crashes is restarted with its failure shown, and works again', async () => {
    const crashy = crashingEverything(dir);
    servers = [crashy.config];
    const box = await manager.toolbox(['crashy']);
    expect(box.definitions.length).toBeGreaterThan(0);
    crashy.crash();
    const restarting = await until(
      () => statuses.filter((s) => s.state === 'restarting'),
      (list) => list.length > 0,
    );
    expect(restarting[0]!.lastError).toBe('The server stopped unexpectedly. It said: crashing on purpose');
    // The same failure in parts, for a window to word in its own language.
    expect(restarting[0]!.failure).toEqual({ kind: 'crashed', detail: null, said: 'crashing on purpose' });
    const back = await until(
      () => manager.statuses()[0]!,
      (status) => status.state === 'running',
    );
    expect(back.restarts).toBe(1);
    expect(back.lastError).toContain('crashing on purpose');
    expect((await box.run(call('crashy__get-sum', { a: 1, b: 2 }), never)).text).toBe(
      'The sum of 1 and 2 is 3.',
    );
    expect(readFileSync(join(dir, 'mcp-logs', 'crashy.log'), 'utf8')).toContain('crashing on purpose');
  });

  it('a call that hangs is cancelled by Stop at once', async () => {
    servers = [everything()];
    const box = await manager.toolbox(['everything']);
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 300);
    const outcome = await box.run(
      call('everything__trigger-long-running-operation', { duration: 60, steps: 60 }),
      stop.signal,
    );
    expect(outcome).toEqual({ text: 'The call was stopped by the user.', isError: true });
    expect(Date.now() - started).toBeLessThan(5000);
    // The server is still there for the next call.
    expect((await box.run(call('everything__get-sum', { a: 1, b: 1 }), never)).text).toBe(
      'The sum of 1 and 1 is 2.',
    );
  });

  it('a server that cannot start says why in plain words, and gives no tools', async () => {
    servers = [server({ name: 'missing', command: join(dir, 'no-such-program') })];
    const box = await manager.toolbox(['missing']);
    expect(box.definitions).toEqual([]);
    const status = manager.statuses()[0]!;
    expect(status.state).toBe('failed');
    expect(status.lastError).toMatch(/^It could not be started: /);
    expect(status.failure).toMatchObject({ kind: 'not-started', detail: expect.any(String) });
  });

  it('a server switched off is never started; quitting stops the running ones', async () => {
    servers = [server({ ...everything(), enabled: false }), everything('other')];
    const box = await manager.toolbox(['everything', 'other']);
    expect(box.definitions.every((tool) => tool.name.startsWith('other__'))).toBe(true);
    expect(manager.statuses().map((s) => s.state)).toEqual(['stopped', 'running']);
    await manager.stopAll();
    expect(statuses.at(-1)).toMatchObject({ name: 'other', state: 'stopped' });
  });
});
