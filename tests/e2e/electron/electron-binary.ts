import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The Electron executable, found without `require('electron')` (which would try to download it),
 * or why the desktop tests must be skipped here.
 */
export function electronBinary(): { path: string } | { skip: string } {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile))
    return { skip: 'no Electron binary (node_modules/electron/path.txt is missing)' };
  const binary = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { skip: `no Electron binary at ${binary}` };
  if (!existsSync(join(root, 'out/main/index.js'))) return { skip: 'no build: run `npm run build` first' };
  return { path: binary };
}
