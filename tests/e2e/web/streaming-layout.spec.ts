/**
 * A growing answer keeps the elements it has shown (browser edition, Chromium): blocks that have
 * closed are never built and laid out again as the answer grows. (Past 24 blocks an answer used
 * to switch to a sectioned layout, rebuilding every block at once: one long task of style and
 * layout over the whole answer, 57 ms of CPU on a 60,000-character answer; later, to switch its
 * sections to skipping rendering out of view, restyling them all at once.) The block still
 * streaming is kept too when it closes: it is marked here while it is the open tail.
 */
import { test, expect, send, lastAnswer, waitForAnswer } from '../support/parley.ts';

test('an answer growing to 60 blocks keeps its first paragraph element, and its sections after the first skip rendering out of view', async ({
  app,
  mock,
}) => {
  const paragraphs = Array.from(
    { length: 60 },
    (_, i) => `Paragraph ${i + 1} of a long answer, with **bold** words in it.`,
  );
  // The stream pauses inside the first paragraph, so it is marked while still open.
  mock.enqueue({
    text: paragraphs.join('\n\n'),
    chunkSize: 20,
    chunkDelayMs: 40,
    stallAfterChunks: 2,
    stallMs: 5_000,
  });
  await send(app, 'A long answer, please');
  // Mark the first paragraph as soon as it shows (the page's own attribute, not React's: a
  // rebuilt paragraph would not carry it).
  const handle = await app.waitForFunction(() => {
    const answers = document.querySelectorAll('article.message.assistant');
    const paragraphs = answers[answers.length - 1]?.querySelectorAll('.markdown p');
    if (!paragraphs?.length) return null;
    paragraphs[0]!.setAttribute('data-probe', 'first');
    return paragraphs.length;
  });
  const blocksWhenMarked = (await handle.jsonValue()) as number;
  expect(blocksWhenMarked, 'marked while the first paragraph was the only, open block').toBe(1);

  const answer = lastAnswer(app);
  await expect(answer).toHaveAttribute('data-state', 'complete', { timeout: 60_000 });
  await waitForAnswer(app);
  await expect(answer).toContainText('Paragraph 60 of');
  await expect(answer.locator('.markdown p')).toHaveCount(60);
  await expect(answer.locator('p[data-probe="first"]')).toContainText('Paragraph 1 of');
  // A long answer's sections after the first skip rendering while out of view, from the start.
  const sections = answer.locator('.markdown > .section');
  await expect(sections).toHaveCount(4);
  expect(
    await sections.evaluateAll((all) => all.map((el) => getComputedStyle(el).contentVisibility)),
  ).toEqual(['visible', 'auto', 'auto', 'auto']);
});
