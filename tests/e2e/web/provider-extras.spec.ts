import { test, expect, send, waitForAnswer, PROVIDER_ID } from '../support/parley.ts';

/**
 * Settings → Providers: custom request headers (one of them secret) and extra body JSON, checked at
 * the fields, saved, and sent with the next request as the mock server records it; the secret value
 * never comes back to the page.
 */
test.describe('provider extras', () => {
  test('headers and extra JSON set in Settings go with the next request; a secret header stays hidden', async ({
    app,
    mock,
    host,
  }) => {
    try {
      await app.getByRole('button', { name: 'Settings' }).click();
      const dialog = app.getByRole('dialog', { name: 'Settings' });
      await dialog.getByRole('tab', { name: 'Providers' }).click();
      await dialog.getByRole('button', { name: /^Mock/ }).click();

      await dialog.getByRole('button', { name: 'Add header' }).click();
      await dialog.getByLabel('Header 1 name').fill('OpenAI-Version');
      await dialog.getByLabel('Header 1 value').fill('2024-10-01');
      await dialog.getByRole('button', { name: 'Add header' }).click();
      await dialog.getByLabel('Header 2 name').fill('Authorization');
      const extra = dialog.getByLabel('Extra JSON');
      await extra.fill('{"model": "other"}');
      await expect(dialog.getByText('Extra JSON cannot set model, messages or stream')).toBeVisible();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog.getByText('Parley sets this header itself')).toBeVisible();
      await expect(dialog.getByText('Saved.', { exact: true })).toHaveCount(0);

      await dialog.getByLabel('Header 2 name').fill('X-Gateway-Token');
      await dialog.getByLabel('Header 2 value').fill('gw-e2e-secret-2718');
      await dialog.getByRole('checkbox', { name: 'Secret' }).nth(1).check();
      await extra.fill('{"enable_thinking": false}');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog.getByText('Saved.', { exact: true })).toBeVisible();
      // The secret's value is not shown again, only that one is saved.
      await expect(dialog.getByLabel('Header 2 value')).toHaveValue('');
      await expect(dialog.getByLabel('Header 2 value')).toHaveAttribute(
        'placeholder',
        'Saved; type to replace',
      );
      await app.keyboard.press('Escape');

      await send(app, 'Hello with extras');
      await waitForAnswer(app);
      const request = mock.requests.find((r) => r.path.endsWith('/chat/completions'))!;
      expect(request.headers['openai-version']).toBe('2024-10-01');
      expect(request.headers['x-gateway-token']).toBe('gw-e2e-secret-2718');
      expect(request.body).toMatchObject({ enable_thinking: false, model: 'gpt-4o-mini' });
      expect(await app.content()).not.toContain('gw-e2e-secret-2718');
      expect(JSON.stringify(await host.call('settings.get'))).not.toContain('gw-e2e-secret-2718');
    } finally {
      const current = (await host.call('settings.get')).providers.find((p) => p.id === PROVIDER_ID)!;
      const { key: _key, saved: _saved, ...config } = current;
      await host.call('providers.save', { ...config, headers: undefined, extraBody: undefined });
    }
  });
});
