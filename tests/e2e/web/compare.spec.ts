import type { Page } from '@playwright/test';
import { expect, send, test } from '../support/parley.ts';

/**
 * Comparing models in the chat window: three models of two providers on the mock server answer one
 * question side by side (one slower, one stopped), one is chosen to go on with, and after a reload
 * the question's three answers are there as branches, the chosen one shown.
 */
const OTHER = `compare-other-${process.env.TEST_WORKER_INDEX ?? '0'}`;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(async ({ host, mock }) => {
  await host.call('providers.save', {
    id: OTHER,
    name: 'Other',
    kind: 'openai-compatible',
    baseUrl: `${mock.url}/v1`,
    models: ['other-model'],
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    maxRetries: 0,
  });
  await host.call('keys.set', { providerId: OTHER, key: 'sk-compare-other-9999' });
});
test.afterAll(async ({ host }) => {
  await host.call('providers.remove', { providerId: OTHER });
});

const comparison = (app: Page) => app.getByRole('region', { name: '3 models compared' });
const column = (app: Page, model: string) => comparison(app).getByRole('article', { name: model });

test('three models compared (one slower), one stopped, one chosen; after a reload the branches are there', async ({
  app,
  mock,
}) => {
  mock.enqueue(
    { forModel: 'gpt-4o-mini', text: 'Mini says: **fast** and short.' },
    { forModel: 'gpt-4o', text: 'Large says: slower, but thorough.', chunkSize: 2, chunkDelayMs: 600 },
    {
      forModel: 'other-model',
      text: 'Other says: this is cut short by Stop.',
      chunkSize: 4,
      stallAfterChunks: 2,
    },
  );
  await app.getByRole('button', { name: 'New chat' }).click();
  await expect(app.getByRole('textbox', { name: 'Message' })).toBeFocused();
  const picker = app.getByRole('button', { name: 'Compare' });
  await picker.click();
  const models = app.getByRole('group', { name: 'Models to compare' });
  // Keyboard: the panel opens with its first checkbox focused; Space ticks one, Escape closes.
  await expect(models.getByRole('checkbox').first()).toBeFocused();
  await models.getByRole('checkbox', { name: 'gpt-4o-mini · Mock' }).focus();
  await app.keyboard.press('Space');
  await expect(models.getByRole('checkbox', { name: 'gpt-4o-mini · Mock' })).toBeChecked();
  await models.getByRole('checkbox', { name: 'gpt-4o · Mock' }).check();
  await models.getByRole('checkbox', { name: 'other-model · Other' }).check();
  await app.keyboard.press('Escape');
  await expect(models).toBeHidden();
  await expect(app.getByRole('button', { name: 'Comparing 3' })).toBeFocused();

  await send(app, 'Which model is best?');
  await expect(comparison(app)).toBeVisible();
  const mini = column(app, 'gpt-4o-mini · Mock');
  const large = column(app, 'gpt-4o · Mock');
  const other = column(app, 'other-model · Other');

  // The fast one is done while the slower one still writes.
  await expect(mini).toHaveAttribute('data-state', 'complete');
  await expect(large).toHaveAttribute('data-state', /pending|streaming/);
  await expect(large.locator('.compare-actions').getByRole('button', { name: 'Stop' })).toBeVisible();
  // The third one stalls: stop it alone; the others go on.
  await expect(other.locator('.compare-answer')).toContainText('Other');
  await other.locator('.compare-actions').getByRole('button', { name: 'Stop' }).click();
  await expect(other).toHaveAttribute('data-state', 'interrupted');
  await expect(other).toContainText('Stopped. What arrived is kept.');
  // Markdown rendered, the figures shown.
  await expect(mini.locator('strong')).toHaveText('fast');
  await expect(mini.getByText('First token')).toBeVisible();
  await expect(large).toHaveAttribute('data-state', 'complete', { timeout: 30_000 });
  for (const done of [mini, large]) {
    const figures = done.locator('dl');
    await expect(figures).toContainText(/First token\s*\d+\.\d\d s/);
    await expect(figures).toContainText(/Total\s*\d+\.\d\d s/);
    await expect(figures).toContainText(/Speed\s*[\d.]+ tok\/s/);
    await expect(figures).toContainText(/Tokens in \/ out\s*\d+ \/ \d+/);
  }
  await expect(app.getByRole('button', { name: 'Send', exact: true })).toBeVisible();

  // Go on with the slower one: one thread again, its answer shown as branch 2 of 3.
  await large.getByRole('button', { name: 'Continue with this answer' }).click();
  await expect(comparison(app)).toHaveCount(0);
  const answer = app.getByRole('article', { name: /^Assistant/ }).last();
  await expect(answer).toContainText('Large says: slower, but thorough.');
  await expect(answer.getByText('2 / 3')).toBeVisible();

  await app.reload();
  await expect(app.getByRole('textbox', { name: 'Message' })).toBeVisible();
  const shown = app.getByRole('article', { name: /^Assistant/ }).last();
  await expect(shown).toContainText('Large says: slower, but thorough.');
  await expect(comparison(app)).toHaveCount(0);
  await shown.getByRole('button', { name: 'Previous version' }).click();
  await expect(shown).toContainText('Mini says: fast and short.');
  await expect(shown.getByText('1 / 3')).toBeVisible();
  await shown.getByRole('button', { name: 'Next version' }).click();
  await shown.getByRole('button', { name: 'Next version' }).click();
  await expect(shown.getByText('3 / 3')).toBeVisible();
  await expect(shown).toContainText('Other sa');
  await expect(shown).toHaveAttribute('data-state', 'interrupted');
});

test('a comparison not yet settled reopens side by side after a reload', async ({ app, mock }) => {
  mock.enqueue(
    { forModel: 'gpt-4o-mini', text: 'First of two.' },
    { forModel: 'other-model', text: 'Second of two.' },
  );
  await app.getByRole('button', { name: 'New chat' }).click();
  await app.getByRole('button', { name: 'Compare' }).click();
  const models = app.getByRole('group', { name: 'Models to compare' });
  await models.getByRole('checkbox', { name: 'gpt-4o-mini · Mock' }).check();
  await models.getByRole('checkbox', { name: 'other-model · Other' }).check();
  await models.getByRole('button', { name: 'Done' }).click();
  await send(app, 'Two at once');
  const two = app.getByRole('region', { name: '2 models compared' });
  await expect(two.getByRole('article')).toHaveCount(2);
  await expect(two.getByRole('article', { name: 'other-model · Other' })).toHaveAttribute(
    'data-state',
    'complete',
  );
  await expect(two.getByRole('article', { name: 'gpt-4o-mini · Mock' })).toHaveAttribute(
    'data-state',
    'complete',
  );
  // The choice is not kept for the next message: it goes to one model.
  await expect(app.getByRole('button', { name: 'Compare' })).toBeVisible();

  await app.reload();
  await expect(two.getByRole('article')).toHaveCount(2);
  await expect(two).toContainText('First of two.');
  await expect(two).toContainText('Second of two.');
});
