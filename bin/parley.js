#!/usr/bin/env node
// The `parley` command: the prebuilt bundle when it is fresh, else the TypeScript sources, which
// Node 24 runs directly (bundle.js). This file is plain JavaScript so that an older Node found first on the PATH (`npm link`, an alias) can read it
// and hand over to the project's own Node 24 (the npm package `node`, in node_modules/node).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

/** Type stripping without a flag and an unflagged node:sqlite: what the sources need. */
const NEEDED = [22, 19];

function recentEnough(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1]);
}

if (recentEnough(process.versions.node)) {
  const { bundle, bundleIsFresh, sources } = await import('./bundle.js');
  const { runFromProcess } = await import((bundleIsFresh() ? bundle : sources).href);
  process.exitCode = await runFromProcess();
} else {
  // import.meta.url is this file's real path, also when started through a symlink (npm link).
  const ownNode = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(ownNode)) {
    process.stderr.write(
      `parley needs Node.js ${NEEDED.join('.')} or newer; this is Node.js ${process.versions.node}.\n` +
        `Run "npm install" in the Parley folder (it brings its own Node 24), or install a newer Node.js.\n`,
    );
    process.exit(1);
  }
  const child = spawn(ownNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // Ctrl+C reaches both processes (one process group): the child decides what it means.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (signal !== 'SIGINT') child.kill(signal);
    });
  }
  child.on('error', (error) => {
    process.stderr.write(`parley could not start ${ownNode}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
}
