import { test, expect } from '../support/parley.ts';

test.describe('settings', () => {
  test('switching the language to Chinese and back changes every label', async ({ app, host }) => {
    try {
      await app.getByRole('button', { name: 'Settings' }).click();
      const dialog = app.getByRole('dialog', { name: 'Settings' });
      await dialog.getByLabel('Language').selectOption('zh-CN');
      await expect(app.getByRole('dialog', { name: '设置' })).toBeVisible();
      await app.keyboard.press('Escape');
      await expect(app.getByRole('button', { name: '新对话' })).toBeVisible();
      await expect(app.getByRole('textbox', { name: '消息' })).toBeVisible();
      await expect(app.getByRole('searchbox', { name: '搜索对话' })).toBeVisible();
      await expect(app.locator('html')).toHaveAttribute('lang', 'zh-CN');
      // It stays after a reload.
      await app.reload();
      await expect(app.getByRole('button', { name: '新对话' })).toBeVisible();
      await app.getByRole('button', { name: '设置' }).click();
      await app.getByRole('dialog', { name: '设置' }).getByLabel('语言').selectOption('en');
      await expect(app.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    } finally {
      await host.call('settings.update', { language: 'en' });
    }
  });

  test('a provider added through the UI is tested against the server and used', async ({
    app,
    host,
    mock,
  }) => {
    try {
      await app.getByRole('button', { name: 'Settings' }).click();
      const dialog = app.getByRole('dialog', { name: 'Settings' });
      await dialog.getByRole('tab', { name: 'Providers' }).click();
      await dialog.getByRole('button', { name: 'Add provider' }).click();
      await dialog.getByLabel('Name').fill('Second Mock');
      await dialog.getByLabel('Type').selectOption('openai-compatible');
      await dialog.getByLabel('Base URL').fill(`${mock.url}/v1`);
      await dialog.getByLabel('Models').fill('mock-large');
      await dialog.getByLabel('API key').fill('sk-second-key-9876');
      await dialog.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(dialog.getByRole('status')).toContainText('Saved');
      await expect(dialog).toContainText('A key ending in 9876 is saved.');
      await dialog.getByRole('button', { name: 'Test' }).click();
      await expect(dialog.getByRole('status')).toContainText('Connected');
      await app.keyboard.press('Escape');
      await app.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'mock-large' });
      const box = app.getByRole('textbox', { name: 'Message' });
      await box.fill('Use the second provider');
      await box.press('Enter');
      const answer = app.getByRole('article', { name: /^Assistant/ }).last();
      await expect(answer).toHaveAttribute('data-state', 'complete');
      await expect(answer).toContainText('mock-large');
    } finally {
      await host.call('providers.remove', { providerId: 'second-mock' }).catch(() => {});
    }
  });
});
