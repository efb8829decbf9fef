import type { RecordedRequest } from '../../mock-server/server.ts';
import { MODELS, PROVIDER_ID, expect, lastAnswer, send, test, waitForAnswer } from '../support/parley.ts';

/**
 * Settings' model defaults, a parameter the model refuses, and the quick prompt's assistant, end
 * to end in the browser edition: what the UI sets is what the mock server receives.
 */
test.describe.configure({ timeout: 120_000 });

type Body = { messages?: { role: string; content: unknown }[]; temperature?: number };
const bodyOf = (request: RecordedRequest | undefined) => (request?.body ?? {}) as Body;
const SEP = '\u0001';

test.afterEach(async ({ host }) => {
  await host.call('settings.update', { defaultParameters: {}, modelOverrides: {} });
});

test('Settings’ model defaults reach the wire; a parameter the model refuses is named on the answer, not sent', async ({
  app,
  host,
  mock,
}) => {
  await app.keyboard.press('Control+,');
  const settings = app.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Models' }).click();
  const defaults = settings.getByRole('form', { name: 'Model defaults' });
  await defaults.getByLabel('Temperature').fill('0.7');
  await defaults.getByRole('button', { name: 'Save defaults' }).click();
  await expect(defaults.getByRole('status')).toHaveText('Saved the model defaults.');
  await app.keyboard.press('Escape');

  await send(app, 'With the defaults');
  await waitForAnswer(app);
  expect(bodyOf(mock.requests.at(-1)).temperature).toBe(0.7);
  // A new conversation starts from the defaults: its own settings show them.
  await app.getByRole('button', { name: 'Conversation settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Conversation settings' });
  await expect(dialog.getByLabel('Temperature')).toHaveValue('0.7');
  await expect(dialog.getByLabel('Temperature')).toHaveAttribute('placeholder', '0.7');
  await dialog.getByRole('button', { name: 'Close conversation settings' }).click();

  // A person's correction: this model takes no temperature. It is not sent, and the answer says so.
  await host.call('settings.update', {
    modelOverrides: { [MODELS[1]!]: { parameters: { temperature: false } } },
  });
  await app.getByRole('button', { name: 'New chat', exact: true }).click();
  await app.getByRole('combobox', { name: 'Model' }).selectOption(`${PROVIDER_ID}${SEP}${MODELS[1]}`);
  await send(app, 'Without a temperature');
  await waitForAnswer(app);
  expect(bodyOf(mock.requests.at(-1))).not.toHaveProperty('temperature');
  await expect(lastAnswer(app).getByTestId('adjustments')).toHaveText(
    'Temperature isn’t supported by this model; it was not sent.',
  );
  // Its settings show only what it takes.
  await app.getByRole('button', { name: 'Conversation settings' }).click();
  await expect(app.getByRole('dialog', { name: 'Conversation settings' }).getByLabel('Top P')).toBeVisible();
  await expect(
    app.getByRole('dialog', { name: 'Conversation settings' }).getByLabel('Temperature'),
  ).toHaveCount(0);
});

test('the quick prompt can start with an assistant', async ({ page, host, mock }) => {
  const terse = await host.call('assistants.save', {
    name: 'Quick terse',
    systemPrompt: 'Answer in one word.',
  });
  try {
    mock.reset();
    await page.goto(`${host.origin}/quick.html#token=${host.token}`);
    const picker = page.getByRole('combobox', { name: 'Assistant' });
    await picker.selectOption({ label: '🤖 Quick terse' });
    const input = page.getByRole('textbox', { name: 'Ask Parley' });
    await input.fill('hi there');
    await input.press('Enter');
    await expect(page.getByRole('article', { name: 'Answer' }).last()).toHaveAttribute(
      'data-status',
      'complete',
    );
    const system = bodyOf(mock.requests.at(-1)).messages?.find((m) => m.role === 'system');
    expect(system?.content).toBe('Answer in one word.');
  } finally {
    await host.call('assistants.remove', { id: terse.id });
  }
});

test('the library exports its assistants as JSON and imports them back; a bad file is refused in plain words', async ({
  app,
  host,
}, testInfo) => {
  const mine = await host.call('assistants.save', {
    name: 'Exported one',
    emoji: '📦',
    systemPrompt: 'Pack it.',
  });
  await app.getByRole('button', { name: 'Assistants', exact: true }).click();
  const library = app.getByRole('dialog', { name: 'Assistants' });
  const downloading = app.waitForEvent('download');
  await library.getByRole('button', { name: 'Export', exact: true }).click();
  const file = testInfo.outputPath('assistants.json');
  await (await downloading).saveAs(file);
  await expect(library.getByRole('status')).toContainText('Saved');

  await host.call('assistants.remove', { id: mine.id });
  await expect(library.getByRole('listitem', { name: 'Exported one', exact: true })).toHaveCount(0);
  await library.getByTestId('assistants-import-file').setInputFiles(file);
  await expect(library.getByRole('status')).toContainText(/Imported \d+ assistants?\./);
  await expect(library.getByRole('listitem', { name: 'Exported one', exact: true })).toBeVisible();
  const back = (await host.call('assistants.list')).find((a) => a.name === 'Exported one');
  expect(back?.systemPrompt).toBe('Pack it.');

  await library.getByTestId('assistants-import-file').setInputFiles({
    name: 'not-assistants.json',
    mimeType: 'application/json',
    buffer: Buffer.from('this is not JSON'),
  });
  await expect(library.getByRole('alert')).toContainText('Could not import:');
  await host.call('assistants.remove', { id: back!.id });
});
