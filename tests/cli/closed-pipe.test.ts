/**
 * `parley ask … | head` (issue 11 #8): when whoever reads standard output closes it mid-answer, the
 * answer stops and parley ends quietly: no "Stopped" notice, exit status 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock-server/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let server: MockServer;
let dataDir: string;

beforeAll(async () => {
  server = await startMockServer();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-closed-pipe-'));
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('a reader that closes the pipe mid-answer ends parley quietly, with status 0', async () => {
  // A long, slow answer: the pipe closes long before it is done.
  server.enqueue({ text: 'word '.repeat(4000), chunkSize: 20, chunkDelayMs: 5 });
  const args = [
    'ask',
    '--base-url',
    `${server.url}/v1`,
    '--model',
    'gpt-4o-mini',
    '--api-key-env',
    'TEST_KEY',
  ];
  const child = spawn(process.execPath, [join(root, 'bin/parley.js'), ...args, '--no-save', 'Talk a lot'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, PARLEY_DATA_DIR: dataDir, TEST_KEY: 'sk-test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (part: Buffer) => (stderr += part.toString()));
  // Like `head -c 20`: read the first bytes, then close the pipe.
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
}, 30_000);
