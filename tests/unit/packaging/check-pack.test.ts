import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createPackageWithOptions } from '@electron/asar';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPack, keytarNative, lockInfo, requiredEntries } from '../../../scripts/packaging/check-pack.ts';

/** Real archives (made with @electron/asar, as electron-builder does) checked against the real lockfile. */
const root = mkdtempSync(join(tmpdir(), 'parley-pack-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const lockFile = join(import.meta.dirname, '../../../package-lock.json');

async function packed(name: string, files: string[]): Promise<string> {
  const app = join(root, name, 'app');
  for (const file of files) {
    mkdirSync(dirname(join(app, file)), { recursive: true });
    writeFileSync(join(app, file), file.endsWith('.json') ? '{}' : 'x');
  }
  const resources = join(root, name, 'resources');
  mkdirSync(resources, { recursive: true });
  await createPackageWithOptions(app, join(resources, 'app.asar'), { unpack: '*.node' });
  writeFileSync(join(resources, 'app-update.yml'), 'owner: parley-app\nrepo: parley\nprovider: github\n');
  return resources;
}

/** Every runtime package the lockfile lists, each as its package.json. */
const dependencies = lockInfo(readFileSync(lockFile, 'utf8')).required.map((path) => `/${path}/package.json`);
const good = [
  ...requiredEntries,
  ...dependencies,
  keytarNative,
  '/out/renderer/assets/index-abc.js',
  '/node_modules/ws/lib/websocket.js',
];

describe('package check', () => {
  it('passes an archive of production output and production dependencies', async () => {
    expect(dependencies).toContain('/node_modules/zod/package.json');
    expect(dependencies).not.toContain('/node_modules/vitest/package.json');
    expect(checkPack(await packed('good', good), lockFile)).toEqual([]);
  });

  it('names every devDependency, test file, source map, data file and stray folder that sneaks in', async () => {
    const resources = await packed('bad', [
      ...good.filter(
        (file) => file !== '/out/preload/index.cjs' && file !== '/node_modules/zod/package.json',
      ),
      '/node_modules/vitest/package.json',
      '/node_modules/@playwright/test/index.js',
      '/node_modules/electron-builder/out/cli/cli.js',
      '/tests/unit/foo.test.ts',
      '/node_modules/zod/src/v4/classic/tests/string.test.ts',
      '/out/main/index.js.map',
      '/history.sqlite',
      '/src/main/index.ts',
    ]);
    expect(checkPack(resources, lockFile).sort()).toEqual(
      [
        'missing /out/preload/index.cjs',
        'production dependency missing: node_modules/zod',
        'development dependency packed: node_modules/@playwright/test',
        'development dependency packed: node_modules/electron-builder',
        'development dependency packed: node_modules/vitest',
        'not production output: /tests/unit/foo.test.ts',
        'test file: /tests/unit/foo.test.ts',
        'test file: /node_modules/zod/src/v4/classic/tests/string.test.ts',
        'source map: /out/main/index.js.map',
        'not production output: /history.sqlite',
        'from a data folder: /history.sqlite',
        'not production output: /src/main/index.ts',
      ].sort(),
    );
  });

  it('refuses a pack electron-updater could not update from', async () => {
    const resources = await packed('no-updates', good);
    rmSync(join(resources, 'app-update.yml'));
    expect(checkPack(resources, lockFile)).toEqual([
      'missing app-update.yml (electron-builder.yml `publish`): the app could not update',
    ]);
  });

  it('refuses a keychain module packed inside the archive, where it cannot load', async () => {
    const resources = await packed('inside', good);
    // Same files, but the native module packed into the archive instead of beside it.
    const app = join(root, 'inside', 'app');
    await createPackageWithOptions(app, join(resources, 'app.asar'), {});
    expect(checkPack(resources, lockFile)).toEqual([
      `${keytarNative} is not unpacked beside the archive (native modules cannot load from it)`,
    ]);
  });
});
