import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureSecretService, toolsAvailable } from '../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../fixtures/secret-service.ts';
import { EVERYTHING } from '../integration/tools/mcp-servers.ts';
import type { MockServer } from '../mock-server/server.ts';
import { lastToolResult } from '../mock-server/tool-calls.ts';
import { cliFixture, oneOffAsk, runCli } from './run-cli.ts';

/**
 * `parley mcp add NAME --url URL` with a real Streamable HTTP server (server-everything in its
 * streamableHttp mode, on a free local port): listed with its tools, and its get-sum run by
 * `parley ask --tools --yes` in the answer's loop.
 */

const fixture = cliFixture('parley-ask-http-');
let server: MockServer;
let dataDir: string;
let session: SecretServiceSession;
let mcp: ChildProcess;
let url: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

beforeEach(() => {
  server = fixture.server();
  dataDir = fixture.dataDir();
});

describe.runIf(process.platform === 'linux' && toolsAvailable())('parley mcp add --url', () => {
  beforeAll(async () => {
    session = await ensureSecretService();
    const port = await freePort();
    url = `http://127.0.0.1:${port}/mcp`;
    mcp = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server-everything did not start')), 20_000);
      let said = '';
      mcp.stderr!.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes('listening on port')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }, 40_000);
  afterAll(async () => {
    mcp?.kill();
    await session?.stop();
  });
  it('lists a Streamable HTTP server with its tools and runs its get-sum in an answer', async () => {
    const env = { CLI_KEY: 'sk-http-test-1234567890', PARLEY_DATA_DIR: dataDir };
    const added = await runCli(
      ['mcp', 'add', 'remote', '--url', url, '--header', 'X-Parley-Test: t0ken'],
      env,
      {
        stdin: '',
      },
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const list = await runCli(['mcp', 'list'], env, { stdin: '' });
    expect(list.stdout).toContain(`remote\tenabled\t${url}\n    headers from the keychain: X-Parley-Test\n`);
    expect(list.stdout).toMatch(/ {4}tools: .*\bget-sum\b/);

    server.enqueue({ toolCalls: [{ name: 'remote__get-sum', arguments: { a: 40, b: 2 } }] }, { text: '42.' });
    const asked = await runCli([...oneOffAsk(server.url), '--tools', '--yes', 'sum'], env);
    expect(asked).toMatchObject({ code: 0, stdout: '42.\n' });
    expect(asked.stderr).toContain('remote › get-sum: The sum of 40 and 2 is 42.\n');
    expect(lastToolResult(server.requests[1]!.body)).toBe('The sum of 40 and 2 is 42.');
  }, 60_000);
});
