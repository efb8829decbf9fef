import type { Page } from '@playwright/test';
import type { WebHost } from '../support/parley.ts';
import { PROVIDER_ID, expect, lastAnswer, send, test, waitForAnswer } from '../support/parley.ts';

/**
 * Under each answer, the route it took and thumbs up and down; in Settings, a provider's several
 * keys. The Mock provider's key (support/parley.ts) is `sk-mock-e2e-1234`.
 */
const SECOND_KEY = 'sk-mock-e2e-second-5678';

test.describe.configure({ timeout: 90_000 });

/** The newest conversation's id, as main lists it. */
async function newestConversation(host: WebHost): Promise<string> {
  return (await host.call('history.list', {})).items[0]!.id;
}

async function answerRatings(host: WebHost, conversationId: string) {
  const detail = await host.call('history.open', { conversationId });
  return detail.messages.filter((m) => m.role === 'assistant').map((m) => m.rating ?? null);
}

const thumbsUp = (app: Page) => lastAnswer(app).getByRole('button', { name: 'Good answer' });
const thumbsDown = (app: Page) => lastAnswer(app).getByRole('button', { name: 'Poor answer' });

test.describe('an answer’s route and rating', () => {
  test.afterEach(async ({ host }) => {
    await host.call('settings.update', { failoverChain: [], language: 'en' });
  });

  test('an answer that failed over shows its model, its key and why', async ({ app, host, mock }) => {
    await host.call('settings.update', { failoverChain: [{ providerId: PROVIDER_ID, model: 'gpt-4o' }] });
    mock.enqueue({ forModel: 'gpt-4o-mini', status: 500 });
    await send(app, 'Route me please');
    await waitForAnswer(app);
    const route = lastAnswer(app).getByLabel('How this answer was routed');
    await expect(route).toHaveText('gpt-4o · key …1234 · via failover (gpt-4o-mini failed)');
    await expect(route).toHaveAttribute('title', /gpt-4o-mini: gpt-4o-mini failed/);
    // The key itself is nowhere on the page.
    expect(await app.content()).not.toContain('sk-mock-e2e');
    // In Chinese too.
    await host.call('settings.update', { language: 'zh-CN' });
    const answer = app.locator('article.message.assistant').last();
    await expect(answer.getByLabel('这条回答的路由')).toHaveText(
      'gpt-4o · 密钥 …1234 · 经 故障转移 (gpt-4o-mini 失败)',
    );
    await expect(answer.getByRole('button', { name: '回答得好' })).toBeVisible();
  });

  test('a thumbs up is kept over a reload, and pressing it again takes it back', async ({ app, host }) => {
    await send(app, 'Rate me please');
    await waitForAnswer(app);
    await expect(thumbsUp(app)).toHaveAttribute('aria-pressed', 'false');
    await thumbsUp(app).click();
    await expect(thumbsUp(app)).toHaveAttribute('aria-pressed', 'true');
    await expect(thumbsDown(app)).toHaveAttribute('aria-pressed', 'false');
    const conversationId = await newestConversation(host);
    expect(await answerRatings(host, conversationId)).toEqual(['up']);

    await app.reload();
    await expect(lastAnswer(app)).toContainText('Rate me please');
    await expect(thumbsUp(app)).toHaveAttribute('aria-pressed', 'true');

    // From the keyboard: the thumbs down takes over, then a second press takes it back.
    await thumbsDown(app).focus();
    await app.keyboard.press('Enter');
    await expect(thumbsDown(app)).toHaveAttribute('aria-pressed', 'true');
    await expect(thumbsUp(app)).toHaveAttribute('aria-pressed', 'false');
    await app.keyboard.press('Enter');
    await expect(thumbsDown(app)).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => answerRatings(host, conversationId)).toEqual([null]);
  });

  test('regenerating gives the replaced answer a quiet thumbs down, shown as no thumbs', async ({
    app,
    host,
    mock,
  }) => {
    await send(app, 'Replace me please');
    await waitForAnswer(app);
    mock.enqueue({ text: 'A better answer.' });
    await lastAnswer(app).getByRole('button', { name: 'Regenerate' }).click();
    await expect(lastAnswer(app)).toContainText('A better answer');
    await waitForAnswer(app);
    const conversationId = await newestConversation(host);
    expect(await answerRatings(host, conversationId)).toEqual(['quiet-down', null]);
    await lastAnswer(app).getByRole('button', { name: 'Previous version' }).click();
    await expect(lastAnswer(app)).toContainText('1 / 2');
    await expect(thumbsUp(app)).toHaveAttribute('aria-pressed', 'false');
    await expect(thumbsDown(app)).toHaveAttribute('aria-pressed', 'false');
  });
});

test.describe('a provider’s keys', () => {
  test.afterEach(async ({ host }) => {
    for (const key of (await host.call('keys.list', { providerId: PROVIDER_ID })).keys)
      if (key.id !== 1) await host.call('keys.remove', { providerId: PROVIDER_ID, keyId: key.id });
  });

  test('a second key is added, shown by its last four characters, and removed', async ({ app, host }) => {
    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Providers' }).click();
    await dialog.getByRole('list', { name: 'Providers' }).getByRole('button', { name: /Mock/ }).click();
    const keys = dialog.getByRole('list', { name: 'Keys in turn' });
    await expect(keys.getByRole('listitem')).toHaveText([/Key 1 · …1234/]);

    await dialog.getByLabel('Another key').fill(SECOND_KEY);
    await dialog.getByRole('button', { name: 'Add key' }).click();
    await expect(keys.getByRole('listitem')).toHaveText([/Key 1 · …1234/, /Key 2 · …5678/]);
    await expect(dialog.getByLabel('Another key')).toHaveValue('');
    const listed = await host.call('keys.list', { providerId: PROVIDER_ID });
    expect(listed.keys.map((k) => k.last4)).toEqual(['1234', '5678']);
    expect(JSON.stringify(listed)).not.toContain('sk-mock');
    expect(await app.content()).not.toContain(SECOND_KEY);

    await dialog.getByRole('button', { name: 'Remove key 2' }).click();
    await expect(keys.getByRole('listitem')).toHaveText([/Key 1 · …1234/]);
    expect((await host.call('keys.list', { providerId: PROVIDER_ID })).keys).toHaveLength(1);
  });
});
