/**
 * `npm run icons`: writes every icon size (PNG, ICO, ICNS, the favicon, the tray's and window's
 * images) from build/icon.svg and build/tray-template.svg. Commit what it writes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { iconFiles } from './packaging/icon-files.ts';

const root = join(import.meta.dirname, '..');
const files = await iconFiles(
  readFileSync(join(root, 'build/icon.svg')),
  readFileSync(join(root, 'build/tray-template.svg')),
);
for (const [path, bytes] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), bytes);
}
console.log(`Wrote ${files.size} icon files.`);
