import { test, expect, send, lastAnswer, waitForAnswer } from '../support/parley.ts';

/** Model output is untrusted: it may contain markup, scripts and dangerous links. None may come alive. */
const HOSTILE = [
  'Here is some markup:',
  '',
  '<img src="x" onerror="window.__pwned = \'img\'">',
  '<script>window.__pwned = "script"</script>',
  '<a href="javascript:window.__pwned=\'link\'">raw link</a>',
  '',
  '[markdown link](javascript:window.__pwned="md") and [data](data:text/html,<b>x</b>) and [safe](https://example.com/ok)',
  '',
  '![tracker](https://tracker.example/pixel.png)',
  '',
  '$$\\href{javascript:alert(1)}{math link}$$',
].join('\n');

test('raw HTML, scripts, unsafe links and remote images in an answer stay inert', async ({ app, mock }) => {
  mock.enqueue({ text: HOSTILE, chunkSize: 7, chunkDelayMs: 2 });
  await send(app, 'Show me some hostile markup');
  await waitForAnswer(app);
  const answer = lastAnswer(app);
  await expect(answer).toHaveAttribute('data-state', 'complete');
  // The markup is shown as text, not executed or rendered.
  await expect(answer).toContainText('<script>');
  await expect(answer).toContainText('onerror');
  expect(await answer.locator('img, script, iframe, object, embed').count()).toBe(0);
  // Only safe links are links; an image becomes a link to it, never fetched.
  const hrefs = await answer
    .locator('a[href]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(['https://example.com/ok', 'https://tracker.example/pixel.png']);
  await expect(answer.locator('a[href="https://example.com/ok"]')).toHaveAttribute('rel', /noopener/);
  await app.waitForTimeout(200);
  expect(await app.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
});
