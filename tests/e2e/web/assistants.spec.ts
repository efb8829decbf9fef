import type { Page } from '@playwright/test';
import type { MockServer, RecordedRequest } from '../../mock-server/server.ts';
import type { WebHost } from '../support/parley.ts';
import { expect, lastAnswer, send, test, waitForAnswer } from '../support/parley.ts';

/**
 * Assistants, a conversation's own instructions and the context window, end to end in the browser
 * edition: what the UI sets is what the mock server receives.
 */
test.describe.configure({ timeout: 120_000 });

type Body = {
  messages?: { role: string; content: unknown }[];
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
};
const bodyOf = (request: RecordedRequest | undefined) => (request?.body ?? {}) as Body;
const lastRequest = (mock: MockServer) => bodyOf(mock.requests.at(-1));
const text = (content: unknown) =>
  typeof content === 'string'
    ? content
    : (content as { text?: string }[]).map((part) => part.text ?? '').join('');
const systemOf = (body: Body) =>
  body.messages
    ?.filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => text(m.content))
    .join('\n') ?? '';

async function removeAssistants(host: WebHost, names: string[]): Promise<void> {
  for (const a of await host.call('assistants.list')) {
    if (!a.builtIn && names.includes(a.name)) await host.call('assistants.remove', { id: a.id });
  }
}

async function openLibrary(app: Page) {
  await app.getByRole('button', { name: 'Assistants', exact: true }).click();
  const library = app.getByRole('dialog', { name: 'Assistants' });
  await expect(library).toBeVisible();
  return library;
}

test.describe('assistants', () => {
  test.afterEach(async ({ host }) => removeAssistants(host, ['Terse', 'Terse (copy)']));

  test('an assistant made in the library starts a chat that sends its instructions and parameters', async ({
    app,
    mock,
  }) => {
    const library = await openLibrary(app);
    await library.getByRole('button', { name: 'New assistant' }).click();
    const editor = app.getByRole('dialog', { name: 'New assistant' });
    // Saving without a name says what is missing and saves nothing.
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('alert')).toContainText('Give the assistant a name.');
    await editor.getByLabel('Name', { exact: true }).fill('Terse');
    await editor.getByLabel('Emoji').fill('🪨');
    await editor.getByLabel('Description').fill('One-word answers.');
    await editor.getByLabel('Instructions (system prompt)').fill('Answer in one word.');
    await editor.getByLabel('Temperature').fill('5');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByText('Temperature must be between 0 and 2.')).toBeVisible();
    await editor.getByLabel('Temperature').fill('0.3');
    await editor.getByLabel('Maximum output tokens').fill('50');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor).toHaveCount(0);

    const card = library.getByRole('listitem', { name: 'Terse', exact: true });
    await expect(card).toContainText('One-word answers.');
    await card.getByRole('button', { name: 'Start a chat with Terse' }).click();
    await expect(library).toHaveCount(0);
    await expect(app.getByTestId('conversation-assistant')).toHaveText('🪨 Terse');

    await send(app, 'hi');
    await waitForAnswer(app);
    const body = lastRequest(mock);
    expect(systemOf(body)).toBe('Answer in one word.');
    expect(body.temperature).toBe(0.3);
    expect(body.max_completion_tokens ?? body.max_tokens).toBe(50);
    // The started conversation keeps its assistant in the header, and its instructions at the top.
    await expect(app.getByTestId('conversation-assistant')).toHaveText('🪨 Terse');
    await app.getByRole('button', { name: 'Show the instructions' }).click();
    await expect(app.getByTestId('instructions-text')).toHaveText('Answer in one word.');
  });

  test('the New chat menu and Ctrl+Shift+N start a chat with an assistant; a duplicate is its own', async ({
    app,
    host,
    mock,
  }) => {
    await host.call('assistants.save', { name: 'Terse', emoji: '🪨', systemPrompt: 'Answer in one word.' });
    await app.getByRole('button', { name: 'More ways to start a chat' }).click();
    await app.getByRole('menuitem', { name: '🪨 Terse' }).click();
    await expect(app.getByTestId('conversation-assistant')).toHaveText('🪨 Terse');
    // A plain new chat forgets it.
    await app.getByRole('button', { name: 'New chat', exact: true }).click();
    await expect(app.getByTestId('conversation-assistant')).toHaveCount(0);

    await app.keyboard.press('Control+Shift+N');
    const picker = app.getByRole('dialog', { name: 'Start a chat with…' });
    await picker.getByRole('searchbox', { name: 'Filter assistants' }).fill('ters');
    await picker.getByRole('searchbox', { name: 'Filter assistants' }).press('Enter');
    await expect(picker).toHaveCount(0);
    await send(app, 'hello');
    await waitForAnswer(app);
    expect(systemOf(lastRequest(mock))).toBe('Answer in one word.');

    // Duplicate, then delete the copy (asked first); the original stays.
    const library = await openLibrary(app);
    await library.getByRole('button', { name: 'Duplicate Terse' }).click();
    await app.getByRole('dialog', { name: 'New assistant' }).getByRole('button', { name: 'Save' }).click();
    await expect(library.getByRole('listitem', { name: 'Terse (copy)', exact: true })).toBeVisible();
    await library.getByRole('button', { name: 'Delete Terse (copy)' }).click();
    await app.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect(library.getByRole('listitem', { name: 'Terse (copy)', exact: true })).toHaveCount(0);
    await expect(library.getByRole('listitem', { name: 'Terse', exact: true })).toBeVisible();
  });

  test('a built-in can be hidden and shown again, not deleted', async ({ app, host }) => {
    const builtIn = (await host.call('assistants.list')).find((a) => a.builtIn && !a.hidden)!;
    const library = await openLibrary(app);
    const card = library.getByRole('listitem', { name: builtIn.name, exact: true });
    await expect(card.getByRole('button', { name: `Delete ${builtIn.name}` })).toHaveCount(0);
    await card.getByRole('button', { name: `Hide ${builtIn.name}` }).click();
    await expect(card).toHaveCount(0);
    await library.getByLabel('Show hidden').check();
    await library.getByRole('button', { name: `Show ${builtIn.name}` }).click();
    await expect(library.getByRole('button', { name: `Hide ${builtIn.name}` })).toBeVisible();
    expect((await host.call('assistants.list')).find((a) => a.id === builtIn.id)?.hidden).toBe(false);
  });
});

test.describe('a conversation’s settings', () => {
  test('an edited system prompt applies to the next request', async ({ app, mock }) => {
    await app.getByRole('button', { name: 'New chat', exact: true }).click();
    await send(app, 'First question');
    await waitForAnswer(app);
    expect(systemOf(lastRequest(mock))).toBe('');

    await app.getByRole('button', { name: 'Conversation settings' }).click();
    const dialog = app.getByRole('dialog', { name: 'Conversation settings' });
    await expect(dialog.getByText('An edit applies to the next request')).toBeVisible();
    await dialog.getByLabel(/System prompt/).fill('Reply like a pirate.');
    await dialog.getByLabel('Temperature').fill('1.5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Saved. The next request uses these settings.');
    await dialog.getByRole('button', { name: 'Close conversation settings' }).click();

    await send(app, 'Second question');
    await waitForAnswer(app);
    const body = lastRequest(mock);
    expect(systemOf(body)).toBe('Reply like a pirate.');
    expect(body.temperature).toBe(1.5);
  });
});

test.describe('the context window', () => {
  test.afterEach(async ({ host }) => {
    await host.call('settings.update', { modelOverrides: {} });
  });

  test('a conversation longer than a small window is trimmed, and the answer says so', async ({
    app,
    host,
    mock,
  }) => {
    await host.call('settings.update', { modelOverrides: { 'gpt-4o-mini': { contextWindow: 1024 } } });
    await app.reload();
    await app.getByRole('button', { name: 'New chat', exact: true }).click();
    const long = (n: number) => `Message ${n}: ${'lorem ipsum dolor sit amet '.repeat(40)}`;
    for (let i = 1; i <= 4; i++) {
      mock.enqueue({ text: `Answer ${i}. ${'consectetur adipiscing elit '.repeat(20)}` });
      await send(app, long(i));
      await waitForAnswer(app);
    }
    // Before sending: the composer says what will be left out.
    await app.getByRole('textbox', { name: 'Message' }).fill(long(5));
    await expect(app.getByTestId('context-preview')).toContainText(
      /earlier messages? will be left out to fit 1k/,
    );
    // Sent as `send` sends (handed over before the answer is waited for): else the previous
    // answer, complete, could pass for this one's.
    await send(app, long(5));
    await waitForAnswer(app);

    const body = lastRequest(mock);
    const sent = body.messages!.filter((m) => m.role === 'user' || m.role === 'assistant');
    expect(sent.length).toBeLessThan(9);
    expect(text(sent.at(-1)!.content)).toBe(long(5).trim());
    await expect(lastAnswer(app).getByTestId('adjustments')).toContainText(
      /\d+ earlier messages? (was|were) left out to fit 1k tokens/,
    );
  });
});
