import { test, expect, send, lastAnswer, waitForAnswer } from '../support/parley.ts';

test.describe('chat', () => {
  test('a new chat sends, streams Markdown and saves the conversation', async ({ app, mock }) => {
    mock.enqueue({ chunkDelayMs: 40, chunkSize: 6 });
    await app.getByRole('button', { name: 'New chat' }).click();
    await send(app, 'Hello streaming world alpha');
    await expect(app.getByRole('article', { name: 'User' }).last()).toContainText(
      'Hello streaming world alpha',
    );
    // While it streams: Stop instead of Send, and the answer grows.
    await expect(app.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'streaming');
    await waitForAnswer(app);
    const answer = lastAnswer(app);
    await expect(answer).toHaveAttribute('data-state', 'complete');
    await expect(answer.locator('table')).toBeVisible();
    await expect(answer.locator('pre code .hljs-keyword').first()).toBeVisible();
    await expect(answer.getByRole('button', { name: 'Copy code' })).toBeVisible();
    await expect(answer).toContainText('gpt-4o-mini');
    await expect(app.getByRole('list', { name: 'Conversations' })).toContainText(
      'Hello streaming world alpha',
    );
  });

  test('the message box stays as a new chat becomes its conversation, and each conversation keeps its draft', async ({
    app,
    mock,
  }) => {
    mock.enqueue({ text: 'Noted.' });
    await app.getByRole('button', { name: 'New chat' }).click();
    const box = app.getByRole('textbox', { name: 'Message' });
    await box.evaluate((el) => el.setAttribute('data-before-send', ''));
    await send(app, 'Draft keeper one');
    await waitForAnswer(app);
    // The same text box, still focused: the first message did not make the composer again.
    expect(
      await box.evaluate((el) => el.hasAttribute('data-before-send') && document.activeElement === el),
    ).toBe(true);
    await expect(box).toHaveValue('');

    await box.fill('unsent in the first');
    await app.getByRole('button', { name: 'New chat' }).click();
    await expect(box).toHaveValue('');
    await box.fill('unsent in a new chat');
    await app.getByRole('list', { name: 'Conversations' }).getByText('Draft keeper one').click();
    await expect(box).toHaveValue('unsent in the first');
    await app.getByRole('button', { name: 'New chat' }).click();
    await expect(box).toHaveValue('unsent in a new chat');
    await box.fill('');
  });

  test('a long code block is highlighted line by line while it streams, and as a whole once done', async ({
    app,
    mock,
  }) => {
    const lines = Array.from({ length: 60 }, (_, i) => `const value${i} = ${i} * 2;`);
    mock.enqueue({
      text: `Code:\n\n\`\`\`ts\n${lines.join('\n')}\n\`\`\`\n\nDone.`,
      chunkDelayMs: 80, // about 8 s in all: long enough to be seen mid-stream on a loaded 2-core machine
      chunkSize: 16,
    });
    await send(app, 'Stream a long code block');
    const answer = lastAnswer(app);
    // Finished lines are highlighted as they arrive: seen in one look at the page, while it still streams.
    const seen = () =>
      answer.evaluate((article) =>
        article.getAttribute('data-state') !== 'streaming'
          ? `ended as ${article.getAttribute('data-state')}`
          : article.querySelectorAll('pre code .hljs-keyword').length >= 14
            ? 'highlighted while streaming'
            : 'streaming',
      );
    await expect.poll(seen, { intervals: [100] }).toBe('highlighted while streaming');
    await waitForAnswer(app);
    await expect(answer.locator('pre code .hljs-keyword')).toHaveCount(60);
    await expect(answer.locator('pre code')).toHaveText(lines.join('\n'));
  });

  test('Stop keeps the partial answer, and Esc stops too', async ({ app, mock }) => {
    mock.enqueue({ chunkDelayMs: 80, chunkSize: 4 }, { chunkDelayMs: 80, chunkSize: 4 });
    await send(app, 'Please stop me early');
    const answer = lastAnswer(app);
    // Some text has arrived (the first pieces may be Markdown alone, such as `###`).
    await expect(answer.locator('.markdown')).toHaveText(/\w/);
    await app.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(answer).toHaveAttribute('data-state', 'interrupted');
    await expect(answer).toContainText('Stopped. What arrived is kept.');
    const partial = (await answer.locator('.markdown').innerText()).length;
    expect(partial).toBeGreaterThan(0);
    await expect(answer.getByRole('button', { name: 'Continue' })).toBeVisible();

    await send(app, 'Escape stops this one');
    await expect(lastAnswer(app).locator('.markdown')).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'interrupted');
  });

  test('regenerate makes a new branch, and the arrows switch between branches', async ({ app, mock }) => {
    await send(app, 'Branch me please');
    await waitForAnswer(app);
    mock.enqueue({ text: 'A **second** answer, different from the first.' });
    await lastAnswer(app).getByRole('button', { name: 'Regenerate' }).click();
    await expect(lastAnswer(app)).toContainText('A second answer');
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toContainText('2 / 2');
    await lastAnswer(app).getByRole('button', { name: 'Previous version' }).click();
    await expect(lastAnswer(app)).toContainText('1 / 2');
    await expect(lastAnswer(app)).toContainText('Branch me please');
    await lastAnswer(app).getByRole('button', { name: 'Next version' }).click();
    await expect(lastAnswer(app)).toContainText('A second answer');
  });

  test('editing a user message starts a new branch', async ({ app }) => {
    await send(app, 'Original question here');
    await waitForAnswer(app);
    const user = app.getByRole('article', { name: 'User' }).last();
    await user.hover();
    await user.getByRole('button', { name: 'Edit' }).click();
    const box = user.getByRole('textbox', { name: 'Edit' });
    await box.fill('Edited question here');
    await box.press('Enter');
    await expect(app.getByRole('article', { name: 'User' }).last()).toContainText('Edited question here');
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toContainText('Edited question here');
    const edited = app.getByRole('article', { name: 'User' }).last();
    await expect(edited).toContainText('2 / 2');
    await edited.hover();
    await edited.getByRole('button', { name: 'Previous version' }).click();
    await expect(app.getByRole('article', { name: 'User' }).last()).toContainText('Original question here');
    await expect(lastAnswer(app)).toContainText('Original question here');
  });

  test('a server error is shown in plain words, and Retry then succeeds', async ({ app, mock }) => {
    mock.enqueue({ status: 500, errorMessage: 'The server had an error' });
    await send(app, 'This will fail once');
    const failed = lastAnswer(app);
    await expect(failed).toHaveAttribute('data-state', 'error');
    await expect(failed.getByRole('alert')).toContainText('The answer failed');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'complete');
    await expect(lastAnswer(app)).toContainText('This will fail once');
  });

  test('an interrupted answer keeps its text and Continue completes it', async ({ app, mock }) => {
    mock.enqueue({ dropAfterChunks: 4, chunkSize: 8 });
    await send(app, 'Drop the connection midway');
    const answer = lastAnswer(app);
    await expect(answer).toHaveAttribute('data-state', 'interrupted');
    await expect(answer).toContainText('The answer was interrupted');
    const before = await answer.locator('.markdown').innerText();
    expect(before.length).toBeGreaterThan(0);
    await answer.getByRole('button', { name: 'Continue' }).click();
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'complete');
    const after = await lastAnswer(app).locator('.markdown').innerText();
    expect(after.length).toBeGreaterThan(before.length);
  });

  test('keyboard: Ctrl+N new chat, Ctrl+K search, Ctrl+, settings', async ({ app }) => {
    await send(app, 'Keyboard shortcuts check');
    await waitForAnswer(app);
    await app.keyboard.press('Control+n');
    await expect(app.getByRole('article')).toHaveCount(0);
    await expect(app.getByRole('textbox', { name: 'Message' })).toBeFocused();
    await app.keyboard.press('Control+k');
    await expect(app.getByRole('searchbox', { name: 'Search conversations' })).toBeFocused();
    await app.keyboard.press('Control+,');
    await expect(app.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(app.getByRole('dialog')).toHaveCount(0);
  });

  test('deleting a message asks first, takes everything under it, and is refused while it streams', async ({
    app,
    mock,
  }) => {
    await send(app, 'Keep this first question');
    await waitForAnswer(app);
    await send(app, 'Delete from here zorbulation');
    await waitForAnswer(app);
    mock.enqueue({ text: 'Another version of the answer.' });
    await lastAnswer(app).getByRole('button', { name: 'Regenerate' }).click();
    await expect(lastAnswer(app)).toContainText('Another version');
    await waitForAnswer(app);
    const users = app.getByRole('article', { name: 'User' });
    const confirm = app.getByRole('alertdialog', { name: 'Delete message' });

    // One answer: it asks first; Cancel (or Esc) keeps it.
    await lastAnswer(app).getByRole('button', { name: 'Delete message' }).click();
    await expect(confirm).toHaveAccessibleDescription('Delete this message? This cannot be undone.');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    await lastAnswer(app).getByRole('button', { name: 'Delete message' }).click();
    await app.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(lastAnswer(app)).toContainText('Another version');
    await lastAnswer(app).getByRole('button', { name: 'Delete message' }).click();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    // The other version is shown, now the only one.
    await expect(lastAnswer(app)).not.toContainText('Another version');
    await expect(lastAnswer(app)).toContainText('zorbulation');
    await expect(lastAnswer(app).getByRole('button', { name: 'Previous version' })).toHaveCount(0);

    // A question: everything under it goes too.
    await users.last().hover();
    await users.last().getByRole('button', { name: 'Delete message' }).click();
    await expect(confirm).toContainText('everything under it (1 more');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(users).toHaveCount(1);
    await expect(users).toContainText('Keep this first question');
    await expect(app.getByRole('article', { name: /^Assistant/ })).toHaveCount(1);
    await app.reload();
    await expect(users).toHaveCount(1);
    await expect(lastAnswer(app)).toContainText('Keep this first question');
    const search = app.getByRole('searchbox', { name: 'Search conversations' });
    await search.fill('zorbulation');
    await expect(app.getByText('No conversations or messages match “zorbulation”.')).toBeVisible();
    await search.fill('');

    // While an answer streams, its question cannot be deleted: said in plain words.
    mock.enqueue({ chunkDelayMs: 100, chunkSize: 4 });
    await send(app, 'Still streaming below');
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'streaming');
    await expect(lastAnswer(app).getByRole('button', { name: 'Delete message' })).toHaveCount(0);
    await users.last().hover();
    await users.last().getByRole('button', { name: 'Delete message' }).click();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(app.getByRole('alert')).toContainText(
      'Could not delete the message: An answer under this message is still being written. Stop it first, then delete the message.',
    );
    await app.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(users).toHaveCount(2);
  });
});
