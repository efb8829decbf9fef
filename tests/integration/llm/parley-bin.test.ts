import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';

/** `parley ask` as a real process (bin/parley.js under Node 24), against the mock server. */

const root = fileURLToPath(new URL('../../../', import.meta.url));
let server: MockServer;
let dataDir: string;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 2 } });
  dataDir = mkdtempSync(join(tmpdir(), 'parley-bin-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function parley(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; chunks: number }>((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/parley.js'), ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PARLEY_DATA_DIR: dataDir,
        PARLEY_TEST_KEY: 'sk-bin-test-key-13579',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let chunks = 0;
    child.stdout.on('data', (part: Buffer) => {
      chunks++;
      stdout += part.toString();
    });
    child.stderr.on('data', (part: Buffer) => (stderr += part.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, chunks }));
  });
}

describe('the parley executable', () => {
  it('streams an answer and exits 0', async () => {
    server.enqueue({ text: 'A streamed answer in several small pieces.', chunkSize: 3, chunkDelayMs: 20 });
    const result = await parley([
      'ask',
      '--no-save',
      '--base-url',
      `${server.url}/v1`,
      '--api-key-env',
      'PARLEY_TEST_KEY',
      'hello',
    ]);
    expect(result).toMatchObject({
      code: 0,
      stdout: 'A streamed answer in several small pieces.\n',
      stderr: '',
    });
    expect(result.chunks).toBeGreaterThan(3);
  });

  it('exits 1 with the partial answer kept when the stream breaks', async () => {
    server.enqueue({ text: 'abcdefghijkl', chunkSize: 4, dropAfterChunks: 2 });
    const result = await parley([
      'ask',
      '--no-save',
      '--base-url',
      `${server.url}/v1`,
      '--api-key-env',
      'PARLEY_TEST_KEY',
      'hello',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('abcdefgh\n');
    expect(result.stderr).toContain('The answer was cut off.');
  });

  it('sends exactly the system prompt, temperature, output limit and header given on the command line', async () => {
    server.reset();
    server.enqueue({ text: 'Hello.' });
    const result = await parley([
      'ask',
      '--no-save',
      '--base-url',
      `${server.url}/v1`,
      '--api-key-env',
      'PARLEY_TEST_KEY',
      '--system',
      'Answer in one word.',
      '--temperature',
      '0.2',
      '--max-tokens',
      '50',
      '--header',
      'OpenAI-Version: 2024-10-01',
      'hi',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'Hello.\n' });
    const sent = server.requests.at(-1)!;
    expect(sent.body).toMatchObject({
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        { role: 'user', content: 'hi' },
      ],
      temperature: 0.2,
      max_tokens: 50,
    });
    expect(Object.keys(sent.body as object).sort()).toEqual([
      'max_tokens',
      'messages',
      'model',
      'stream',
      'temperature',
    ]);
    expect(sent.headers['openai-version']).toBe('2024-10-01');
  });

  it('exits 2 on a usage error', async () => {
    const result = await parley(['ask', '--api', 'nope', 'hello']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--api must be openai, azure or anthropic');
  });
});
