import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Benches that run the `parley` command measure the built one: build it when missing or older than the sources. */
export async function ensureBundle(): Promise<void> {
  const helper = new URL('../bin/bundle.js', import.meta.url).href;
  const { bundleIsFresh } = (await import(helper)) as { bundleIsFresh: () => boolean };
  if (bundleIsFresh()) return;
  console.log('Building the parley bundle first (npm run build:cli)…\n');
  await new Promise<void>((resolve, reject) => {
    const build = spawn('npm', ['run', 'build:cli'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    build.on('error', reject);
    build.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`the build exited with ${code}`)),
    );
  });
}
