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
      await app.getByRole('button', { name: 'Settings', exact: true }).click();
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

  test('a model is corrected in Settings: its context window and the parameters it takes', async ({
    app,
    host,
  }) => {
    try {
      await app.getByRole('button', { name: 'Settings', exact: true }).click();
      const dialog = app.getByRole('dialog', { name: 'Settings' });
      await dialog.getByRole('tab', { name: 'Providers' }).click();
      await dialog.getByRole('button', { name: /^Mock/ }).click();
      await dialog.getByLabel('Model to correct').selectOption('gpt-4o-mini');
      const window = dialog.getByLabel('Context window (tokens)');
      await expect(window).toHaveValue('128000');
      const temperature = dialog.getByRole('checkbox', { name: 'Temperature' });
      await expect(temperature).toBeChecked();
      await expect(dialog.getByRole('checkbox', { name: 'Reasoning effort' })).not.toBeChecked();

      await window.fill('12');
      await expect(dialog.getByText('Enter a whole number of tokens from 256 to 100000000.')).toBeVisible();
      await expect(dialog.getByRole('button', { name: 'Apply correction' })).toBeDisabled();
      await window.fill('16000');
      await temperature.uncheck();
      await dialog.getByRole('button', { name: 'Apply correction' }).click();
      await expect(dialog.getByText('Saved.', { exact: true })).toBeVisible();
      const ref = { providerId: PROVIDER_ID, model: 'gpt-4o-mini' };
      expect(await host.call('models.capabilities', ref)).toMatchObject({
        contextWindow: 16_000,
        parameters: { temperature: false, topP: true },
      });

      await dialog.getByRole('button', { name: 'Use the built-in table' }).click();
      await expect(window).toHaveValue('128000');
      await expect(temperature).toBeChecked();
      expect((await host.call('settings.get')).modelOverrides).toEqual({});
    } finally {
      await host.call('settings.update', { modelOverrides: {} });
    }
  });
});
