import type { Page } from '@playwright/test';
import { test, expect } from '../support/parley.ts';

/**
 * Passes the page's WebSocket through to the host, answering `app.info` as `edition` says (the
 * desktop app's answer, to see what only the desktop shows). Resolves once the page has its answer.
 */
async function appInfoAs(page: Page, edition: 'desktop' | 'web'): Promise<{ arrived: Promise<void> }> {
  let answered!: () => void;
  const done = new Promise<void>((resolve) => (answered = resolve));
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    const infoIds = new Set<number>();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { t: string; id: number; name: string };
      if (frame.t === 'req' && frame.name === 'app.info') infoIds.add(frame.id);
      server.send(message);
    });
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { t: string; id: number; envelope: { value?: object } };
      if (frame.t === 'res' && infoIds.has(frame.id)) {
        frame.envelope.value = { ...frame.envelope.value, edition, platform: 'linux' };
        ws.send(JSON.stringify(frame));
        answered();
        return;
      }
      ws.send(message);
    });
  });
  return { arrived: done };
}

test.describe('settings', () => {
  test('switching the language to Chinese and back changes every label', async ({ app, host }) => {
    try {
      await app.getByRole('button', { name: 'Settings', exact: true }).click();
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
      await app.getByRole('button', { name: 'Settings', exact: true }).click();
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

  test('the quick-prompt shortcut is recorded in General settings (desktop only)', async ({ page, host }) => {
    const info = await appInfoAs(page, 'desktop');
    try {
      await page.goto(host.url);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      await info.arrived;
      const keys = dialog.getByRole('button', { name: /^Quick-prompt shortcut: / });
      await expect(keys).toHaveAccessibleName('Quick-prompt shortcut: Ctrl+Shift+Space');
      await dialog.getByRole('button', { name: 'Change' }).click();
      await expect(dialog.getByRole('button', { name: /^Press the new shortcut/ })).toBeFocused();
      await page.keyboard.press('KeyP');
      await expect(dialog).toContainText('Add Ctrl, Alt, Cmd or Super');
      await page.keyboard.press('Control+Alt+KeyP');
      await expect(keys).toHaveAccessibleName('Quick-prompt shortcut: Ctrl+Alt+P');
      await expect.poll(async () => (await host.call('settings.get')).hotkey).toBe('CommandOrControl+Alt+P');
      await dialog.getByRole('button', { name: 'Use the default' }).click();
      await expect(keys).toHaveAccessibleName('Quick-prompt shortcut: Ctrl+Shift+Space');
      await expect
        .poll(async () => (await host.call('settings.get')).hotkey)
        .toBe('CommandOrControl+Shift+Space');
    } finally {
      await host.call('settings.update', { hotkey: 'CommandOrControl+Shift+Space' });
    }
  });

  test('the browser edition, without a global shortcut, shows no shortcut recorder', async ({
    page,
    host,
  }) => {
    const info = await appInfoAs(page, 'web');
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await info.arrived;
    await expect(dialog.getByLabel('Theme')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Change' })).toHaveCount(0);
    await expect(dialog.getByText('Quick prompt hotkey')).toHaveCount(0);
  });
});
