import type { Page } from '@playwright/test';
import type { MockServer, RecordedRequest } from '../../mock-server/server.ts';
import type { WebHost } from '../support/parley.ts';
import { PROVIDER_ID, expect, lastAnswer, send, test, waitForAnswer } from '../support/parley.ts';

/**
 * The model belongs to the conversation, and conversations get a generated title. A second
 * provider ("Other") on the same mock server has its own key, so each request tells which provider
 * and model it was sent to.
 */
const OTHER = `other-${process.env.TEST_WORKER_INDEX ?? '0'}`;
const OTHER_KEY = 'sk-other-e2e-5678';
const SEP = '\u0001';
const otherModels = ['gpt-4o-mini', 'o3-mini'];

const asked = (request: RecordedRequest | undefined) => ({
  provider: request?.headers.authorization === `Bearer ${OTHER_KEY}` ? 'Other' : 'Mock',
  model: (request?.body as { model?: string } | undefined)?.model,
});
const picker = (app: Page) => app.getByRole('combobox', { name: 'Model' });
const header = (app: Page) => app.getByTestId('conversation-model');
const sidebarItem = (app: Page, title: string) =>
  app.getByRole('list', { name: 'Conversations' }).getByText(title, { exact: true });

// Each test streams several answers; a loaded machine needs more than the default 30 s.
test.describe.configure({ timeout: 120_000 });

/** The second provider, on the same mock server, with these models. */
const saveOther = (host: WebHost, mock: MockServer, models = otherModels) =>
  host.call('providers.save', {
    id: OTHER,
    name: 'Other',
    kind: 'openai-compatible',
    baseUrl: `${mock.url}/v1`,
    models,
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    maxRetries: 0,
  });

test.beforeAll(async ({ host, mock }) => {
  await saveOther(host, mock);
  await host.call('keys.set', { providerId: OTHER, key: OTHER_KEY });
});
test.afterAll(async ({ host }) => {
  await host.call('providers.remove', { providerId: OTHER });
});

test.describe('the model belongs to the conversation', () => {
  test('two conversations on two models: switching switches the picker and the header', async ({ app }) => {
    await app.getByRole('button', { name: 'New chat' }).click();
    await picker(app).selectOption(`${PROVIDER_ID}${SEP}gpt-4o-mini`);
    await send(app, 'Talk to Mock please');
    await waitForAnswer(app);
    await expect(header(app)).toHaveText('gpt-4o-mini · Mock');

    await app.getByRole('button', { name: 'New chat' }).click();
    // Both providers have a gpt-4o-mini: the header names the provider too.
    await picker(app).selectOption(`${OTHER}${SEP}gpt-4o-mini`);
    await send(app, 'Talk to Other please');
    await waitForAnswer(app);
    await expect(header(app)).toHaveText('gpt-4o-mini · Other');

    await sidebarItem(app, 'Talk to Mock please').click();
    await expect(header(app)).toHaveText('gpt-4o-mini · Mock');
    await expect(picker(app)).toHaveValue(`${PROVIDER_ID}${SEP}gpt-4o-mini`);
    await sidebarItem(app, 'Talk to Other please').click();
    await expect(header(app)).toHaveText('gpt-4o-mini · Other');
    await expect(picker(app)).toHaveValue(`${OTHER}${SEP}gpt-4o-mini`);
  });

  test('Retry and Regenerate use the conversation’s model; “with another model…” picks one', async ({
    app,
    mock,
  }) => {
    await app.getByRole('button', { name: 'New chat' }).click();
    await picker(app).selectOption(`${OTHER}${SEP}o3-mini`);
    mock.enqueue({ status: 400, errorMessage: 'Scripted failure' });
    await send(app, 'Fail first, then retry');
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'error');
    // The picker now says another model; Retry still asks the conversation's.
    await picker(app).selectOption(`${PROVIDER_ID}${SEP}gpt-4o`);
    await lastAnswer(app).getByRole('button', { name: 'Retry' }).click();
    await waitForAnswer(app);
    expect(asked(mock.requests.at(-1))).toEqual({ provider: 'Other', model: 'o3-mini' });
    await lastAnswer(app).getByRole('button', { name: 'Regenerate' }).click();
    await waitForAnswer(app);
    expect(asked(mock.requests.at(-1))).toEqual({ provider: 'Other', model: 'o3-mini' });
    await expect(lastAnswer(app)).toContainText('3 / 3');

    mock.enqueue({ text: 'An answer from **Mock** this time.' });
    await lastAnswer(app).getByRole('button', { name: 'With another model…' }).click();
    await app
      .getByRole('menu', { name: 'Model for the new answer' })
      .getByRole('menuitem', {
        name: 'gpt-4o-mini · Mock',
      })
      .click();
    await expect(lastAnswer(app)).toContainText('An answer from Mock this time.');
    await waitForAnswer(app);
    expect(asked(mock.requests.at(-1))).toEqual({ provider: 'Mock', model: 'gpt-4o-mini' });
    await expect(lastAnswer(app)).toContainText('4 / 4');
    await expect(header(app)).toHaveText('gpt-4o-mini · Mock');
    await expect(picker(app)).toHaveValue(`${PROVIDER_ID}${SEP}gpt-4o-mini`);
  });

  test('a conversation whose model is gone says so, and another model can be picked', async ({
    app,
    host,
    mock,
  }) => {
    await app.getByRole('button', { name: 'New chat' }).click();
    await picker(app).selectOption(`${OTHER}${SEP}o3-mini`);
    await send(app, 'Soon my model is gone');
    await waitForAnswer(app);
    await saveOther(host, mock, ['gpt-4o-mini']);
    try {
      await expect(app.getByRole('status').filter({ hasText: 'no longer set up' })).toHaveText(
        'This conversation used o3-mini · Other, which is no longer set up. Choose another model to go on.',
      );
      await expect(picker(app)).toHaveValue('');
      await picker(app).selectOption(`${OTHER}${SEP}gpt-4o-mini`);
      await expect(app.getByText('no longer set up')).toHaveCount(0);
      await send(app, 'Go on with another');
      await waitForAnswer(app);
      expect(asked(mock.requests.at(-1))).toEqual({ provider: 'Other', model: 'gpt-4o-mini' });
      await expect(header(app)).toHaveText('gpt-4o-mini · Other');
    } finally {
      await saveOther(host, mock);
    }
  });
});

test.describe('generated titles', () => {
  test('a title appears after the first answer', async ({ app, mock }) => {
    mock.enqueueTitle({ text: '"Weather in Paris"' });
    await app.getByRole('button', { name: 'New chat' }).click();
    await send(app, 'what is the weather usually like in paris in spring, roughly?');
    await waitForAnswer(app);
    await expect(app.getByRole('heading', { name: 'Weather in Paris' })).toBeVisible();
    await expect(sidebarItem(app, 'Weather in Paris')).toBeVisible();
    expect(mock.titleRequests).toHaveLength(1);
  });

  test('turned off in Settings → General: no title request', async ({ app, host, mock }) => {
    try {
      await app.getByRole('button', { name: 'Settings', exact: true }).click();
      const dialog = app.getByRole('dialog', { name: 'Settings' });
      await dialog.getByRole('checkbox', { name: 'Name new conversations after their first answer' }).click();
      await expect.poll(async () => (await host.call('settings.get')).autoTitle).toBe(false);
      await app.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await app.getByRole('button', { name: 'New chat' }).click();
      await send(app, 'No title for this one please');
      await waitForAnswer(app);
      // A title request would come right after the answer is saved: give it time to show up.
      await app.waitForTimeout(1500);
      expect(mock.titleRequests).toHaveLength(0);
      await expect(app.getByRole('heading', { name: 'No title for this one please' })).toBeVisible();
    } finally {
      await host.call('settings.update', { autoTitle: true });
    }
  });
});
