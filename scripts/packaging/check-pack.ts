/**
 * What a packed Parley (resources/app.asar and app.asar.unpacked) must and must not hold. Pure
 * over the archive's listing, so it runs on electron-builder's real pack and on a staged bad one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { listPackage, statFile } from '@electron/asar';
import { dataFiles } from '../../src/main/core/paths.ts';

/** What the app loads: package.json `main`, the preload, both pages and the icon they show. */
export const requiredEntries = [
  '/package.json',
  '/out/main/index.js',
  '/out/preload/index.cjs',
  '/out/renderer/index.html',
  '/out/renderer/quick.html',
  '/out/renderer/icon.svg',
];

/** The keychain module's native file, loaded by Node from outside the archive. */
export const keytarNative = '/node_modules/keytar/build/Release/keytar.node';

const topLevel = new Set(['out', 'node_modules', 'package.json']);
const testFile =
  /(^|\/)(__tests__|__snapshots__|tests?|spec|playwright-tests|tests-examples)\/|[.-](test|spec)\.[cm]?[jt]sx?(\.snap)?$/;
const sourceMap = /\.map$/;
const dataNames = new Set(
  Object.values(dataFiles('/'))
    .map((path) => basename(path))
    .concat(['history.sqlite-wal', 'history.sqlite-shm']),
);

export interface PackListing {
  /** Every file in the archive, `/`-rooted. */
  files: string[];
  /** Those stored beside the archive (asarUnpack), and whether each exists there. */
  unpacked: Map<string, boolean>;
}

export interface LockInfo {
  /** Whether the lockfile marks the package at this `node_modules/...` path as dev-only. */
  isDevOnly(packagePath: string): boolean;
  /** The top-level packages the app needs at run time (`node_modules/name`; not dev, not optional). */
  required: string[];
}

/**
 * The lockfile's view of what is only there for development (`"dev": true`). A path the lockfile
 * does not know (a packer may hoist differently) counts as dev-only when every copy of that
 * package is.
 */
export function lockInfo(lockJson: string): LockInfo {
  type Entry = { dev?: boolean; optional?: boolean; devOptional?: boolean; peer?: boolean; link?: boolean };
  const lock = JSON.parse(lockJson) as { packages?: Record<string, Entry> };
  const entries = new Map(Object.entries(lock.packages ?? {}));
  const neededByName = new Map<string, boolean>();
  for (const [path, entry] of entries) {
    const name = packageOf(`/${path}/`);
    if (name) neededByName.set(name, (neededByName.get(name) ?? false) || !entry.dev);
  }
  const runtime = (entry: Entry) =>
    !entry.dev && !entry.optional && !entry.devOptional && !entry.peer && !entry.link;
  return {
    required: [...entries]
      .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && runtime(entry))
      .map(([path]) => path),
    isDevOnly(packagePath) {
      const entry = entries.get(packagePath);
      if (entry) return entry.dev === true;
      return neededByName.get(packageOf(`/${packagePath}/`) ?? '') === false;
    },
  };
}

/** The package a file belongs to (`@scope/name` or `name`), from its innermost node_modules. */
function packageOf(file: string): string | null {
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const [first, second] = file.slice(at + 14).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : first || null;
}

/** `node_modules/a/node_modules/@s/b`: where the package holding this file sits in the tree. */
function packagePath(file: string): string | null {
  const name = packageOf(file);
  return name ? file.slice(1, file.lastIndexOf('/node_modules/') + 14 + name.length) : null;
}

/** Every problem with the pack, in plain words; empty when it is fit to ship. */
export function packProblems(listing: PackListing, lock: LockInfo): string[] {
  const problems: string[] = [];
  const files = new Set(listing.files);
  for (const entry of requiredEntries) {
    if (!files.has(entry)) problems.push(`missing ${entry}`);
  }
  for (const path of lock.required) {
    if (!files.has(`/${path}/package.json`)) problems.push(`production dependency missing: ${path}`);
  }
  if (!files.has(keytarNative)) problems.push(`missing ${keytarNative}`);
  else if (listing.unpacked.get(keytarNative) !== true)
    problems.push(`${keytarNative} is not unpacked beside the archive (native modules cannot load from it)`);
  const devPackages = new Set<string>();
  for (const file of listing.files) {
    const top = file.split('/')[1] ?? '';
    if (!topLevel.has(top)) problems.push(`not production output: ${file}`);
    const name = packagePath(file);
    if (name && lock.isDevOnly(name)) devPackages.add(name);
    // Inside a package, its own name (e.g. @playwright/test) is not a test folder.
    if (testFile.test(name ? file.slice(name.length + 2) : file)) problems.push(`test file: ${file}`);
    if (sourceMap.test(file)) problems.push(`source map: ${file}`);
    if (dataNames.has(basename(file)) && !name) problems.push(`from a data folder: ${file}`);
  }
  for (const name of [...devPackages].sort()) problems.push(`development dependency packed: ${name}`);
  return problems;
}

/** Reads the listing of `resources/app.asar` (and what stands beside it in app.asar.unpacked). */
export function readPack(resourcesDir: string): PackListing {
  const archive = join(resourcesDir, 'app.asar');
  const files: string[] = [];
  const unpacked = new Map<string, boolean>();
  for (const path of listPackage(archive, { isPack: false })) {
    const stat = statFile(archive, path.slice(1), false) as { files?: unknown; unpacked?: boolean };
    if (stat.files) continue;
    files.push(path.replaceAll('\\', '/'));
    if (stat.unpacked) unpacked.set(path, existsSync(join(`${archive}.unpacked`, path)));
  }
  return { files, unpacked };
}

/** Where electron-updater looks for releases, written by electron-builder from `publish`. */
function updateConfigProblems(resourcesDir: string): string[] {
  const file = join(resourcesDir, 'app-update.yml');
  if (!existsSync(file))
    return ['missing app-update.yml (electron-builder.yml `publish`): the app could not update'];
  return /^provider: github$/m.test(readFileSync(file, 'utf8'))
    ? []
    : ['app-update.yml does not name GitHub'];
}

/** The whole check of a packed app against this project's lockfile. */
export function checkPack(resourcesDir: string, lockFile: string): string[] {
  return [
    ...packProblems(readPack(resourcesDir), lockInfo(readFileSync(lockFile, 'utf8'))),
    ...updateConfigProblems(resourcesDir),
  ];
}
