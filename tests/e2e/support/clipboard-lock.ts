import { mkdir, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Playwright's workers share one X display, hence one system clipboard: a test that copies and
 * reads it back must not overlap another that does. `mkdir` is atomic, so the folder is the lock.
 */
const LOCK = join(tmpdir(), `parley-e2e-clipboard-${process.env.DISPLAY ?? 'none'}.lock`);
/** Longer than any test may run: a lock this old was left by a killed run. */
const STALE_MS = 60_000;

export async function withClipboard<T>(run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > STALE_MS) await rmdir(LOCK).catch(() => undefined);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await run();
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}
