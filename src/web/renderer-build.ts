import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The browser edition serves the built renderer (out/renderer). Builds it first when it is
 * missing or older than its sources, so `npm run web` always shows the current UI.
 */
export async function ensureRendererBuilt(root: string): Promise<string> {
  const out = join(root, 'out/renderer');
  const built = await stat(join(out, 'index.html')).catch(() => null);
  const newest = Math.max(
    await newestMtime(join(root, 'src/renderer')),
    await newestMtime(join(root, 'src/shared')),
  );
  if (built && built.mtimeMs >= newest) return out;
  console.log(built ? 'The UI changed; rebuilding it…' : 'Building the UI (first start only)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the UI build failed (exit ${code})`)),
    );
  });
  return out;
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}
