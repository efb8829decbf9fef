import type { Page } from '@playwright/test';
import { test, expect } from '../support/parley.ts';

/** The composer and the last answer, found by their Chinese names. */
async function sendInChinese(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: '消息' });
  await box.fill(text);
  await box.press('Enter');
}
const lastAnswerZh = (page: Page) => page.getByRole('article', { name: /^助手/ }).last();

test.describe('errors in the window’s language', () => {
  test.beforeEach(async ({ host, app }) => {
    await host.call('settings.update', { language: 'zh-CN' });
    await app.reload();
    await expect(app.getByRole('textbox', { name: '消息' })).toBeVisible();
  });
  test.afterEach(async ({ host }) => {
    await host.call('settings.update', { language: 'en' });
  });

  test('a refused key (401) reads in Chinese, keeping the status and the provider’s own words', async ({
    app,
    mock,
  }) => {
    mock.enqueue({ status: 401, errorMessage: 'Incorrect API key provided', errorCode: 'invalid_api_key' });
    await sendInChinese(app, '这个密钥不对');
    const alert = lastAnswerZh(app).getByRole('alert');
    await expect(alert).toContainText('Mock 不接受这个 API 密钥');
    await expect(alert).toContainText('HTTP 401');
    await expect(alert).toContainText('“Incorrect API key provided');
    await expect(alert).not.toContainText('did not accept');
  });

  test('a rate limit (429) with a long Retry-After says how long to wait, in Chinese', async ({
    app,
    mock,
  }) => {
    // Longer than Parley sits through, so it is not retried: the error shows at once.
    mock.enqueue({ status: 429, errorMessage: 'Rate limit reached', headers: { 'retry-after': '120' } });
    await sendInChinese(app, '太快了');
    const alert = lastAnswerZh(app).getByRole('alert');
    await expect(alert).toContainText('Mock 正在限制请求频率。请在 2 分钟后再试。');
    await expect(alert).not.toContainText('limiting how fast');
  });

  test('the settings key test shows a refused key in Chinese', async ({ app, host, mock }) => {
    const providerId = 'refused-mock';
    try {
      await host.call('providers.save', {
        id: providerId,
        name: 'Refused Mock',
        kind: 'openai-compatible',
        baseUrl: `${mock.url}/v1`,
        models: ['mock-model'],
        auth: { type: 'api-key' },
        proxy: { mode: 'none' },
        maxRetries: 0,
      });
      // The mock refuses keys that start with sk-bad, as OpenAI does a wrong key.
      await host.call('keys.set', { providerId, key: 'sk-bad-key-00001111' });
      await app.getByRole('button', { name: '设置' }).click();
      const dialog = app.getByRole('dialog', { name: '设置' });
      await dialog.getByRole('tab', { name: '服务商' }).click();
      await dialog.getByRole('button', { name: /Refused Mock/ }).click();
      await dialog.getByRole('button', { name: '测试' }).click();
      const alert = dialog.getByRole('alert');
      await expect(alert).toContainText('Refused Mock 不接受这个 API 密钥');
      await expect(alert).toContainText('HTTP 401');
      await expect(alert).not.toContainText('did not accept');
    } finally {
      await host.call('providers.remove', { providerId }).catch(() => {});
    }
  });
});
