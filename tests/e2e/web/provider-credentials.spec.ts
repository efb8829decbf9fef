import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../support/parley.ts';

/** Settings → Providers: fetching models, key hints, keys bound to their origin, OAuth and proxy secrets. */

/** Opens Settings → Providers → Add provider and fills the fields given (in the form's order). */
async function addProvider(
  app: Page,
  fields: { name: string; baseUrl: string; models?: string; key?: string },
): Promise<Locator> {
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Providers' }).click();
  await dialog.getByRole('button', { name: 'Add provider' }).click();
  await dialog.getByLabel('Name').fill(fields.name);
  await dialog.getByLabel('Base URL').fill(fields.baseUrl);
  if (fields.models) await dialog.getByLabel('Models').fill(fields.models);
  if (fields.key) await dialog.getByLabel('API key').fill(fields.key);
  return dialog;
}

const save = (dialog: Locator) => dialog.getByRole('button', { name: 'Save', exact: true }).click();

test.describe('provider settings', () => {
  // Each test adds one provider; none is left for the next.
  test.afterEach(async ({ host }) => {
    for (const id of ['fetched', 'short-key', 'movable', 'signed-in', 'proxied'])
      await host.call('providers.remove', { providerId: id }).catch(() => {});
  });

  test('Fetch models on a new provider fills the Models box at once, and the models are saved', async ({
    app,
    host,
    mock,
  }) => {
    const dialog = await addProvider(app, {
      name: 'Fetched',
      baseUrl: `${mock.url}/v1`,
      key: 'sk-fetched-key-0000-abcd',
    });
    await dialog.getByRole('button', { name: 'Fetch models' }).click();
    const found = dialog.getByRole('status');
    await expect(found).toContainText(/Found \d+ models\./);
    const count = Number(/Found (\d+)/.exec((await found.textContent()) ?? '')![1]);
    expect(count).toBeGreaterThan(0);
    // The first click fills the box, and what it found is already saved.
    await expect(dialog.getByLabel('Models')).not.toHaveValue('');
    const lines = (await dialog.getByLabel('Models').inputValue()).split('\n').filter(Boolean);
    expect(lines).toHaveLength(count);
    const saved = (await host.call('settings.get')).providers.find((p) => p.id === 'fetched');
    expect(saved?.models).toEqual(lines);
    await expect(dialog).toContainText('A key ending in abcd is saved.');
  });

  test('every saved key says what it can: its last four, or that it is too short to show any', async ({
    app,
    mock,
  }) => {
    const dialog = await addProvider(app, {
      name: 'Short key',
      baseUrl: `${mock.url}/v1`,
      models: 'mock-model',
      key: 'sk-test-123',
    });
    await save(dialog);
    await expect(dialog).toContainText('A key is saved. It is too short to show any part of it.');
    await expect(dialog).not.toContainText('ending in  is');
    await expect(dialog).not.toContainText('123 is saved');
    await dialog.getByLabel('API key').fill('sk-test-1234567890');
    await save(dialog);
    await expect(dialog).toContainText('A key ending in 7890 is saved.');
  });

  test('moving a provider to another host removes its key and asks for it again', async ({ app, mock }) => {
    const dialog = await addProvider(app, {
      name: 'Movable',
      baseUrl: `${mock.url}/v1`,
      models: 'mock-model',
      key: 'sk-movable-key-00001111',
    });
    await save(dialog);
    await expect(dialog).toContainText('A key ending in 1111 is saved.');
    // Same origin, other path: kept.
    await dialog.getByLabel('Base URL').fill(`${mock.url}/v1/`);
    await save(dialog);
    await expect(dialog.getByRole('status')).toContainText('Saved.');
    await expect(dialog).toContainText('A key ending in 1111 is saved.');
    // Another origin: dropped, in plain words, and Test sends nothing there.
    const other = mock.url.replace('127.0.0.1', 'localhost');
    await dialog.getByLabel('Base URL').fill(`${other}/v1`);
    await save(dialog);
    await expect(dialog.getByRole('status')).toContainText('removed the saved key');
    await expect(dialog).toContainText('No key saved.');
    mock.reset();
    await dialog.getByRole('button', { name: 'Test' }).click();
    await expect(dialog.getByRole('alert')).toContainText('No API key is saved');
    expect(mock.requests).toHaveLength(0);
  });

  test('an OAuth 2 client-credentials provider is configured from the UI; its secret is never shown', async ({
    app,
    host,
    mock,
  }) => {
    const secret = 'client-SECRET-from-the-ui-42';
    const dialog = await addProvider(app, {
      name: 'Signed in',
      baseUrl: `${mock.url}/v1`,
      models: 'gpt-4o',
    });
    await dialog.getByLabel('Type').selectOption('openai');
    await dialog.getByLabel('Authentication').selectOption('oauth2-client-credentials');
    await dialog.getByLabel('Token URL').fill(`${mock.url}/oauth/token`);
    await dialog.getByLabel('Client ID').fill('parley-ui');
    await dialog.getByLabel('Scope').fill('chat');
    await dialog.getByLabel('Client secret').fill(secret);
    await save(dialog);
    await expect(dialog).toContainText('A client secret is saved. It is never shown.');
    mock.reset();
    await dialog.getByRole('button', { name: 'Test' }).click();
    await expect(dialog.getByRole('status')).toContainText('Connected');
    const token = mock.requests.find((r) => r.api === 'oauth');
    expect(token?.body).toMatchObject({ client_id: 'parley-ui', client_secret: secret, scope: 'chat' });
    expect(JSON.stringify(await host.call('settings.get'))).not.toContain(secret);
    await expect(dialog.getByLabel('Client secret')).toHaveValue('');
  });

  test('a proxy password is saved, said to be saved, and never comes back to the page', async ({
    app,
    host,
    mock,
  }) => {
    const dialog = await addProvider(app, {
      name: 'Proxied',
      baseUrl: `${mock.url}/v1`,
      models: 'mock-model',
    });
    await dialog.getByLabel('Proxy', { exact: true }).selectOption('custom');
    await dialog.getByLabel('Proxy URL').fill('http://carol:pw-in-the-url-77@127.0.0.1:3128');
    await save(dialog);
    await expect(dialog).toContainText('Password saved.');
    await expect(dialog.getByLabel('Proxy URL')).toHaveValue('http://127.0.0.1:3128');
    await expect(dialog.getByLabel('Proxy user name')).toHaveValue('carol');
    const view = JSON.stringify(await host.call('settings.get'));
    expect(view).not.toContain('pw-in-the-url-77');
    await dialog.getByLabel('Proxy password').fill('pw-typed-88');
    await save(dialog);
    await expect(dialog.getByRole('status')).toContainText('Saved.');
    expect(JSON.stringify(await host.call('settings.get'))).not.toContain('pw-typed-88');
  });
});
