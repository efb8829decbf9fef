import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadAddress, expectRuntimeMissingMessage, repoRoot as root, runProcess } from './setup-fixtures.ts';

/** `npm start` / `npm run dev` where the Electron binary is absent: plain words, no stack trace. */

const electronInstalled = existsSync(join(root, 'node_modules/electron/path.txt'));
let cacheDir: string;
let deadMirror: string;

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'parley-electron-cache-'));
  // Nothing is ever downloaded, so nothing is ever written to node_modules.
  deadMirror = await deadAddress();
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function run(command: string, args: string[], env: Record<string, string>) {
  return runProcess(command, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      electron_config_cache: cacheDir,
      ...env,
    },
  });
}

describe.skipIf(electronInstalled)('the desktop launcher without the Electron binary', () => {
  for (const script of ['start', 'dev']) {
    it(`npm ${script === 'start' ? 'start' : 'run dev'} says so in plain words and exits 1 (download turned off)`, async () => {
      const result = await run('npm', ['run', script], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
      expect(result.code).toBe(1);
      expectRuntimeMissingMessage(result.stdout + result.stderr);
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
    expectRuntimeMissingMessage(result.stderr);
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
    expectRuntimeMissingMessage(result.stderr);
  });
});
