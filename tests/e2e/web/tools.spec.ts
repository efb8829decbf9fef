import type { Page } from '@playwright/test';
import type { MockServer } from '../../mock-server/server.ts';
import { lastToolResult } from '../../mock-server/tool-calls.ts';
import { everything } from '../../integration/tools/mcp-servers.ts';
import { expect, lastAnswer, send, test, waitForAnswer } from '../support/parley.ts';

/**
 * Tools in the browser edition, end to end: a real MCP server from npm (server-everything) set up
 * in settings and switched on for a conversation, the mock model calling its `get-sum`, the person
 * allowing or denying it in the window, and what the model receives back.
 */
test.describe.configure({ timeout: 120_000 });

const SUM = { id: 'call_sum', name: 'everything__get-sum', arguments: { a: 2, b: 3 } };

test.beforeEach(async ({ host }) => {
  await host.call('settings.update', { mcpServers: [everything()], toolsAlwaysAllowed: [] });
});
test.afterEach(async ({ host }) => {
  await host.call('settings.update', { mcpServers: [], toolsAlwaysAllowed: [] });
});

/** A conversation (one plain exchange) with the everything server's tools switched on in its settings. */
async function conversationWithTools(app: Page, mock: MockServer): Promise<void> {
  mock.enqueue({ text: 'Hello.' });
  await send(app, 'Hi');
  await waitForAnswer(app);
  await expect(app.locator('.tools-indicator')).toHaveCount(0);
  await app.getByRole('button', { name: 'Conversation settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Conversation settings' });
  const tools = dialog.getByRole('group', { name: 'Tools' });
  await tools.getByRole('checkbox', { name: 'everything' }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  const indicator = app.getByRole('button', { name: /Tools on in this conversation: everything/ });
  await expect(indicator).toHaveText('🛠 1 tool server');
  // The indicator opens the Tools section, its first box focused.
  await indicator.click();
  await expect(tools.getByRole('checkbox', { name: 'everything' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
}

/** The answer's pieces in the order they are shown: text, a tool card or result, text (not a result's own text). */
const pieces = (answer: ReturnType<typeof lastAnswer>) =>
  answer
    .locator('.markdown, .tool-card, .tool-result')
    .evaluateAll((els) =>
      els
        .filter((el) => !el.parentElement?.closest('.tool-result'))
        .map((el) =>
          el.classList.contains('markdown') ? `text:${el.textContent?.trim()}` : `tool:${el.className}`,
        ),
    );

test('the model calls get-sum: the person allows it, the result folds, the model gets it, a reload keeps it', async ({
  app,
  mock,
  host,
}) => {
  await conversationWithTools(app, mock);
  mock.enqueue({ text: 'Let me add those.', toolCalls: [SUM] });
  mock.enqueue({ text: 'The sum is 5.' });
  await send(app, 'What is 2 + 3?');

  const card = app.getByRole('alertdialog', { name: 'Tool call: everything › get-sum' });
  await expect(card).toBeVisible();
  await expect(card).toBeFocused();
  await expect(card.locator('pre')).toHaveText('{\n  "a": 2,\n  "b": 3\n}');
  // The model waits for the person: nothing more was asked of it.
  expect(mock.requests).toHaveLength(2);
  await expect(lastAnswer(app).getByRole('status')).toHaveText('Waiting for your decision on a tool call…');
  // Keyboard: from the card, Tab reaches the buttons (Deny, Always, Allow once); Enter answers.
  await app.keyboard.press('Tab');
  await expect(card.getByRole('button', { name: 'Deny' })).toBeFocused();
  await app.keyboard.press('Tab');
  await app.keyboard.press('Tab');
  await expect(card.getByRole('button', { name: 'Allow once' })).toBeFocused();
  await app.keyboard.press('Enter');

  await waitForAnswer(app);
  const answer = lastAnswer(app);
  const result = answer.locator('details.tool-result');
  await expect(result.locator('summary')).toHaveText('Result of everything › get-sum');
  await expect(result).not.toHaveAttribute('open');
  await result.locator('summary').click();
  await expect(result).toContainText('5');
  await expect(answer.locator('.tool-result.error')).toHaveCount(0);
  expect(await pieces(answer)).toEqual(['text:Let me add those.', 'tool:tool-result', 'text:The sum is 5.']);

  // The model's next request carried the tool's result.
  expect(mock.requests).toHaveLength(3);
  expect(lastToolResult(mock.requests[2]!.body)).toMatch(/\b5\b/);
  // "Allow once" did not make it always allowed.
  expect((await host.call('settings.get')).toolsAlwaysAllowed).toEqual([]);

  await app.reload();
  await expect(lastAnswer(app)).toContainText('The sum is 5.');
  expect(await pieces(lastAnswer(app))).toEqual([
    'text:Let me add those.',
    'tool:tool-result',
    'text:The sum is 5.',
  ]);
  await lastAnswer(app).locator('details.tool-result summary').click();
  await expect(lastAnswer(app).locator('details.tool-result')).toContainText('5');
});

test('Deny sends a refusal back to the model, and the tool never runs', async ({ app, mock }) => {
  await conversationWithTools(app, mock);
  mock.enqueue({ toolCalls: [SUM] });
  mock.enqueue({ text: 'Understood, I will not use it.' });
  await send(app, 'Add 2 and 3 with the tool.');

  const card = app.getByRole('alertdialog', { name: 'Tool call: everything › get-sum' });
  await card.getByRole('button', { name: 'Deny' }).click();
  await waitForAnswer(app);

  const body = mock.requests.at(-1)!.body;
  const refusal = lastToolResult(body);
  expect(refusal).toBeTruthy();
  expect(refusal).not.toMatch(/\b5\b/);
  expect(refusal).toMatch(/den|refus/i);
  const answer = lastAnswer(app);
  await expect(answer).toContainText('Understood, I will not use it.');
  await expect(answer.locator('details.tool-result.error summary')).toContainText('everything › get-sum');
});

test('a running call shows Running… and can be cancelled; the model is told and answers', async ({
  app,
  mock,
}) => {
  await conversationWithTools(app, mock);
  const long = {
    id: 'call_long',
    name: 'everything__trigger-long-running-operation',
    arguments: { duration: 60, steps: 60 },
  };
  mock.enqueue({ toolCalls: [long] });
  mock.enqueue({ text: 'Cancelled, as you asked.' });
  await send(app, 'Run the long operation.');
  const card = app.getByRole('alertdialog', {
    name: 'Tool call: everything › trigger-long-running-operation',
  });
  await card.getByRole('button', { name: 'Allow once' }).click();
  const running = lastAnswer(app).locator('.tool-card.running');
  await expect(running).toContainText('Running…');
  await expect(lastAnswer(app).getByRole('status').last()).toHaveText('A tool is running…');
  // The pressed button went away: the keyboard goes on from Cancel.
  const cancel = running.getByRole('button', { name: 'Cancel everything › trigger-long-running-operation' });
  await expect(cancel).toBeFocused();
  await app.keyboard.press('Enter');
  await waitForAnswer(app);
  const answer = lastAnswer(app);
  await expect(answer).toContainText('Cancelled, as you asked.');
  await expect(answer.locator('details.tool-result.error summary')).toHaveText(
    'ErrorError from everything › trigger-long-running-operation',
  );
  expect(lastToolResult(mock.requests.at(-1)!.body)).toMatch(/cancel/i);
});

test('Always for this tool: the next call runs without asking; tool output shows as text, never as HTML', async ({
  app,
  mock,
  host,
}) => {
  await conversationWithTools(app, mock);
  const hostile = '<img src=x onerror="window.__pwned=1"> **bold** <script>window.__pwned=2</script>';
  const echo = (id: string, message = hostile) => ({ id, name: 'everything__echo', arguments: { message } });
  mock.enqueue({ toolCalls: [echo('call_echo1')] });
  mock.enqueue({ text: 'Echoed once.' });
  await send(app, 'Echo it.');
  await app
    .getByRole('alertdialog', { name: 'Tool call: everything › echo' })
    .getByRole('button', { name: 'Always for this tool' })
    .click();
  await waitForAnswer(app);
  expect((await host.call('settings.get')).toolsAlwaysAllowed).toEqual(['everything__echo']);

  // A long output (and arguments): the card shows the first 20,000 characters and says how much more there is.
  mock.enqueue({ toolCalls: [echo('call_echo2', `${hostile} ${'x'.repeat(25_000)}`)] });
  mock.enqueue({ text: 'Echoed again.' });
  await send(app, 'Again.');
  await waitForAnswer(app);
  await expect(app.getByRole('alertdialog')).toHaveCount(0);
  const answer = lastAnswer(app);
  await expect(answer).toContainText('Echoed again.');
  await answer.locator('details.tool-result summary').click();
  const body = answer.locator('.tool-result-body');
  await expect(body).toContainText('<img src=x onerror=');
  await expect(body.locator('img, script')).toHaveCount(0);
  await expect(body.locator('.hint')).toHaveCount(2);
  await expect(body.locator('.hint').last()).toHaveText(
    /^Showing the first 20,000 characters; 5,\d{3} more are not shown\.$/,
  );
  expect(await app.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('the quick prompt with an assistant that uses tools asks there too, and shows the folded result', async ({
  page,
  host,
  mock,
}) => {
  const adder = await host.call('assistants.save', { name: 'Quick adder', tools: ['everything'] });
  try {
    mock.reset();
    await page.goto(`${host.origin}/quick.html#token=${host.token}`);
    await page.getByRole('combobox', { name: 'Assistant' }).selectOption({ label: '🤖 Quick adder' });
    mock.enqueue({ text: 'Adding.', toolCalls: [SUM] });
    mock.enqueue({ text: 'It is 5.' });
    const input = page.getByRole('textbox', { name: 'Ask Parley' });
    await input.fill('What is 2 + 3?');
    await input.press('Enter');
    const card = page.getByRole('alertdialog', { name: 'Tool call: everything › get-sum' });
    await expect(card).toBeFocused();
    await card.getByRole('button', { name: 'Allow once' }).click();
    const turn = page.getByRole('article', { name: 'Answer' }).last();
    await expect(turn).toHaveAttribute('data-status', 'complete');
    await expect(turn).toContainText('It is 5.');
    await turn.locator('details.tool-result summary').click();
    await expect(turn.locator('details.tool-result')).toContainText('5');
    expect(lastToolResult(mock.requests.at(-1)!.body)).toMatch(/\b5\b/);
  } finally {
    await host.call('assistants.remove', { id: adder.id });
  }
});

test('an assistant switches tools on for its chats; with no server set up, the section points to Settings', async ({
  app,
  host,
}) => {
  await app.getByRole('button', { name: 'Assistants', exact: true }).click();
  await app
    .getByRole('dialog', { name: 'Assistants' })
    .getByRole('button', { name: 'New assistant' })
    .click();
  const editor = app.getByRole('dialog', { name: 'New assistant' });
  await editor.getByLabel('Name', { exact: true }).fill('Adder');
  await editor.getByRole('group', { name: 'Tools' }).getByRole('checkbox', { name: 'everything' }).check();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
  const saved = (await host.call('assistants.list')).find((a) => a.name === 'Adder');
  expect(saved?.tools).toEqual(['everything']);
  await host.call('assistants.remove', { id: saved!.id });

  await host.call('settings.update', { mcpServers: [] });
  await app
    .getByRole('dialog', { name: 'Assistants' })
    .getByRole('button', { name: 'New assistant' })
    .click();
  await expect(
    app.getByRole('dialog', { name: 'New assistant' }).getByRole('group', { name: 'Tools' }),
  ).toContainText('Add one in Settings → MCP servers');
});
