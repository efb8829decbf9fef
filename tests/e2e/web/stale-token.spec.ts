import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, openThenRestart } from '../support/parley.ts';

// Issue 11 bug 3: after `npm run web` restarts, a tab that was open holds a token the new start
// does not take. It must say so in plain words, and what to do, instead of showing empty lists.

const STALE = 'x'.repeat(32);

test('a tab whose token is from an earlier start says Parley restarted and what to do (English)', async ({
  page,
  host,
}) => {
  await page.goto(`${host.origin}/#token=${STALE}`);
  const notice = page.getByRole('alert').filter({ hasText: 'Parley was restarted' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("This tab's access token is no longer valid");
  await expect(notice).toContainText('Open the new address that `npm run web` printed in its terminal');
  await expect(page.getByText('Cannot reach Parley')).toHaveCount(0);
});

test('the quick page says the same', async ({ page, host }) => {
  await page.goto(`${host.origin}/quick.html#token=${STALE}`);
  await expect(page.getByRole('alert').filter({ hasText: 'Parley was restarted' })).toBeVisible();
});

test('… and in Chinese', async ({ browser, host }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${host.origin}/#token=${STALE}`);
  const notice = page.getByRole('alert').filter({ hasText: 'Parley 已重新启动' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('此标签页的访问令牌已失效');
  await expect(notice).toContainText('请打开 `npm run web` 在终端中新打印的地址');
  await context.close();
});

test('a real restart: the open tab notices by itself, and pasting the new address brings it back', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const dir = await mkdtemp(join(tmpdir(), 'parley-restart-'));
  try {
    const second = await openThenRestart(page, dir);
    try {
      // No click, no reload: the page reconnects in the background and learns its token is stale.
      await expect(page.getByRole('alert').filter({ hasText: 'Parley was restarted' })).toBeVisible({
        timeout: 20_000,
      });
      // The new address pasted into this tab changes only the fragment; the page picks it up.
      await page.goto(second.url);
      await expect(page.getByRole('alert').filter({ hasText: 'Parley was restarted' })).toHaveCount(0);
      await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
      expect(await page.evaluate(() => sessionStorage.getItem('parley.token'))).toBe(second.token);
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
