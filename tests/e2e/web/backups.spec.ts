import { test, expect, send, waitForAnswer } from '../support/parley.ts';

test.describe('backups in Settings > Data', () => {
  test('back up now, restore it after a confirmation (the replaced history kept), then undo the restore', async ({
    app,
    host,
  }) => {
    test.setTimeout(120_000); // two answers and two restores on a slow machine
    await send(app, 'Before the backup');
    await waitForAnswer(app);
    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Data' }).click();
    await dialog.getByRole('button', { name: 'Back up now' }).click();
    await expect(dialog.getByRole('status')).toContainText('Backup made');
    const backups = dialog.getByRole('list', { name: 'Backups' });
    await expect(backups.getByRole('listitem')).toHaveCount((await host.call('backups.list', {})).length);
    await dialog.getByRole('button', { name: 'Close settings' }).click();

    await app.getByRole('button', { name: 'New chat' }).click();
    await send(app, 'After the backup');
    await waitForAnswer(app);
    const list = app.getByRole('list', { name: 'Conversations' });
    await expect(list.getByRole('listitem').filter({ hasText: 'After the backup' })).toBeVisible();

    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    await dialog.getByRole('tab', { name: 'Data' }).click();
    const newest = backups.getByRole('listitem').first();
    await newest.getByRole('button', { name: /^Restore the backup of / }).click();
    await newest
      .getByRole('group', { name: 'Confirm the restore' })
      .getByRole('button', { name: 'Restore' })
      .click();
    await expect(dialog.getByRole('status')).toContainText('The history was restored');
    await dialog.getByRole('button', { name: 'Close settings' }).click();
    await expect(list.getByRole('listitem').filter({ hasText: 'After the backup' })).toHaveCount(0);
    await expect(list.getByRole('listitem').filter({ hasText: 'Before the backup' })).toBeVisible();

    // The replaced history is now the newest backup: restoring it brings "After the backup" back.
    const kept = (await host.call('backups.list', {}))[0]!;
    expect(kept.id).toMatch(/^history-before-restore-/);
    await host.call('backups.restore', { id: kept.id });
    await expect(list.getByRole('listitem').filter({ hasText: 'After the backup' })).toBeVisible();
  });

  test('the Data tab shows the backups in Chinese too', async ({ app, host }) => {
    try {
      await host.call('settings.update', { language: 'zh-CN' });
      await app.reload();
      await app.getByRole('button', { name: '设置' }).click();
      const dialog = app.getByRole('dialog', { name: '设置' });
      await dialog.getByRole('tab', { name: '数据' }).click();
      await expect(dialog.getByRole('heading', { name: '备份' })).toBeVisible();
      await expect(dialog.getByRole('button', { name: '立即备份' })).toBeVisible();
    } finally {
      await host.call('settings.update', { language: 'en' });
    }
  });
});
