#!/usr/bin/env node
// The `parley` command. Runs the prebuilt bundle (out/cli, made by `npm run build`) when it is there
// and not older than the sources; otherwise Node 24 runs the TypeScript sources directly.
import { existsSync, readdirSync, statSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const root = new URL('../', import.meta.url);
const bundle = new URL('out/cli/main.js', root);

/** The newest modification time under the folders the command is built from (0 when absent). */
function newestSource() {
  let newest = 0;
  for (const folder of ['src/cli', 'src/main/core', 'src/shared']) {
    const dir = new URL(`${folder}/`, root);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir, { recursive: true })) {
      newest = Math.max(newest, statSync(new URL(name, dir)).mtimeMs);
    }
  }
  return newest;
}

const built = existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource();
const { runFromProcess } = await import(built ? bundle.href : new URL('src/cli/main.ts', root).href);
process.exitCode = await runFromProcess();
