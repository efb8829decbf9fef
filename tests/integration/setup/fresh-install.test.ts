import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadAddress,
  expectRuntimeMissingMessage,
  repoRoot as root,
  runProcess,
  userPath,
} from './setup-fixtures.ts';

/**
 * A new user's first commands, from a fresh clone of HEAD on a machine where the keychain module
 * (keytar) cannot be built: no prebuilt binary (build from source) and no Node headers for node-gyp,
 * as where neither GitHub nor libsecret's headers are at hand. The install is `npm ci` with the
 * machine's own npm and Node (this repository's Node 24 is left off the PATH), served from the
 * machine's npm cache where it can be. It takes minutes on a slow machine; it is skipped, with the
 * reason printed, only when the npm cache cannot serve it and the registry cannot be reached.
 */

const INSTALL_LIMIT_MS = 10 * 60_000;
const NETWORK_FAILURE = /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH/;

interface Run {
  code: number | null;
  output: string;
}

let work: string;
let clone: string;
let install: Run | undefined;
let skipReason: string | undefined;

/** A command as a new user runs it: their PATH, their npm cache; stdout and stderr as one text. */
async function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  limitMs?: number,
): Promise<Run> {
  const { code, stdout, stderr } = await runProcess(command, args, {
    cwd,
    limitMs,
    env: {
      PATH: userPath,
      HOME: process.env.HOME ?? homedir(),
      ...(process.env.npm_config_cache ? { npm_config_cache: process.env.npm_config_cache } : {}),
      npm_config_update_notifier: 'false',
      ...env,
    },
  });
  return { code, output: stdout + stderr };
}

function tail(text: string, lines = 40): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** npx keeps one folder per directory it ran a project's own bin in: those for the clone go with it. */
function removeNpxFolders(dir: string) {
  const npxCache = join(process.env.npm_config_cache ?? join(homedir(), '.npm'), '_npx');
  if (!existsSync(npxCache)) return;
  for (const entry of readdirSync(npxCache)) {
    const manifest = join(npxCache, entry, 'package.json');
    if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(dir.slice(1))) {
      rmSync(join(npxCache, entry), { recursive: true, force: true });
    }
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'parley-fresh-'));
  clone = join(work, 'parley');
  const cloned = await run('git', ['clone', '--quiet', root, clone], work, {});
  expect(cloned, tail(cloned.output)).toMatchObject({ code: 0 });
  const noHeaders = join(work, 'no-node-headers');
  mkdirSync(noHeaders);
  install = await run(
    'npm',
    ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'],
    clone,
    {
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      npm_config_build_from_source: 'true', // prebuild-install: no prebuilt binary
      npm_config_nodedir: noHeaders, // node-gyp: no Node headers, so keytar's build fails
    },
    INSTALL_LIMIT_MS,
  );
  if (install.code !== 0 && NETWORK_FAILURE.test(install.output)) {
    skipReason = `the npm cache cannot serve the install and the registry cannot be reached: ${
      install.output.match(/npm error .*(?:ENOTCACHED|request to).*/)?.[0] ??
      NETWORK_FAILURE.exec(install.output)?.[0]
    }`;
    console.log(`Skipping the fresh-install tests: ${skipReason}`);
  }
}, INSTALL_LIMIT_MS + 120_000);

// Removing a full node_modules takes a while on a slow disk.
afterAll(async () => {
  if (clone) removeNpxFolders(clone);
  if (work) await rm(work, { recursive: true, force: true });
}, 180_000);

describe('a fresh clone where the keychain module cannot be built', () => {
  it('installs: keytar is optional, its failed build does not fail npm ci', ({ skip }) => {
    if (skipReason) skip(skipReason);
    expect(install!.code, tail(install!.output)).toBe(0);
    // The build was attempted and failed...
    expect(install!.output).toMatch(/gyp ERR! .*keytar/);
    expect(existsSync(join(clone, 'node_modules/keytar/build/Release/keytar.node'))).toBe(false);
    // ...and everything else is there, the project's own Node 24 included.
    expect(existsSync(join(clone, 'node_modules/node/bin/node'))).toBe(true);
    expect(existsSync(join(clone, 'node_modules/electron-vite/package.json'))).toBe(true);
  });

  it('keeps keys without the keychain and says why in plain words', async ({ skip }) => {
    if (skipReason) skip(skipReason);
    const dataDir = join(work, 'data');
    const probe = [
      "import { openSecretStore } from './src/main/core/secrets/open-secret-store.ts';",
      'const { store, reason } = await openSecretStore({ dataDir: process.env.PROBE_DATA_DIR });',
      'console.log(JSON.stringify({ kind: store.kind, reason }));',
    ].join('\n');
    const result = await run(
      join(clone, 'node_modules/node/bin/node'),
      ['--input-type=module', '-e', probe],
      clone,
      { PROBE_DATA_DIR: dataDir },
    );
    expect(result.code, result.output).toBe(0);
    const { kind, reason } = JSON.parse(result.output.trim().split('\n').at(-1)!) as {
      kind: string;
      reason: string;
    };
    expect(kind).toBe('memory');
    expect(reason).toContain(
      'The system keychain could not be used (keytar did not load: it is not installed; npm install leaves it out where it cannot be built).',
    );
    expect(reason).not.toMatch(/Cannot find|imported from|node_modules/);
  });

  it('npm start says in plain words that the desktop runtime is missing, and how to start the browser edition', async ({
    skip,
  }) => {
    if (skipReason) skip(skipReason);
    // Where GitHub cannot be reached: a mirror on a port nothing listens on.
    const result = await run('npm', ['start'], clone, {
      ELECTRON_MIRROR: await deadAddress(),
      electron_config_cache: join(work, 'electron-cache'),
    });
    expect(result.code).toBe(1);
    expectRuntimeMissingMessage(result.output);
  });

  it('npx parley runs with no engine warnings', async ({ skip }) => {
    if (skipReason) skip(skipReason);
    const result = await run('npx', ['--yes', 'parley', '--help'], clone, {});
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('parley ask');
    expect(result.output).not.toContain('EBADENGINE');
    expect(result.output).not.toMatch(/npm warn/);
  });
});
