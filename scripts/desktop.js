// `npm start` and `npm run dev`: electron-vite (preview or dev), once the Electron binary is there.
// The electron package downloads its binary on first use (`install-electron`), which electron-vite
// never triggers: it stops with "Error: Electron uninstall" and a stack trace. This downloads the
// binary when it is missing, and where that cannot be done says so in plain words, with the way to
// the browser edition. Plain JavaScript, so that it runs on whichever Node npm finds; electron-vite
// is not loaded before the check.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

function electronModuleDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null; // not installed at all (e.g. npm install --omit=dev)
  }
}

/** Whether electron-vite will find an executable to start. */
function electronInstalled(moduleDir) {
  const override = process.env.ELECTRON_EXEC_PATH; // electron-vite's own override
  if (override) return existsSync(override);
  if (moduleDir === null) return false;
  // The download writes path.txt once the binary is unpacked in dist/.
  const pathFile = join(moduleDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(moduleDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/** Runs electron's own download (its `install-electron` command); the reason in one line when it fails. */
function download(moduleDir) {
  process.stderr.write('Downloading the Electron runtime from GitHub (once, about 100 MB)…\n');
  const result = spawnSync(process.execPath, [join(moduleDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status === 0 && electronInstalled(moduleDir)) return null;
  // install.js prints the error's stack: its first line, without the error's class, is the reason.
  const firstLine = (result.stderr ?? '')
    .trim()
    .split('\n')[0]
    .replace(/^\w*Error: /, '');
  return firstLine || result.error?.message || `the download stopped (${result.signal ?? result.status})`;
}

function whyMissing(moduleDir) {
  if (moduleDir === null)
    return 'The electron package is not installed (was "npm install" run with --omit=dev?).';
  if (process.env.ELECTRON_EXEC_PATH)
    return `ELECTRON_EXEC_PATH names no file (${process.env.ELECTRON_EXEC_PATH}).`;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return 'Its download is turned off (ELECTRON_SKIP_BINARY_DOWNLOAD is set).';
  const failure = download(moduleDir);
  return failure === null ? null : `It could not be downloaded from GitHub (${failure}).`;
}

const moduleDir = electronModuleDir();
if (!electronInstalled(moduleDir)) {
  const reason = whyMissing(moduleDir);
  if (reason !== null) {
    process.stderr.write(`
Parley's desktop app cannot start: the Electron runtime is not installed.
${reason}

Start the browser edition instead; it is the same app, in your browser:

  npm run web

Or, where GitHub can be reached, run "npm start" again: it downloads the runtime first.
`);
    process.exit(1);
  }
}

// electron-vite's command line reads process.argv: `node scripts/desktop.js preview` is `electron-vite preview`.
const electronVite = dirname(require.resolve('electron-vite/package.json'));
const { bin } = JSON.parse(readFileSync(join(electronVite, 'package.json'), 'utf8'));
await import(pathToFileURL(join(electronVite, bin['electron-vite'])).href);
