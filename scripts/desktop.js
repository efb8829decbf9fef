// `npm start` and `npm run dev`: electron-vite (preview or dev), once the Electron binary is known
// to be installed. Without it electron-vite stops with "Error: Electron uninstall" and a stack
// trace; this says in plain words what is missing and how to use the browser edition instead.
// Plain JavaScript, so that it runs on whichever Node npm finds, and electron-vite is not loaded
// before the check.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The Electron executable electron-vite would start, or null when it is not installed. */
function electronExecutable() {
  // electron-vite's own override.
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return existsSync(override) ? override : null;
  let moduleDir;
  try {
    moduleDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null; // the electron package itself is not installed (e.g. npm install --omit=dev)
  }
  // electron's install script writes path.txt once the binary is downloaded and unpacked in dist/.
  const pathFile = join(moduleDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(moduleDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

const MISSING = `Parley's desktop app cannot start: the Electron runtime is not installed.
"npm install" downloads it from GitHub; that download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD)
or failed.

Start the browser edition instead; it is the same app, in your browser:

  npm run web

Or install the desktop runtime where GitHub can be reached, then run "npm start" again:

  npm rebuild electron
`;

if (electronExecutable() === null) {
  process.stderr.write(MISSING);
  process.exit(1);
}

// electron-vite's command line reads process.argv: `node scripts/desktop.js preview` is `electron-vite preview`.
const electronVite = dirname(require.resolve('electron-vite/package.json'));
const { bin } = JSON.parse(readFileSync(join(electronVite, 'package.json'), 'utf8'));
await import(pathToFileURL(join(electronVite, bin['electron-vite'])).href);
