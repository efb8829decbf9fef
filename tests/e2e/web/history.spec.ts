import { test, expect, send, lastAnswer, waitForAnswer } from '../support/parley.ts';
import type { WebHost } from '../support/parley.ts';

async function conversationId(host: WebHost, title: string): Promise<string> {
  const page = await host.call('history.list', {});
  return page.items.find((c) => c.title.startsWith(title))!.id;
}

test.describe('history', () => {
  test('search finds a word in any message (English and Chinese) and jumps to it', async ({ app }) => {
    await send(app, 'The quokka zephyrology notes are here');
    await waitForAnswer(app);
    await app.getByRole('button', { name: 'New chat' }).click();
    await send(app, '请介绍一下长城的历史');
    await waitForAnswer(app);
    // A second conversation: the hit is in another one.
    await app.getByRole('button', { name: 'New chat' }).click();

    const search = app.getByRole('searchbox', { name: 'Search conversations' });
    await search.fill('zephyrology');
    const results = app.getByRole('list', { name: 'Search results' });
    await expect(results.getByRole('button').first()).toContainText('zephyrology');
    await expect(results.locator('mark').first()).toBeVisible();
    await results.getByRole('button').first().click();
    const hit = app.locator('article.highlighted');
    await expect(hit).toBeVisible();
    await expect(hit).toContainText('zephyrology');

    await search.fill('长城');
    await expect(results.getByRole('button').first()).toContainText('长城');
    await results.getByRole('button').first().click();
    await expect(app.locator('article.highlighted')).toContainText('长城');
  });

  test('rename from the context menu, delete with undo, and all still there after a reload', async ({
    app,
  }) => {
    await send(app, 'Conversation to rename and delete');
    await waitForAnswer(app);
    const list = app.getByRole('list', { name: 'Conversations' });
    const row = list.getByRole('listitem').filter({ hasText: 'Conversation to rename and delete' });
    await row.click({ button: 'right' });
    await app.getByRole('menuitem', { name: 'Rename' }).click();
    const input = app.getByRole('textbox', { name: 'New name' });
    await input.fill('Renamed by the test');
    await input.press('Enter');
    const renamed = list.getByRole('listitem').filter({ hasText: 'Renamed by the test' });
    await expect(renamed).toBeVisible();

    // Keyboard: the focused conversation's Delete key deletes it; Undo brings it back.
    await renamed.getByRole('button', { name: 'Renamed by the test', exact: true }).focus();
    await app.keyboard.press('Delete');
    await expect(renamed).toHaveCount(0);
    await app.getByRole('button', { name: 'Undo' }).click();
    await expect(renamed).toBeVisible();

    await app.reload();
    await expect(list.getByRole('listitem').filter({ hasText: 'Renamed by the test' })).toBeVisible();
    await list.getByRole('button', { name: 'Renamed by the test', exact: true }).click();
    await expect(app.getByRole('article', { name: 'User' })).toContainText(
      'Conversation to rename and delete',
    );
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'complete');
    await expect(lastAnswer(app).locator('table')).toBeVisible();

    // And deleted for good (no undo) stays deleted after a reload.
    await list.getByRole('listitem').filter({ hasText: 'Renamed by the test' }).click({ button: 'right' });
    await app.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(list.getByRole('listitem').filter({ hasText: 'Renamed by the test' })).toHaveCount(0);
    await app.reload();
    await expect(app.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await expect(list.getByRole('listitem').filter({ hasText: 'Renamed by the test' })).toHaveCount(0);
  });

  test('pin moves a conversation to the top', async ({ app }) => {
    await send(app, 'Pin this conversation');
    await waitForAnswer(app);
    await app.getByRole('button', { name: 'New chat' }).click();
    await send(app, 'A newer conversation');
    await waitForAnswer(app);
    const list = app.getByRole('list', { name: 'Conversations' });
    await list.getByRole('listitem').filter({ hasText: 'Pin this conversation' }).click({ button: 'right' });
    await app.getByRole('menuitem', { name: 'Pin' }).click();
    await expect(list.getByRole('listitem').first()).toContainText('Pin this conversation');
    await expect(list).toContainText('Pinned');
    await list.getByRole('listitem').first().click({ button: 'right' });
    await app.getByRole('menuitem', { name: 'Unpin' }).click();
    await expect(list.getByRole('listitem').first()).toContainText('A newer conversation');
  });

  test('the address opens a conversation (#c=<id>) or a new chat (#new), over the one open before', async ({
    app,
    host,
  }) => {
    await send(app, 'Opened by its address');
    await waitForAnswer(app);
    await app.keyboard.press('Control+n');
    await send(app, 'Open before the reload');
    await waitForAnswer(app);
    const first = await conversationId(host, 'Opened by its address');
    const second = await conversationId(host, 'Open before the reload');
    const user = app.getByRole('article', { name: 'User' });

    // A page load with an address: the address wins over the conversation open before, and is cleared.
    await app.goto(`${host.origin}/index.html#c=${first}`);
    await expect(user).toContainText('Opened by its address');
    await expect(app).toHaveURL(`${host.origin}/index.html`);
    await app.reload();
    await expect(user).toContainText('Opened by its address');

    // The address changing while the page is open.
    await app.evaluate("location.hash = 'new'");
    await expect(user).toHaveCount(0);
    await expect(app.getByRole('textbox', { name: 'Message' })).toBeFocused();
    await expect(app).toHaveURL(`${host.origin}/index.html`);
    await app.evaluate(`location.hash = 'c=${second}'`);
    await expect(user).toContainText('Open before the reload');
    await expect(app).toHaveURL(`${host.origin}/index.html`);

    // The printed address with a conversation after the token.
    await app.goto(`${host.origin}/index.html#token=${host.token}&c=${first}`);
    await expect(user).toContainText('Opened by its address');
    await expect(app).toHaveURL(`${host.origin}/index.html`);
  });
});
