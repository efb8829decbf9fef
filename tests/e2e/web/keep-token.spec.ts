import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, startWebHost, test } from '../support/parley.ts';

// Issue 11 item 10: `npm run web -- --keep-token` keeps the access token across restarts, so a
// bookmarked address keeps working; without the flag each start makes a new one.

test('with --keep-token a restart keeps the bookmark working; without it the token changes', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'parley-keep-token-'));
  try {
    const first = await startWebHost(dir, 0, { args: ['--keep-token'] });
    const port = Number(new URL(first.origin).port);
    const bookmark = first.url;
    await first.stop();
    const saved = join(dir, 'web-token');
    expect((await readFile(saved, 'utf8')).trim()).toBe(first.token);
    expect((await stat(saved)).mode & 0o777).toBe(0o600);

    const second = await startWebHost(dir, port, { args: ['--keep-token'] });
    try {
      expect(second.token).toBe(first.token);
      await page.goto(bookmark);
      await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
      await page.reload();
      await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
      await expect(page.getByRole('alert').filter({ hasText: 'Parley was restarted' })).toHaveCount(0);
    } finally {
      await second.stop();
    }

    const plain = await startWebHost(dir, port);
    try {
      expect(plain.token).not.toBe(first.token);
    } finally {
      await plain.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
