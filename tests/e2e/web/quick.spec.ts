import type { Page } from '@playwright/test';
import { MODELS, PROVIDER_ID, expect, test } from '../support/parley.ts';
import { withClipboard } from '../support/clipboard-lock.ts';
import type { WebHost } from '../support/parley.ts';

/**
 * The quick-prompt page in the browser edition (/quick.html): the same page the desktop app
 * shows in its global-hotkey window, against the real host and the mock model server.
 */

const SCREENSHOT_ANSWER = [
  'Spread the string into characters, reverse the array, and join it back:',
  '',
  '```ts',
  "const reversed = [...text].reverse().join('');",
  '```',
  '',
  'Spreading splits by **code points**, so characters outside the Basic Multilingual Plane stay whole;',
  "`text.split('')` splits UTF-16 units and breaks them.",
  '',
  '| Approach | Keeps surrogate pairs |',
  '| --- | --- |',
  "| `[...text].reverse().join('')` | yes |",
  "| `text.split('').reverse().join('')` | no |",
  '',
  'For letters with combining marks, reverse the graphemes from `Intl.Segmenter` instead.',
].join('\n');

async function openQuick(page: Page, host: WebHost): Promise<void> {
  await page.goto(`${host.origin}/quick.html#token=${host.token}`);
  await expect(page.getByRole('textbox', { name: 'Ask Parley' })).toBeFocused();
}

function input(page: Page) {
  return page.getByRole('textbox', { name: 'Ask Parley' });
}

function lastTurn(page: Page) {
  return page.getByRole('article', { name: 'Answer' }).last();
}

async function ask(page: Page, text: string): Promise<void> {
  await input(page).fill(text);
  await input(page).press('Enter');
}

async function answered(page: Page): Promise<void> {
  await expect(lastTurn(page)).toHaveAttribute('data-status', /complete|interrupted|error/);
}

async function conversationTitled(host: WebHost, title: string) {
  const page = await host.call('history.list', {});
  return page.items.find((c) => c.title.startsWith(title)) ?? null;
}

test.describe('quick prompt (browser edition)', () => {
  test.beforeEach(({ mock }) => mock.reset());

  test('Enter sends, the answer streams below as Markdown, and the exchange is saved', async ({
    page,
    host,
    mock,
  }) => {
    mock.enqueue({ chunkDelayMs: 30, chunkSize: 8 });
    await openQuick(page, host);
    await ask(page, 'How do I reverse a string in TypeScript?');
    await expect(input(page)).toHaveValue('');
    const turn = lastTurn(page);
    await expect(turn).toContainText('How do I reverse a string in TypeScript?');
    await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
    await expect(turn).toHaveAttribute('data-status', 'streaming');
    await answered(page);
    await expect(turn).toHaveAttribute('data-status', 'complete');
    await expect(turn.getByRole('heading', { name: 'Mock answer' })).toBeVisible();
    await expect(turn.locator('table')).toBeVisible();
    await expect(turn.locator('pre code .hljs-keyword').first()).toBeVisible();
    await expect(turn.getByRole('button', { name: 'Copy answer' })).toBeVisible();
    expect(mock.requests.at(-1)!.body).toMatchObject({ model: MODELS[0] });

    const saved = await conversationTitled(host, 'How do I reverse a string');
    expect(saved).not.toBeNull();
    expect(saved!.source).toBe('quick');
  });

  test('screenshot: docs/screenshots/quick.png', async ({ page, host, mock }) => {
    mock.enqueue({ text: SCREENSHOT_ANSWER, chunkDelayMs: 5, chunkSize: 20 });
    await page.setViewportSize({ width: 960, height: 720 });
    await openQuick(page, host);
    await ask(page, 'How do I reverse a string in TypeScript without breaking Unicode?');
    await answered(page);
    await expect(lastTurn(page).locator('table')).toBeVisible();
    await input(page).focus();
    await page.mouse.move(0, 0);
    // docs/screenshots is refreshed on request only (PARLEY_SCREENSHOTS=1), like the main window's.
    const path = process.env.PARLEY_SCREENSHOTS
      ? 'docs/screenshots/quick.png'
      : test.info().outputPath('quick.png');
    await page.screenshot({ path });
  });

  test('the input grows with its text; Shift+Enter adds a line without sending', async ({
    page,
    host,
    mock,
  }) => {
    await openQuick(page, host);
    const box = input(page);
    const one = (await box.boundingBox())!.height;
    await box.pressSequentially('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    await box.press('Shift+Enter');
    await box.pressSequentially('third line');
    await expect(box).toHaveValue('first line\nsecond line\nthird line');
    const three = (await box.boundingBox())!.height;
    expect(three).toBeGreaterThan(one * 2);
    expect(mock.requests).toHaveLength(0);
  });

  test('Esc stops a streaming answer and keeps what arrived; a second Esc leaves the page alone here', async ({
    page,
    host,
    mock,
  }) => {
    mock.enqueue({ chunkDelayMs: 120, chunkSize: 3 });
    await openQuick(page, host);
    await ask(page, 'Stop me with Escape');
    const turn = lastTurn(page);
    // Some text has arrived (the first pieces may be Markdown alone, such as `###`).
    await expect(turn.locator('.markdown')).toHaveText(/\w/);
    await page.keyboard.press('Escape');
    await expect(turn).toHaveAttribute('data-status', 'interrupted');
    await expect(turn).toContainText('Stopped. What arrived is kept.');
    expect((await turn.locator('.markdown').innerText()).length).toBeGreaterThan(0);
    // The browser edition has no window to hide: the second Esc changes nothing.
    const before = page.url();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(200);
    expect(page.url()).toBe(before);
    await expect(turn).toContainText('Stopped.');
  });

  test('Ctrl+Enter goes to the main page’s address for the conversation', async ({ page, host }) => {
    await openQuick(page, host);
    await ask(page, 'Where does this one go');
    await answered(page);
    const conversation = await conversationTitled(host, 'Where does this one go');
    const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
    await page.keyboard.press('Control+Enter');
    const url = new URL((await navigated).url());
    expect(url.pathname).toBe('/index.html');
    expect(url.hash).toBe(`#c=${conversation!.id}`);
  });

  test('Ctrl+Enter opens the conversation in Parley’s main page', async ({ page, host }) => {
    await openQuick(page, host);
    await ask(page, 'Continue this one in the main window');
    await answered(page);
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/index\.html/);
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await expect(page.getByRole('article', { name: 'User' }).last()).toContainText(
      'Continue this one in the main window',
    );
    await expect(page.getByRole('article', { name: /^Assistant/ }).last()).toContainText('Mock answer');
  });

  test('Ctrl+Enter with a new question sends it and opens it in Parley once answered', async ({
    page,
    host,
    mock,
  }) => {
    mock.enqueue({ chunkDelayMs: 40, chunkSize: 8 });
    await openQuick(page, host);
    await input(page).fill('Straight to the main window');
    await input(page).press('Control+Enter');
    await expect(page.getByText('Open in Parley…')).toBeVisible();
    await page.waitForURL(/\/index\.html/);
    await expect(page.getByRole('article', { name: 'User' }).last()).toContainText(
      'Straight to the main window',
    );
    await expect(page.getByRole('article', { name: /^Assistant/ }).last()).toHaveAttribute(
      'data-state',
      'complete',
    );
  });

  test('follow-ups continue the conversation; Ctrl+N starts a new one', async ({ page, host }) => {
    await openQuick(page, host);
    await ask(page, 'First quick question');
    await answered(page);
    await expect(input(page)).toHaveAttribute('placeholder', 'Ask a follow-up…');
    await ask(page, 'And a follow-up');
    await answered(page);
    await expect(page.getByRole('article', { name: 'Answer' })).toHaveCount(2);
    const conversation = await conversationTitled(host, 'First quick question');
    const detail = await host.call('history.open', { conversationId: conversation!.id });
    expect(detail.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);

    await page.keyboard.press('Control+n');
    await expect(page.getByRole('article', { name: 'Answer' })).toHaveCount(0);
    await expect(input(page)).toHaveAttribute('placeholder', 'Ask anything…');
    await ask(page, 'A separate question');
    await answered(page);
    expect(await conversationTitled(host, 'A separate question')).not.toBeNull();
  });

  test('the model picked here is used and remembered', async ({ page, host, mock }) => {
    await openQuick(page, host);
    // The default OpenAI provider lists gpt-4o too: pick the mock's.
    await page.getByRole('combobox', { name: 'Model' }).selectOption(`${PROVIDER_ID}\u0001${MODELS[1]}`);
    await ask(page, 'Which model answers?');
    await answered(page);
    expect(mock.requests.at(-1)!.body).toMatchObject({ model: MODELS[1] });
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue(
      `${PROVIDER_ID}\u0001${MODELS[1]}`,
    );
  });

  test('prefills the input from the clipboard when the setting is on', async ({ page, context, host }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    const copy = (text: string) => page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await withClipboard(async () => {
      // The clipboard is set before the window opens with the setting on, since opening reads it.
      await page.goto(`${host.origin}/quick.html#token=${host.token}`);
      await copy('Text copied in another app');
      await host.call('settings.update', {
        quickPrompt: { saveExchanges: true, prefillFromClipboard: true },
      });
      try {
        await page.reload();
        await expect(input(page)).toHaveValue('Text copied in another app');
        // The prefill is selected, so typing replaces it.
        await page.keyboard.type('Replaced');
        await expect(input(page)).toHaveValue('Replaced');
        // Summoning the window again fills an emptied input from what was copied since.
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.press('Delete');
        await copy('Copied later');
        await page.evaluate("window.dispatchEvent(new Event('focus'))");
        await expect(input(page)).toHaveValue('Copied later');
      } finally {
        await host.call('settings.update', {
          quickPrompt: { saveExchanges: true, prefillFromClipboard: false },
        });
      }
    });
  });

  test('with saving off, the exchange stays out of history unless opened in Parley', async ({
    page,
    host,
  }) => {
    await host.call('settings.update', {
      quickPrompt: { saveExchanges: false, prefillFromClipboard: false },
    });
    try {
      await openQuick(page, host);
      await expect(page.getByText('Not saved to history')).toBeVisible();
      await ask(page, 'Nothing to keep here');
      await answered(page);
      await expect.poll(() => conversationTitled(host, 'Nothing to keep here')).toBeNull();

      await page.keyboard.press('Control+n');
      await ask(page, 'But keep this one');
      await answered(page);
      await expect.poll(() => conversationTitled(host, 'But keep this one')).toBeNull();
      await page.keyboard.press('Control+Enter');
      await page.waitForURL(/\/index\.html/);
      expect(await conversationTitled(host, 'But keep this one')).not.toBeNull();
    } finally {
      await host.call('settings.update', {
        quickPrompt: { saveExchanges: true, prefillFromClipboard: false },
      });
    }
  });

  test('refuses to work without the access token', async ({ browser, host }) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${host.origin}/quick.html`);
    await expect(page.getByRole('alert')).toContainText('npm run web');
    await page.context().close();
  });
});
