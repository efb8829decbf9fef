import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startMockServer, type MockServer } from '../mock-server/server.ts';
import type { AskDeps } from '../../src/cli/ask.ts';
import type { CommandIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { MemorySecretStore } from '../../src/main/core/secrets/secret-store.ts';

/** `parley` in this process, with its own environment and, unless a test gives one, an empty keychain. */

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as the pieces it was written in. */
  writes: string[];
}

export async function runCli(
  argv: string[],
  env: Record<string, string>,
  /** `tty`: whether standard input is a terminal (default: when no `stdin` is given). */
  options: { stdin?: string; tty?: boolean; deps?: Partial<AskDeps> } = {},
): Promise<Run> {
  const writes: string[] = [];
  const errors: string[] = [];
  const io: CommandIo = {
    stdout: (text) => void writes.push(text),
    stderr: (text) => void errors.push(text),
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdinIsTTY: options.tty ?? options.stdin === undefined,
    stdoutIsTTY: false,
    env,
  };
  const deps = { secrets: async () => new MemorySecretStore(), ...options.deps };
  const code = await main(argv, io, { ask: deps });
  return { code, stdout: writes.join(''), stderr: errors.join(''), writes };
}

/** A mock server for the file and a fresh data folder for each test (removed after it). */
export function cliFixture(prefix: string): { server: () => MockServer; dataDir: () => string } {
  let server: MockServer;
  let dataDir: string;
  beforeAll(async () => {
    server = await startMockServer({ defaults: { chunkDelayMs: 1 } });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    dataDir = mkdtempSync(join(tmpdir(), prefix));
    return () => rmSync(dataDir, { recursive: true, force: true });
  });
  return { server: () => server, dataDir: () => dataDir };
}

/** `parley ask` against the mock server as a one-off OpenAI-compatible provider, its key in CLI_KEY. */
export function oneOffAsk(serverUrl: string, model = 'gpt-4o'): string[] {
  return ['ask', '--base-url', `${serverUrl}/v1`, '--api-key-env', 'CLI_KEY', '--model', model];
}
