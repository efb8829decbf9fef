import { test, expect, send, waitForAnswer } from '../support/parley.ts';

/** Issue 11 item 12: titles are found, snippets are plain text, hits are grouped by conversation. */
test.describe('search', () => {
  test('finds titles, shows plain snippets, and groups hits by conversation with "N more"', async ({
    app,
    host,
    mock,
  }) => {
    mock.enqueue({
      text: [
        '### Nimbostratus',
        '',
        '**Nimbostratus** clouds are `grey` layers; see [the nimbostratus page](https://example.com/n).',
        '',
        '- nimbostratus brings steady rain',
      ].join('\n'),
    });
    await send(app, 'Tell me about the nimbostratus cloud');
    await waitForAnswer(app);
    mock.enqueue({ text: 'A nimbostratus layer can be **3 km** thick.' });
    await send(app, 'More nimbostratus facts please');
    await waitForAnswer(app);

    await app.getByRole('button', { name: 'New chat' }).click();
    mock.enqueue({ text: 'Cumulus, not nimbostratus, makes the fair-weather puffs.' });
    await send(app, 'Which clouds are puffy?');
    await waitForAnswer(app);

    await app.getByRole('button', { name: 'New chat' }).click();
    await send(app, 'Hello there');
    await waitForAnswer(app);
    const page = await host.call('history.list', {});
    const greeting = page.items.find((c) => c.title.startsWith('Hello there'))!;
    await host.call('history.rename', { conversationId: greeting.id, title: 'Greeting test 问候' });
    await app.getByRole('button', { name: 'New chat' }).click();

    const search = app.getByRole('searchbox', { name: 'Search conversations' });
    const results = app.getByRole('list', { name: 'Search results' });
    const groups = results.locator(':scope > li');

    // A title is found (Chinese and English), its match marked.
    for (const query of ['问候', 'greeting']) {
      await search.fill(query);
      await expect(groups).toHaveCount(1);
      await expect(groups.first()).toContainText('Greeting test 问候');
      await expect(groups.first().locator('.hit-title mark')).toHaveText(
        query === '问候' ? '问候' : 'Greeting',
      );
    }
    await groups.first().getByRole('button').first().click();
    await expect(app.getByRole('article', { name: 'User' }).first()).toContainText('Hello there');

    // One group per conversation, the one with more hits saying how many more.
    await search.fill('nimbostratus');
    await expect(groups).toHaveCount(2);
    const trip = groups.filter({ hasText: 'Tell me about the nimbostratus' });
    await expect(trip).toHaveCount(1);
    await expect(groups.filter({ hasText: 'Which clouds are puffy' })).toHaveCount(1);
    await expect(
      groups.filter({ hasText: 'Which clouds are puffy' }).getByRole('button', { name: /more in this/ }),
    ).toHaveCount(0);
    const more = trip.getByRole('button', { name: '3 more in this conversation' });
    await expect(more).toBeVisible();
    await expect(more).toHaveAttribute('aria-expanded', 'false');

    // Snippets are plain text with the matches marked, never Markdown syntax or live HTML.
    const snippets = results.locator('.hit-snippet');
    for (const text of await snippets.allInnerTexts()) {
      expect(text).not.toMatch(/###|\*\*|`|\]\(/);
    }
    await expect(trip.locator('.hit-snippet mark').first()).toHaveText(/nimbostratus/i);
    await expect(results.locator('a, h3, strong, code')).toHaveCount(0);

    // Plain text: the heading, bold, code, link and list marker are gone, the words stay.
    await expect(trip).toContainText(
      'Nimbostratus clouds are grey layers; see the nimbostratus page. nimbostratus brings steady rain',
    );

    await more.click();
    const nested = trip.getByRole('list', { name: /^More in / });
    await expect(nested.getByRole('button')).toHaveCount(3);
    await expect(nested.locator('mark')).toHaveCount(3);
    await expect(trip.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
    await expect(trip.locator('.hit-snippet')).toHaveCount(4);
    for (const text of await trip.locator('.hit-snippet').allInnerTexts()) {
      expect(text).not.toMatch(/###|\*\*|`|\]\(/);
    }

    // A hit opens its conversation at that message.
    await trip.getByRole('button').filter({ hasText: '3 km' }).click();
    await expect(app.locator('article.highlighted')).toContainText('3 km');
  });
});
