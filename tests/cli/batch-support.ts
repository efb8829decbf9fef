import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { BatchResult } from '../../src/cli/batch-output.ts';
import { startMockServer, type MockServer } from '../mock-server/server.ts';

/** `parley batch` as a real process (bin/parley.js) over real files, for the integration tests. */

const root = fileURLToPath(new URL('../../', import.meta.url));
export const KEY = 'sk-batch-test-key-1234567890';

export interface BatchProcess {
  child: ChildProcess;
  /** Standard error so far. */
  stderr(): string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export interface BatchFiles {
  dir: string;
  input: string;
  out: string;
  cleanup(): void;
}

/** A temporary folder with INPUT.jsonl holding `lines` (objects are written as JSON, strings as they are). */
export function batchFiles(lines: (object | string)[]): BatchFiles {
  const dir = mkdtempSync(join(tmpdir(), 'parley-batch-'));
  const input = join(dir, 'in.jsonl');
  writeFileSync(
    input,
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n',
  );
  return {
    dir,
    input,
    out: join(dir, 'out.jsonl'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Prompts `p0`, `p1`... with ids `id-0`, `id-1`... */
export function prompts(count: number): { id: string; prompt: string }[] {
  return Array.from({ length: count }, (_, i) => ({ id: `id-${i}`, prompt: `p${i}` }));
}

export function startBatch(files: BatchFiles, serverUrl: string, extra: string[] = []): BatchProcess {
  const child = spawn(
    process.execPath,
    [
      'bin/parley.js',
      'batch',
      files.input,
      '--out',
      files.out,
      '--base-url',
      `${serverUrl}/v1`,
      '--api-key-env',
      'BATCH_KEY',
      '--model',
      'gpt-4o',
      ...extra,
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: files.dir, PARLEY_DATA_DIR: files.dir, BATCH_KEY: KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (part: string) => (stdout += part));
  child.stderr!.setEncoding('utf8').on('data', (part: string) => (stderr += part));
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stderr: () => stderr, done };
}

/** The output file's complete lines, parsed (a torn last line is left out). */
export function readOut(path: string): BatchResult[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  return text
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as BatchResult);
}

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The mock server for a test file: started once, reset before each test, closed at the end. */
export function useMockServer(): () => MockServer {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ defaults: { chunkDelayMs: 1 } });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  return () => server;
}
