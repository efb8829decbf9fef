/**
 * A growing answer keeps the elements it has shown (browser edition, Chromium): blocks that have
 * closed are never built and laid out again as the answer grows. (Past 24 blocks an answer used
 * to switch to a sectioned layout, rebuilding every block at once: one long task of style and
 * layout over the whole answer, 57 ms of CPU on a 60,000-character answer; later, to switch its
 * sections to skipping rendering out of view, restyling them all at once.) The block still
 * streaming is kept too when it closes: it is marked here while it is the open tail.
 */
import type { Locator } from '@playwright/test';
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
  // Sections change no spacing: paragraphs are as far apart across a section's edge as within
  // one, and the actions under the answer as far from its last paragraph as under a short answer.
  const long = await spacing(answer);
  expect(new Set(long.gaps)).toEqual(new Set([12]));
  mock.enqueue({ text: 'A short answer.\n\nIn two paragraphs.' });
  await send(app, 'A short one');
  await waitForAnswer(app);
  await expect(lastAnswer(app)).toContainText('In two paragraphs.');
  expect((await spacing(lastAnswer(app))).after).toBe(long.after);
  // A paragraph of 40,000 characters is shown in pieces of about 1,000 (three sections' worth):
  // they run in, with no gap where a section ends.
  mock.enqueue({ text: `${'A word '.repeat(6000)}end.`, chunkSize: 4000 });
  await send(app, 'One long paragraph');
  await waitForAnswer(app);
  await expect(lastAnswer(app).locator('.markdown > .section')).toHaveCount(3);
  expect(new Set((await spacing(lastAnswer(app))).gaps)).toEqual(new Set([0]));
});

/** Gaps between an answer's paragraphs (px), and from its last paragraph to what follows the text. */
function spacing(answer: Locator): Promise<{ gaps: number[]; after: number }> {
  return answer.evaluate((article) => {
    const paragraphs = Array.from(article.querySelectorAll('.markdown p'), (p) => p.getBoundingClientRect());
    const next = article.querySelector('.markdown')!.nextElementSibling!.getBoundingClientRect();
    return {
      gaps: paragraphs.slice(1).map((p, i) => Math.round(p.top - paragraphs[i]!.bottom)),
      after: Math.round(next.top - paragraphs[paragraphs.length - 1]!.bottom),
    };
  });
}
