import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openThenRestart, test } from '../support/parley.ts';

// Issue 11 item 10: pasting Parley's address (with its token) into a tab that is already open
// changes only the fragment, so the browser does not load the page again. The page must use the
// new token without a manual reload, whatever it was showing.

test('a tab opened without the token starts working when the address is pasted into it', async ({
  page,
  host,
}) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('alert')).toContainText('Open Parley with the address');
  await page.goto(host.url);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => sessionStorage.getItem('parley.token')).catch(() => null))
    .toBe(host.token);
  expect(new URL(page.url()).hash).not.toContain('token=');
});

test('after a restart, the new address pasted before the tab noticed is used at once', async ({ page }) => {
  test.setTimeout(90_000);
  const dir = await mkdtemp(join(tmpdir(), 'parley-paste-'));
  try {
    const second = await openThenRestart(page, dir);
    try {
      await page.goto(second.url);
      await expect
        // The page loads again with the new token (an evaluate during that load finds no page).
        .poll(() => page.evaluate(() => sessionStorage.getItem('parley.token')).catch(() => null))
        .toBe(second.token);
      await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
      // Well past the reconnect's back-off: the page never thinks its token is stale.
      await page.waitForTimeout(6000);
      await expect(page.getByRole('alert').filter({ hasText: 'Parley was restarted' })).toHaveCount(0);
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
