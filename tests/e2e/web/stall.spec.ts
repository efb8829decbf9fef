import { test, expect, send, lastAnswer, waitForAnswer, PROVIDER_ID } from '../support/parley.ts';

/**
 * A stream that goes quiet (the mock server stops sending mid-answer, keeping the socket open): the
 * answer says for how long nothing came, offers Stop and Retry, and the provider's idle timeout
 * (Settings → Providers) is where the client gives up.
 */
test.describe('a stalled answer', () => {
  // Each waits out at least five quiet seconds on a shared, loaded machine.
  test.describe.configure({ timeout: 90_000 });
  test('counts the seconds without data and goes away when data resumes', async ({ app, mock }) => {
    mock.enqueue({
      text: 'First words. Then the rest arrives after a pause.',
      chunkSize: 6,
      stallAfterChunks: 2,
      stallMs: 12_000,
    });
    await send(app, 'Stall for a while');
    const answer = lastAnswer(app);
    await expect(answer).toContainText('First words');
    const notice = answer.getByRole('status').filter({ hasText: /^No data for \d+ s/ });
    // Nothing before five quiet seconds; then it counts, second by second.
    await expect(answer.getByText(/No data for [0-4] s/)).toHaveCount(0);
    await expect(notice).toContainText('No data for 6 s', { timeout: 10_000 });
    await expect(notice).toContainText('No data for 7 s', { timeout: 3_000 });
    await expect(notice.getByRole('button', { name: 'Stop' })).toBeVisible();
    await expect(notice.getByRole('button', { name: 'Retry' })).toBeVisible();
    // Data resumes: the notice goes, the answer completes.
    await waitForAnswer(app);
    await expect(answer).toHaveAttribute('data-state', 'complete');
    await expect(answer).toContainText('after a pause.');
    await expect(answer.getByText(/No data for/)).toHaveCount(0);
  });

  test('Stop ends the stalled answer and keeps what came', async ({ app, mock }) => {
    mock.enqueue({ text: 'Kept part. Never sent part.', chunkSize: 5, stallAfterChunks: 2 });
    await send(app, 'Stall until I stop');
    const answer = lastAnswer(app);
    const notice = answer.getByRole('status').filter({ hasText: /^No data for/ });
    await expect(notice).toBeVisible({ timeout: 8_000 });
    await notice.getByRole('button', { name: 'Stop' }).click();
    await expect(answer).toHaveAttribute('data-state', 'interrupted');
    await expect(answer).toContainText('Kept part.');
    await expect(answer).toContainText('Stopped. What arrived is kept.');
    await expect(answer.getByText(/No data for/)).toHaveCount(0);
  });

  test('Retry stops the stalled answer and asks again', async ({ app, mock }) => {
    mock.enqueue(
      { text: 'This one stalls forever.', chunkSize: 5, stallAfterChunks: 1 },
      { text: 'The second try answers in full.' },
    );
    await send(app, 'Stall, then retry');
    const answer = lastAnswer(app);
    const notice = answer.getByRole('status').filter({ hasText: /^No data for/ });
    await expect(notice).toBeVisible({ timeout: 8_000 });
    await notice.getByRole('button', { name: 'Retry' }).click();
    await expect(lastAnswer(app)).toContainText('The second try answers in full.');
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'complete');
    // The stalled answer stays as the other branch.
    await expect(lastAnswer(app)).toContainText('2 / 2');
    expect(mock.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(2);
  });

  test("the provider's idle timeout is set in Settings, saved, and ends a silent answer", async ({
    app,
    mock,
    host,
  }) => {
    try {
      await app.getByRole('button', { name: 'Settings', exact: true }).click();
      const dialog = app.getByRole('dialog', { name: 'Settings' });
      await dialog.getByRole('tab', { name: 'Providers' }).click();
      await dialog.getByRole('button', { name: /^Mock/ }).click();
      const idle = dialog.getByLabel('Idle timeout (s)');
      await expect(idle).toHaveAttribute('placeholder', '300');
      // Out of range: refused at the field, nothing saved.
      await idle.fill('2');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog.getByText('Enter a whole number of seconds from 5 to 600.')).toBeVisible();
      await expect(dialog.getByText('Saved.', { exact: true })).toHaveCount(0);
      await idle.fill('5');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog.getByText('Saved.', { exact: true })).toBeVisible();
      const saved = (await host.call('settings.get')).providers.find((p) => p.id === PROVIDER_ID);
      expect(saved?.timeouts?.idleMs).toBe(5_000);
      await app.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);

      mock.enqueue({ text: 'Before the silence. After it.', chunkSize: 10, stallAfterChunks: 2 });
      const started = Date.now();
      await send(app, 'Go silent after a few words');
      const answer = lastAnswer(app);
      await expect(answer).toHaveAttribute('data-state', 'interrupted', { timeout: 60_000 });
      // Five seconds, not the default five minutes (the margin is for a loaded machine).
      expect(Date.now() - started).toBeLessThan(60_000);
      await expect(answer).toContainText('Before the silence.');
      await expect(answer).toContainText('went silent for 5 s');
    } finally {
      const current = (await host.call('settings.get')).providers.find((p) => p.id === PROVIDER_ID)!;
      const { key: _key, saved: _saved, ...config } = current;
      await host.call('providers.save', { ...config, timeouts: undefined });
    }
  });
});
