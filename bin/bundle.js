// Where `parley` runs from: the prebuilt bundle (out/cli, made by `npm run build`) when it is there
// and not older than the sources it was built from; otherwise the TypeScript sources, which Node 24
// runs directly.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { URL } from 'node:url';

const root = new URL('../', import.meta.url);
export const bundle = new URL('out/cli/main.js', root);
export const sources = new URL('src/cli/main.ts', root);

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

/** Whether the bundle is there and up to date. */
export function bundleIsFresh() {
  return existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource();
}
