import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { zipNames } from '../../fixtures/zip-names.ts';
import { conversation, node, writeExport } from '../../fixtures/chatgpt-export.ts';
import { test, expect, send, lastAnswer, waitForAnswer } from '../support/parley.ts';

// Each test sends an answer, imports or exports; a loaded 2-core machine needs more than the default 30 s.
test.describe.configure({ timeout: 90_000 });

/** The first answer of a fresh host can take a while on a loaded machine. */
async function answered(app: Page) {
  await expect(lastAnswer(app)).toHaveAttribute('data-state', 'complete', { timeout: 30_000 });
}

async function openData(app: Page) {
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Data' }).click();
  return dialog;
}

test.describe('archive', () => {
  test('archive from the list, find it in search and the archive view, unarchive it', async ({
    app,
    mock,
  }) => {
    mock.enqueue({ text: 'Archived answer.' });
    await send(app, 'Archive me please zebrafinch');
    await answered(app);
    const list = app.getByRole('list', { name: 'Conversations' });
    const row = list.getByRole('listitem').filter({ hasText: 'Archive me please zebrafinch' });
    await row.click({ button: 'right' });
    await app.getByRole('menuitem', { name: 'Archive' }).click();
    await expect(row).toHaveCount(0);
    await expect(app.getByRole('status').filter({ hasText: 'was archived' })).toBeVisible();

    // Search still finds it.
    await app.getByRole('searchbox', { name: 'Search conversations' }).fill('zebrafinch');
    const hit = app.getByRole('list', { name: 'Search results' }).getByRole('listitem').first();
    await expect(hit).toContainText('Archive me please zebrafinch');
    await expect(hit.locator('.hit-archived')).toHaveText('Archived');
    await app.getByRole('searchbox', { name: 'Search conversations' }).fill('');

    await app.getByRole('button', { name: /^Archived \(\d+\)$/ }).click();
    const dialog = app.getByRole('dialog', { name: 'Archived conversations' });
    const archived = dialog.getByRole('listitem').filter({ hasText: 'Archive me please zebrafinch' });
    await expect(archived).toBeVisible();
    await archived.getByRole('button', { name: /^Unarchive/ }).click();
    await expect(archived).toHaveCount(0);
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(row).toBeVisible();
  });

  test('a ChatGPT import brings its archived conversations into the archive, and re-importing says how many were already there', async ({
    app,
  }) => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-import-'));
    try {
      const file = join(dir, 'conversations.json');
      const tag = Date.now().toString(36);
      await writeExport(file, 3, (i) => ({
        ...conversation(
          `arch-${tag}-${i}`,
          `Imported ${tag} number ${i}`,
          [
            node(`r${i}`, null, null, null),
            node(`u${i}`, `r${i}`, 'user', `Question ${i}`, { time: 1_700_000_000 + i }),
            node(`a${i}`, `u${i}`, 'assistant', `Answer ${i}`, { time: 1_700_000_010 + i }),
          ],
          `a${i}`,
        ),
        is_archived: i === 2,
      }));
      const dialog = await openData(app);
      const chooser = dialog.locator('input[type="file"]');
      await chooser.setInputFiles(file);
      await expect(dialog.getByRole('status')).toHaveText('Imported 3 conversations (6 messages).');
      await chooser.setInputFiles(file);
      await expect(dialog.getByRole('status')).toHaveText('Imported 0 conversations; 3 were already there.');
      await dialog.getByRole('button', { name: 'Close settings' }).click();

      const list = app.getByRole('list', { name: 'Conversations' });
      await expect(list.getByRole('listitem').filter({ hasText: `Imported ${tag} number 1` })).toBeVisible();
      await expect(list.getByRole('listitem').filter({ hasText: `Imported ${tag} number 2` })).toHaveCount(0);
      await app.getByRole('button', { name: /^Archived \(\d+\)$/ }).click();
      await expect(
        app.getByRole('dialog', { name: 'Archived conversations' }).getByRole('listitem'),
      ).toContainText([`Imported ${tag} number 2`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test.describe('export everything', () => {
  test('downloads a Markdown zip (one file per conversation) and a JSON file from Settings > Data', async ({
    app,
    host,
    mock,
  }) => {
    mock.enqueue({ text: 'A short answer to export.' });
    await send(app, 'Export me 导出测试');
    await answered(app);
    const total = (await host.call('history.list', { includeArchived: true, limit: 500 })).items.length;
    const dialog = await openData(app);

    const [zip] = await Promise.all([
      app.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export Markdown (.zip)' }).click(),
    ]);
    expect(zip.suggestedFilename()).toMatch(/^parley-history-\d{4}-\d{2}-\d{2}\.zip$/);
    await expect(dialog.getByRole('status')).toHaveText(`Exported ${total} conversations.`);
    const names = await zipNames(await zip.path());
    expect(names).toHaveLength(total);
    expect(names).toContain('Export me 导出测试.md');

    const [json] = await Promise.all([
      app.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/\.json$/);
    const doc = JSON.parse(await readFile(await json.path(), 'utf8')) as { conversations: unknown[] };
    expect(doc.conversations).toHaveLength(total);
    expect(JSON.stringify(doc)).not.toMatch(/sk-|apiKey|api_key/);
  });
});

test.describe('length limit', () => {
  test('an answer cut off at the length limit says so, and Continue gets the rest', async ({ app, mock }) => {
    mock.enqueue(
      { text: 'The first half of a long answer', finishReason: 'length' },
      { text: ' and here is the second half.' },
    );
    await send(app, 'Tell me something long');
    const answer = lastAnswer(app);
    await expect(answer).toHaveAttribute('data-state', 'interrupted');
    await expect(answer.getByRole('status')).toHaveText('Cut off at the length limit.');
    const before = await answer.locator('.markdown').innerText();
    await answer.getByRole('button', { name: 'Continue' }).click();
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toHaveAttribute('data-state', 'complete');
    await expect(lastAnswer(app)).not.toContainText('Cut off at the length limit.');
    const after = await lastAnswer(app).locator('.markdown').innerText();
    expect(after).toBe('The first half of a long answer and here is the second half.');
    expect(before).toBe('The first half of a long answer');
  });
});
