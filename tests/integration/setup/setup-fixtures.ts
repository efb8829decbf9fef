import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** What the setup tests share: the repository, a new user's PATH, child processes, a dead port, the launcher's message. */

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The user's shell: the machine's own node and npm, nothing from a node_modules folder. */
export const userPath = (process.env.PATH ?? '')
  .split(':')
  .filter((dir) => dir !== '' && !dir.includes('node_modules'))
  .join(':');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (killed after limitMs), with only the environment given. */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; limitMs?: number },
): Promise<Finished> {
  const { cwd, env, limitMs = 120_000 } = options;
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part: Buffer) => (stdout += part.toString()));
    child.stderr.on('data', (part: Buffer) => (stderr += part.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${limitMs} ms]`;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** An http:// address on a port nothing listens on: a download from it fails at once. */
export async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

/** The launcher's message where the Electron runtime is missing: plain words, the way out, no stack trace. */
export function expectRuntimeMissingMessage(output: string): void {
  expect(output).toContain("Parley's desktop app cannot start: the Electron runtime is not installed.");
  expect(output).toContain('npm run web');
  expect(output).not.toContain('Electron uninstall');
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack frame
}
