import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot as root, runProcess, userPath } from './setup-fixtures.ts';

/**
 * `parley` started by a Node too old for the TypeScript sources (the machine's own Node found first on
 * the PATH, as after `npm link` or with an alias) hands over to the project's Node 24.
 */

function machineNode(): { path: string; version: string } | null {
  try {
    const path = execFileSync('sh', ['-c', 'command -v node'], {
      env: { PATH: userPath },
      encoding: 'utf8',
    }).trim();
    const version = execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    return { path, version };
  } catch {
    return null;
  }
}

const node = machineNode();
const [major = 0, minor = 0] = (node?.version ?? '').split('.').map(Number);
const olderNode = node !== null && (major < 22 || (major === 22 && minor < 19)) ? node : null;
if (olderNode === null) {
  console.log(
    `Skipping: the machine's Node (${node?.version ?? 'none'}) is not older than 22.19, nothing to hand over.`,
  );
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'parley-older-node-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  return runProcess(args[0]!, args.slice(1), {
    cwd: work,
    env: { PATH: `${join(work, 'bin')}:${userPath}`, HOME: process.env.HOME ?? '', ...env },
  });
}

describe.skipIf(olderNode === null)('parley on an older Node', () => {
  it('runs under the project Node 24, also through a symlink on the PATH (npm link)', async () => {
    mkdirSync(join(work, 'bin'), { recursive: true });
    symlinkSync(join(root, 'bin/parley.js'), join(work, 'bin/parley'));
    const help = await run(['parley', '--help']);
    expect(help.stderr).toBe('');
    expect(help.stdout).toContain('parley ask');
    expect(help.code).toBe(0);
    // The child's exit status comes through: 2 for a usage error.
    const usage = await run(['parley', 'history', 'no-such-command'], {
      PARLEY_DATA_DIR: join(work, 'data'),
    });
    expect(usage.code).toBe(2);
    expect(usage.stdout + usage.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });

  it('says what is needed when the project has no Node 24 of its own', async () => {
    const bare = join(work, 'bare');
    mkdirSync(join(bare, 'bin'), { recursive: true });
    copyFileSync(join(root, 'bin/parley.js'), join(bare, 'bin/parley.js'));
    const result = await run([olderNode!.path, join(bare, 'bin/parley.js'), '--help']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `parley needs Node.js 22.19 or newer; this is Node.js ${olderNode!.version}.`,
    );
    expect(result.stderr).toContain('npm install');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
