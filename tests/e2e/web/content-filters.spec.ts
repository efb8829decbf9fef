import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { MockServer } from '../../mock-server/types.ts';
import type { WebHost } from '../support/parley.ts';
import { PROVIDER_ID, test, expect, lastAnswer, send, waitForAnswer } from '../support/parley.ts';

/** An OpenAI-looking project key, made here (never a real one): `sk-proj-` and 40 random characters. */
function fakeOpenAiKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `sk-proj-${[...randomBytes(40)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

const chatRequests = (mock: MockServer) => mock.requests.filter((r) => r.path.endsWith('/chat/completions'));

const moderationRequests = (mock: MockServer) => mock.requests.filter((r) => r.path.endsWith('/moderations'));

/** Moderation on for the mock provider, through its own `/moderations`. */
async function moderate(host: WebHost, allowSendAnyway = true): Promise<void> {
  const current = await host.call('settings.get');
  await host.call('settings.update', {
    contentFilter: {
      ...current.contentFilter,
      moderation: { ...current.contentFilter.moderation, providers: [PROVIDER_ID], allowSendAnyway },
    },
  });
}

async function openFilterSettings(app: Page) {
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Content filters' }).click();
  return dialog;
}

test.describe('content filters', () => {
  test.afterEach(async ({ host }) => {
    // The host lives for the worker: leave the filters as they were.
    await host.call('settings.update', {
      contentFilter: {
        moderation: { providers: [], via: null, model: 'omni-moderation-latest', allowSendAnyway: true },
        rules: [],
        secretGuard: { enabled: true, personalData: false },
      },
    });
  });

  test('a pasted key is held with a warning that names it, never shows it; Redact sends placeholders', async ({
    app,
    mock,
  }) => {
    const key = fakeOpenAiKey();
    const question = `Why does my script fail? OPENAI_API_KEY=${key}`;
    const box = app.getByRole('textbox', { name: 'Message' });
    await box.fill(question);
    await box.press('Enter');

    const panel = app.getByRole('alertdialog', { name: 'Not sent' });
    await expect(panel).toBeVisible();
    await expect(panel).toBeFocused();
    await expect(panel).toContainText('This message looks like it contains an OpenAI API key.');
    await expect(panel).not.toContainText(key.slice(8, 24));
    await expect(panel.getByRole('button', { name: 'Redact' })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Send anyway' })).toBeVisible();
    // Nothing left: the draft stays, and the chat endpoint heard nothing.
    await expect(box).toHaveValue(question);
    expect(chatRequests(mock)).toHaveLength(0);

    // Escape cancels: the panel closes, the draft stays, the message box has the focus again.
    await app.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(box).toBeFocused();
    await expect(box).toHaveValue(question);
    expect(chatRequests(mock)).toHaveLength(0);

    await box.press('Enter');
    await expect(panel).toBeFocused();
    await panel.getByRole('button', { name: 'Redact' }).click();
    await waitForAnswer(app);
    await expect(panel).toHaveCount(0);
    await expect(box).toHaveValue('');

    const sent = chatRequests(mock);
    expect(sent).toHaveLength(1);
    const body = JSON.stringify(sent[0]!.body);
    expect(body).toContain('OPENAI_API_KEY=[REDACTED openai-key]');
    expect(body).not.toContain(key.slice(8));
    // What is stored and shown is what was sent.
    await expect(app.getByRole('article', { name: 'User' }).last()).toContainText('[REDACTED openai-key]');
  });

  test('the rule Test box marks the rules that match; a broken expression is said in plain words', async ({
    app,
    mock,
  }) => {
    const dialog = await openFilterSettings(app);
    const rules = dialog.getByTestId('filter-rule');
    await dialog.getByRole('button', { name: 'Add a rule' }).click();
    await rules.nth(0).getByRole('textbox', { name: 'Word, phrase or expression' }).fill('falcon');
    await dialog.getByRole('button', { name: 'Add a rule' }).click();
    await rules.nth(1).getByRole('textbox', { name: 'Word, phrase or expression' }).fill('launch (');
    await rules.nth(1).getByRole('checkbox', { name: 'Regular expression' }).check();
    await expect(rules.nth(1)).toContainText('This is not a valid regular expression');
    await expect(dialog.getByRole('button', { name: 'Save rules' })).toBeDisabled();
    await rules.nth(1).getByRole('textbox', { name: 'Word, phrase or expression' }).fill('launch\\s+codes?');

    // Full-width letters and another case still match.
    await dialog
      .getByRole('textbox', { name: 'Try a text against these rules' })
      .fill('Ｐｒｏｊｅｃｔ ＦＡＬＣＯＮ is on.');
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(dialog.getByRole('status')).toHaveText('1 rule matches this text.');
    await expect(rules.nth(0)).toContainText('Matches');
    await expect(rules.nth(1)).not.toContainText('Matches');

    // Saved, a warning rule holds a question that matches it, until "Send anyway".
    await dialog.getByRole('button', { name: 'Save rules' }).click();
    await expect(dialog.getByText('Rules saved.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close settings' }).click();
    const box = app.getByRole('textbox', { name: 'Message' });
    await box.fill('When is the falcon review?');
    await box.press('Enter');
    const panel = app.getByRole('alertdialog', { name: 'Not sent' });
    await expect(panel).toContainText('Matches your rule “falcon”.');
    expect(chatRequests(mock)).toHaveLength(0);
    await panel.getByRole('button', { name: 'Send anyway' }).click();
    await waitForAnswer(app);
    expect(chatRequests(mock)).toHaveLength(1);
  });

  test('the quick prompt holds a pasted key the same way: Escape cancels the hold, not the window', async ({
    page,
    host,
    mock,
  }) => {
    mock.reset();
    await page.goto(`${host.origin}/quick.html#token=${host.token}`);
    const input = page.getByRole('textbox', { name: 'Ask Parley' });
    await expect(input).toBeFocused();
    const key = fakeOpenAiKey();
    await input.fill(`export OPENAI_API_KEY=${key}`);
    await input.press('Enter');
    const panel = page.getByRole('alertdialog', { name: 'Not sent' });
    await expect(panel).toBeFocused();
    await expect(panel).toContainText('This message looks like it contains an OpenAI API key.');
    await expect(panel).not.toContainText(key.slice(8, 24));
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(input).toBeFocused();
    await expect(input).toHaveValue(`export OPENAI_API_KEY=${key}`);
    expect(chatRequests(mock)).toHaveLength(0);

    await input.press('Enter');
    await panel.getByRole('button', { name: 'Send anyway' }).click();
    await expect(page.getByRole('article', { name: 'Answer' }).last()).toHaveAttribute(
      'data-status',
      'complete',
    );
    expect(JSON.stringify(chatRequests(mock)[0]!.body)).toContain(key);
  });

  test('a question moderation flags is held in the composer and never reaches the chat endpoint', async ({
    app,
    host,
    mock,
  }) => {
    await moderate(host);
    mock.flagModeration('crush them all', ['harassment', 'violence']);
    const question = 'Write a chant to crush them all at the match.';
    const box = app.getByRole('textbox', { name: 'Message' });
    await box.fill(question);
    await box.press('Enter');
    const panel = app.getByRole('alertdialog', { name: 'Not sent' });
    await expect(panel).toBeFocused();
    await expect(panel).toContainText('Flagged for: harassment · violence');
    await expect(panel.getByRole('button', { name: 'Send anyway' })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Redact' })).toHaveCount(0);
    await expect(box).toHaveValue(question);
    expect(moderationRequests(mock)).toHaveLength(1);
    expect(chatRequests(mock)).toHaveLength(0);

    // With "Send anyway" off in Settings, it cannot be sent at all, and says so.
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await expect(panel).toHaveCount(0);
    await moderate(host, false);
    await box.press('Enter');
    const blocked = app.getByRole('alertdialog', { name: 'This message cannot be sent.' });
    await expect(blocked).toContainText('Flagged for: harassment · violence');
    await expect(blocked.getByRole('button', { name: 'Send anyway' })).toHaveCount(0);
    await expect(box).toHaveValue(question);
    expect(chatRequests(mock)).toHaveLength(0);
  });

  test('a flagged answer is folded behind "Flagged for", Show reveals it, and it stays folded after a reload', async ({
    app,
    host,
    mock,
  }) => {
    await moderate(host);
    mock.flagModeration('bare-knuckle', ['violence/graphic']);
    mock.enqueue({
      text: 'Here is the history of the sport.\n\nThe bare-knuckle bouts were brutal and bloody.\n\nRules came later.',
    });
    await send(app, 'Tell me about early boxing.');
    await waitForAnswer(app);
    const answer = lastAnswer(app);
    const fold = answer.getByTestId('flagged-fold');
    await expect(fold).toContainText('Flagged for: graphic violence');
    await expect(answer).not.toContainText('brutal and bloody');
    await fold.getByRole('button', { name: 'Show' }).click();
    await expect(answer).toContainText('brutal and bloody');
    await fold.getByRole('button', { name: 'Hide' }).click();
    await expect(answer).not.toContainText('brutal and bloody');
    await fold.getByRole('button', { name: 'Show' }).click();

    // Show is this window's, never stored: after a reload the answer is folded again.
    await app.reload();
    await expect(lastAnswer(app).getByTestId('flagged-fold')).toContainText('Flagged for: graphic violence');
    await expect(lastAnswer(app)).not.toContainText('brutal and bloody');
    await expect(lastAnswer(app).getByRole('button', { name: 'Show' })).toBeVisible();
  });

  test('an assistant whose editor asks to moderate its chats has them moderated, its provider not ticked', async ({
    app,
    host,
    mock,
  }) => {
    try {
      await app.getByRole('button', { name: 'Assistants', exact: true }).click();
      const library = app.getByRole('dialog', { name: 'Assistants' });
      await library.getByRole('button', { name: 'New assistant' }).click();
      const editor = app.getByRole('dialog', { name: 'New assistant' });
      await editor.getByLabel('Name', { exact: true }).fill('Careful');
      await editor.getByRole('checkbox', { name: /Moderate this assistant’s chats/ }).check();
      await editor.getByRole('button', { name: 'Save' }).click();
      await expect(editor).toHaveCount(0);
      const saved = (await host.call('assistants.list')).find((a) => a.name === 'Careful');
      expect(saved?.moderation).toBe(true);

      await library.getByRole('button', { name: 'Start a chat with Careful' }).click();
      mock.flagModeration('crush them all', ['harassment']);
      const box = app.getByRole('textbox', { name: 'Message' });
      await box.fill('Help me crush them all.');
      await box.press('Enter');
      await expect(app.getByRole('alertdialog', { name: 'Not sent' })).toContainText(
        'Flagged for: harassment',
      );
      expect(moderationRequests(mock)).toHaveLength(1);
      expect(chatRequests(mock)).toHaveLength(0);
    } finally {
      for (const a of await host.call('assistants.list'))
        if (a.name === 'Careful') await host.call('assistants.remove', { id: a.id });
    }
  });

  test("a provider's own filter and a refusal are said under the answer in plain words, not a silent stop", async ({
    app,
    host,
    mock,
  }) => {
    // The model refuses (OpenAI's `refusal`): its words are the answer, marked as a refusal.
    mock.enqueue({ refusal: 'I’m sorry, I can’t help with that.' });
    await send(app, 'Pick the lock on my neighbour’s door.');
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toContainText('I’m sorry, I can’t help with that.');
    await expect(lastAnswer(app).getByTestId('filter-notes')).toHaveText('The model refused to answer.');

    // Azure's content filter stops an answer part way: which category, how severe, by the provider's name.
    const azure = `azure-e2e-${test.info().workerIndex}`;
    await host.call('providers.save', {
      id: azure,
      name: 'Azure',
      kind: 'azure',
      baseUrl: mock.url,
      apiVersion: '2024-10-21',
      models: ['gpt-4o'],
      auth: { type: 'api-key' },
      proxy: { mode: 'none' },
      maxRetries: 0,
    });
    try {
      await host.call('keys.set', { providerId: azure, key: 'azure-e2e-key-0001' });
      await app.getByRole('button', { name: 'New chat', exact: true }).click();
      await app.getByRole('combobox', { name: 'Model' }).selectOption(`${azure}\u0001gpt-4o`);
      mock.enqueue({ text: 'The first part of the story', finishReason: 'content_filter' });
      await send(app, 'Tell me a story about a duel.');
      await waitForAnswer(app);
      const answer = lastAnswer(app);
      await expect(answer).toContainText('The first part of the story');
      await expect(answer.getByTestId('filter-notes')).toHaveText(
        'Azure’s content filter stopped this answer (violence: medium).',
      );
      // The note says it; no bare "interrupted: the provider's content filter…" status line repeats it.
      await expect(answer.locator('.status.error, .status.interrupted')).toHaveCount(0);
      await expect(answer).not.toContainText('content filter stopped the answer');
    } finally {
      await host.call('providers.remove', { providerId: azure });
    }
  });
});
