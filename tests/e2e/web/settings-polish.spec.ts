import type { Page } from '@playwright/test';
import { test, expect, startWebHost, configureMockProvider } from '../support/parley.ts';

async function openProviders(app: Page) {
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Providers' }).click();
  await dialog.getByRole('button', { name: /^Mock/ }).click();
  return dialog;
}

test.describe('settings polish', () => {
  test('Esc closes Settings after a save, a test and a failure, wherever focus went', async ({ app }) => {
    let dialog = await openProviders(app);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('Saved.', { exact: true })).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    dialog = await openProviders(app);
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(dialog.getByText(/^Connected: \d+ models available\./)).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // After a failure (the address is refused), with focus sent to the page itself.
    dialog = await openProviders(app);
    await dialog.getByLabel('Base URL').fill('ftp://example.com/v1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('starts with http:// or https://');
    await app.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });

  test('a base URL without http(s):// is refused at the field, in plain words, with no stale "Saved."', async ({
    app,
    host,
  }) => {
    const before = (await host.call('settings.get')).providers.map((p) => p.baseUrl);
    const dialog = await openProviders(app);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('Saved.', { exact: true })).toBeVisible();
    const url = dialog.getByLabel('Base URL');
    await url.fill('api.example.com/v1');
    // An edit clears the earlier outcome.
    await expect(dialog.getByText('Saved.', { exact: true })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const problem = dialog.getByRole('alert');
    await expect(problem).toHaveText(
      'Use an address that starts with http:// or https://, like https://api.example.com/v1.',
    );
    await expect(url).toHaveAttribute('aria-invalid', 'true');
    await expect(url).toBeFocused();
    await expect(dialog.getByText('Saved.', { exact: true })).toHaveCount(0);
    // Test does not send it either.
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(dialog.getByText(/Connected/)).toHaveCount(0);
    expect((await host.call('settings.get')).providers.map((p) => p.baseUrl)).toEqual(before);

    // In Chinese too.
    await dialog.getByRole('tab', { name: 'General' }).click();
    try {
      await dialog.getByLabel('Language').selectOption('zh-CN');
      const zh = app.getByRole('dialog', { name: '设置' });
      await zh.getByRole('tab', { name: '服务商' }).click();
      await zh.getByRole('button', { name: /^Mock/ }).click();
      await zh.getByLabel('Base URL').fill('example.com');
      await zh.getByRole('button', { name: '保存' }).click();
      await expect(zh.getByRole('alert')).toHaveText(
        '地址必须以 http:// 或 https:// 开头，例如 https://api.example.com/v1。',
      );
    } finally {
      await host.call('settings.update', { language: 'en' });
    }
  });

  test('the browser edition shows no tray or launch-at-login options', async ({ app }) => {
    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByLabel('Theme')).toBeVisible();
    await expect(dialog.getByRole('checkbox')).not.toHaveCount(0);
    await expect(
      dialog.getByRole('checkbox', { name: 'Keep running in the tray when the window closes' }),
    ).toHaveCount(0);
    await expect(dialog.getByRole('checkbox', { name: 'Start Parley when I log in' })).toHaveCount(0);
  });

  test('removing a provider asks in the app, never with the browser confirm()', async ({
    app,
    host,
    mock,
  }) => {
    const dialogs: string[] = [];
    app.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await host.call('providers.save', {
      id: 'to-remove',
      name: 'To remove',
      kind: 'openai-compatible',
      baseUrl: `${mock.url}/v1`,
      models: ['gpt-4o'],
      auth: { type: 'api-key' },
      proxy: { mode: 'none' },
    });
    try {
      await app.reload();
      const dialog = await openProviders(app);
      await dialog.getByRole('button', { name: /To remove/ }).click();
      await dialog.getByRole('button', { name: 'Remove provider' }).click();
      const ask = app.getByRole('alertdialog', { name: 'Remove this provider?' });
      await expect(ask).toContainText('Remove the provider “To remove” and its key?');
      // Esc says no (and leaves Settings open).
      await app.keyboard.press('Escape');
      await expect(ask).toHaveCount(0);
      await expect(dialog).toBeVisible();
      expect((await host.call('settings.get')).providers.some((p) => p.id === 'to-remove')).toBe(true);
      // Enter says yes.
      await dialog.getByRole('button', { name: 'Remove provider' }).click();
      await expect(ask.getByRole('button', { name: 'Remove provider' })).toBeFocused();
      await app.keyboard.press('Enter');
      await expect(ask).toHaveCount(0);
      await expect
        .poll(async () => (await host.call('settings.get')).providers.some((p) => p.id === 'to-remove'))
        .toBe(false);
      await expect(dialog.getByRole('button', { name: /To remove/ })).toHaveCount(0);
      expect(dialogs).toEqual([]);
    } finally {
      await host.call('providers.remove', { providerId: 'to-remove' }).catch(() => {});
    }
  });

  test('Ctrl+/ opens the keyboard shortcuts sheet, in English and Chinese', async ({ app, host }) => {
    await app.keyboard.press('Control+/');
    const sheet = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toBeVisible();
    for (const [what, keys] of [
      ['New conversation', 'CtrlN'],
      ['New conversation with an assistant', 'CtrlShiftN'],
      ['Search conversations', 'CtrlK'],
      ['Open or close Settings', 'Ctrl,'],
      ['Show keyboard shortcuts', 'Ctrl/'],
      ['Stop the answer', 'Esc'],
      ['Send the message', 'Enter'],
      ['New line', 'ShiftEnter'],
      ['Rename the conversation', 'F2'],
      ['Delete the conversation', 'Delete'],
    ]) {
      const row = sheet
        .getByRole('row')
        .filter({ has: app.getByRole('rowheader', { name: what, exact: true }) });
      await expect(row).toContainText(keys!);
    }
    await app.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
    try {
      await host.call('settings.update', { language: 'zh-CN' });
      await expect(app.getByRole('button', { name: '新对话' })).toBeVisible();
      await app.keyboard.press('Control+/');
      const zh = app.getByRole('dialog', { name: '键盘快捷键' });
      const newChat = zh
        .getByRole('row')
        .filter({ has: app.getByRole('rowheader', { name: '新对话', exact: true }) });
      await expect(newChat).toContainText('CtrlN');
      await app.keyboard.press('Control+/');
      await expect(zh).toHaveCount(0);
    } finally {
      await host.call('settings.update', { language: 'en' });
    }
  });
});

test.describe('notices in Chinese', () => {
  test('the keychain notice shows in Chinese when the UI is in Chinese', async ({ browser }) => {
    // No Secret Service to talk to: keys are kept for this session only, and Parley says why.
    const host = await startWebHost(undefined, 0, {
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    const { startMockServer } = await import('../../mock-server/server.ts');
    const mock = await startMockServer();
    const page = await browser.newPage();
    try {
      await configureMockProvider(host, mock);
      await host.call('settings.update', { language: 'zh-CN' });
      await page.goto(host.url);
      await page.getByRole('button', { name: '设置' }).click();
      const dialog = page.getByRole('dialog', { name: '设置' });
      const notices = dialog.getByRole('status').filter({ hasText: '提示' });
      await expect(notices).toContainText('系统钥匙串不可用');
      await expect(notices).not.toContainText('keychain');
      await dialog.getByRole('tab', { name: '服务商' }).click();
      await expect(dialog).toContainText('密钥只在本次会话中保存');
      await expect(dialog).not.toContainText('system keychain');
      // And in English when switched back.
      await dialog.getByRole('tab', { name: '通用' }).click();
      await dialog.getByLabel('语言').selectOption('en');
      await expect(
        page.getByRole('dialog', { name: 'Settings' }).getByRole('status').filter({ hasText: 'Notices' }),
      ).toContainText('system keychain');
    } finally {
      await page.close();
      await mock.close();
      await host.stop();
    }
  });
});
