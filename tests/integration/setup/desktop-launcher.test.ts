import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `npm start` / `npm run dev` where the Electron binary is absent: plain words, no stack trace. */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const electronInstalled = existsSync(join(root, 'node_modules/electron/path.txt'));
let cacheDir: string;
let deadMirror: string;

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'parley-electron-cache-'));
  // A port nothing listens on: the download fails at once, and nothing is ever written to node_modules.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  deadMirror = `http://127.0.0.1:${port}/`;
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function run(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        electron_config_cache: cacheDir,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part: Buffer) => (stdout += part.toString()));
    child.stderr.on('data', (part: Buffer) => (stderr += part.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectPlainWords(output: string) {
  expect(output).toContain("Parley's desktop app cannot start: the Electron runtime is not installed.");
  expect(output).toContain('npm run web');
  expect(output).not.toContain('Electron uninstall');
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack frame
}

describe.skipIf(electronInstalled)('the desktop launcher without the Electron binary', () => {
  for (const script of ['start', 'dev']) {
    it(`npm ${script === 'start' ? 'start' : 'run dev'} says so in plain words and exits 1 (download turned off)`, async () => {
      const result = await run('npm', ['run', script], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
      expect(result.code).toBe(1);
      expectPlainWords(result.stdout + result.stderr);
      expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    });
  }

  it('tries the download first and, when it fails, gives its reason in one line', async () => {
    const result = await run(process.execPath, ['scripts/desktop.js', 'preview'], {
      ELECTRON_MIRROR: deadMirror,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Downloading the Electron runtime from GitHub');
    expect(result.stderr).toMatch(/It could not be downloaded from GitHub \(.+\)\./);
    expectPlainWords(result.stderr);
    expect(existsSync(join(root, 'node_modules/electron/path.txt'))).toBe(false);
  });
});

describe('the desktop launcher with an Electron executable', () => {
  it('hands its arguments to electron-vite', async () => {
    // electron-vite's own override names an existing file, so the check passes and electron-vite runs.
    const result = await run(process.execPath, ['scripts/desktop.js', '--version'], {
      ELECTRON_EXEC_PATH: process.execPath,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^electron-vite\/\d+\.\d+\.\d+ /);
    expect(result.code).toBe(0);
  });

  it('refuses an ELECTRON_EXEC_PATH that names no file, in plain words', async () => {
    const result = await run(process.execPath, ['scripts/desktop.js', 'preview'], {
      ELECTRON_EXEC_PATH: join(cacheDir, 'no-such-electron'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ELECTRON_EXEC_PATH names no file');
    expectPlainWords(result.stderr);
  });
});
