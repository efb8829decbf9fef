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

  test('Stop keeps the partial answer, and Esc stops too', async ({ app, mock }) => {
    mock.enqueue({ chunkDelayMs: 80, chunkSize: 4 }, { chunkDelayMs: 80, chunkSize: 4 });
    await send(app, 'Please stop me early');
    const answer = lastAnswer(app);
    await expect(answer.locator('.markdown')).toBeVisible();
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
});
