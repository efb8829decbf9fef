/**
 * Hostile answers in the real UI (browser edition, Chromium): math bombs, deep nesting, a 1 MB
 * paragraph, hostile links and random mixes of them. Each asserts the window is not blank (the
 * conversation list, the composer and the other messages still show) and, where it is about
 * time, that no main-thread task took over 200 ms of CPU time (Chromium's trace: on a loaded
 * machine a task's wall time is mostly waiting for a core; PerformanceObserver `longtask`
 * wall times are printed beside it).
 *
 * Random documents use fast-check with a fixed seed plus a random one, printed
 * (PARLEY_FUZZ_SEED=<n> replays it).
 */
import fc from 'fast-check';
import type { Page } from '@playwright/test';
import { test, expect, send, lastAnswer, waitForAnswer } from '../support/parley.ts';
import { traceTasks } from '../support/task-trace.ts';
import type { CpuTasks } from '../support/task-trace.ts';
import { hostileFragments, hugeParagraph, nestedMath } from '../../../src/renderer/bench/hostile-content.ts';

/**
 * No main-thread task of a hostile answer's streaming or opening may take longer, in CPU time.
 * (Wall time is printed, not asserted: on a loaded machine a task of 160 ms of CPU took 980 ms.)
 */
const TASK_CPU_LIMIT_MS = 200;

// Playwright's trace recorder snapshots the whole DOM on every action and every poll of an
// expect, in the page's main thread (seconds for a 1 MB answer): the tasks timed here would be
// its own, not Parley's. This file runs without it.
test.use({ trace: 'off' });

/** Records long tasks (from page load when installed as an init script). */
function observeLongTasks() {
  const w = window as unknown as { __longTasks?: { start: number; duration: number }[] };
  if (w.__longTasks) return;
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      w.__longTasks!.push({ start: Math.round(entry.startTime), duration: Math.round(entry.duration) });
  }).observe({ type: 'longtask' });
}

async function longTasksSince(page: Page, since: number): Promise<number[]> {
  return page.evaluate(
    (t0) =>
      ((window as unknown as { __longTasks?: { start: number; duration: number }[] }).__longTasks ?? [])
        .filter((t) => t.start >= t0)
        .map((t) => t.duration),
    since,
  );
}

const now = (page: Page) => page.evaluate(() => performance.now());

/**
 * Waits, with the page's own cheap checks, until the last answer has settled and its last block
 * (a finished answer's last paragraph) holds `end`. Not a Playwright locator: over a 1 MB answer's
 * DOM its selector engine is a task of 80+ ms of its own in the page, which the figures would count.
 */
async function answerShown(page: Page, end: string, timeout: number): Promise<void> {
  await page.waitForFunction(
    (text) => {
      const answers = document.querySelectorAll<HTMLElement>('article.message.assistant');
      const answer = answers[answers.length - 1];
      const last = answer?.querySelector('.markdown')?.lastElementChild;
      return (
        /complete|interrupted|error/.test(answer?.dataset.state ?? '') && last?.textContent?.includes(text)
      );
    },
    end,
    { timeout, polling: 100 },
  );
}

/** The tasks of what `run` causes: CPU time from Chromium's trace, wall time from `longtask`. */
async function timedTasks(page: Page, run: () => Promise<void>): Promise<{ cpu: CpuTasks; wall: number[] }> {
  const t0 = await now(page);
  const stop = await traceTasks(page.context().browser()!, page);
  await run();
  const cpu = await stop();
  return { cpu, wall: await longTasksSince(page, t0) };
}

function expectQuickTasks(what: string, { cpu, wall }: { cpu: CpuTasks; wall: number[] }) {
  console.log(`${what}: longest task ${cpu.longest} ms CPU; long tasks (ms, wall) ${JSON.stringify(wall)}`);
  expect(cpu.longest, `${what}: longest task in CPU time`).toBeLessThanOrEqual(TASK_CPU_LIMIT_MS);
}

/** The window is not blank: the list, the composer and the question asked still show. */
async function expectWindowAlive(page: Page, question: string) {
  await expect(page.getByRole('list', { name: 'Conversations' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'User' }).filter({ hasText: question })).toBeVisible();
}

test.describe('hostile answers', () => {
  test('30 KB of nested math shows as its source; the window stays, also when it opens again', async ({
    app,
    mock,
  }) => {
    const errors: string[] = [];
    app.on('pageerror', (error) => errors.push(error.message));
    mock.enqueue({
      text: `Before the bomb.\n\n$$${nestedMath(3000)}$$\n\nInline $${nestedMath(1000)}$ too.\n\nAfter the bomb.`,
      chunkSize: 2000,
      chunkDelayMs: 5,
    });
    await send(app, 'Nested math please');
    await waitForAnswer(app);
    const answer = lastAnswer(app);
    await expect(answer).toContainText('Before the bomb.');
    await expect(answer).toContainText('After the bomb.');
    // Its source shows: as a refused formula, or as plain text where parsing it proved slow (timed,
    // so a loaded machine may take either way).
    await expect(answer).toContainText('\\frac{1}{\\frac{1}{');
    await expect(answer.locator('.katex')).toHaveCount(0);
    await expectWindowAlive(app, 'Nested math please');

    await app.reload();
    await expectWindowAlive(app, 'Nested math please');
    await expect(lastAnswer(app)).toContainText('After the bomb.');
    expect(errors).toEqual([]);
  });

  test('deep nesting and pathological inline runs: no blank window, no task over 200 ms', async ({
    app,
    mock,
  }) => {
    // The longest task was 3.6 s before; a streaming list of 400 deepening items (18 KB once
    // capped) is now shown as text until the next block starts, once it proves slow to parse.
    test.setTimeout(120_000);
    await app.evaluate(observeLongTasks);
    const text = [
      'Nesting ahead.',
      Array.from({ length: 1000 }, (_, i) => '>'.repeat(i + 1) + ' quote').join('\n'),
      Array.from({ length: 400 }, (_, i) => ' '.repeat(i * 2) + '- item').join('\n'),
      '- '.repeat(3000) + 'deep item',
      '*_'.repeat(3000) + 'x' + '_*'.repeat(3000),
      '*a '.repeat(20000),
      '['.repeat(20000) + ']('.repeat(2000),
      'Still here at the end.',
    ].join('\n\n');
    mock.enqueue({ text, chunkSize: 3000, chunkDelayMs: 16 });
    const tasks = await timedTasks(app, async () => {
      await send(app, 'Nest deeply');
      await answerShown(app, 'Still here at the end.', 60_000);
    });
    await expect(lastAnswer(app)).toContainText('Still here at the end.');
    await waitForAnswer(app);
    await expectWindowAlive(app, 'Nest deeply');
    expectQuickTasks('nesting', tasks);
  });

  test('a 1 MB paragraph streams and opens with no task over 200 ms', async ({ app, mock }) => {
    test.setTimeout(300_000);
    const paragraph = hugeParagraph(1_000_000, 1);
    await app.evaluate(observeLongTasks);
    mock.enqueue({
      text: `${paragraph}\n\nThe end of the huge paragraph.`,
      chunkSize: 4000,
      chunkDelayMs: 16,
    });
    const end = 'The end of the huge paragraph.';
    const streaming = await timedTasks(app, async () => {
      await send(app, 'One huge paragraph');
      await answerShown(app, end, 180_000);
    });
    await waitForAnswer(app);
    await expect(lastAnswer(app)).toContainText(end);
    await expectWindowAlive(app, 'One huge paragraph');

    // Opened again from the list: a fresh page (nothing cached), then a click on the conversation.
    await app.keyboard.press('Control+n');
    await app.reload();
    await expect(app.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await app.evaluate(observeLongTasks);
    await app.waitForTimeout(500);
    const conversation = app.getByRole('list', { name: 'Conversations' }).getByText('One huge paragraph');
    await conversation.waitFor();
    const opening = await timedTasks(app, async () => {
      await conversation.click();
      await answerShown(app, end, 60_000);
    });
    await expect(lastAnswer(app)).toContainText(end);
    await expectWindowAlive(app, 'One huge paragraph');
    expectQuickTasks('1 MB paragraph, streaming', streaming);
    expectQuickTasks('1 MB paragraph, opening', opening);
  });

  test('hostile links and HTML stay text: no script, no live handler, no unsafe link', async ({
    app,
    mock,
  }) => {
    mock.enqueue({
      text: [
        '[click](javascript:window.__pwned=1) [data](data:text/html,<script>window.__pwned=2</script>)',
        '[vb](vbscript:msgbox) [file](file:///etc/passwd) <javascript:alert(1)> [ok](https://example.com/a)',
        '<img src=x onerror="window.__pwned=3"> <script>window.__pwned=4</script>',
        '<a href="javascript:window.__pwned=5">raw anchor</a> ![img](https://example.com/x.png)',
        '<iframe src="https://example.com"></iframe> <svg onload="window.__pwned=6"></svg>',
        '[x](JaVaScRiPt:window.__pwned=7) [y](  javascript:window.__pwned=8) [z](java\tscript:x)',
        '$\\href{javascript:window.__pwned=9}{math link}$ and $\\url{javascript:alert(1)}$',
      ].join('\n\n'),
    });
    await send(app, 'Hostile links');
    await waitForAnswer(app);
    const answer = lastAnswer(app);
    await expect(answer).toContainText('raw anchor');
    const markdown = answer.locator('.markdown');
    await expect(
      markdown.locator('script, img, iframe, svg:not(.katex svg), [onerror], [onload]'),
    ).toHaveCount(0);
    const hrefs = await markdown
      .locator('a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain('https://example.com/a');
    for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
    // Clicking every link-looking thing runs nothing.
    for (const link of await markdown.locator('a, .unsafe-link').all())
      await link.click({ modifiers: ['Control'] });
    expect(await app.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expectWindowAlive(app, 'Hostile links');
  });

  test('random mixes of hostile Markdown never blank the window (fixed and random seeds)', async ({
    app,
    mock,
  }) => {
    test.setTimeout(150_000);
    await app.evaluate(observeLongTasks);
    const seeds = [20260601, Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))];
    for (const seed of seeds) {
      console.log(`hostile-render fuzz seed: ${seed} (replay with PARLEY_FUZZ_SEED=${seed})`);
      const docs = fc.sample(
        fc
          .array(fc.constantFrom(...hostileFragments), { minLength: 3, maxLength: 8 })
          .map((parts) => parts.join('\n\n')),
        { seed, numRuns: 2 },
      );
      for (const [i, doc] of docs.entries()) {
        const question = `Fuzz ${seed} ${i}`;
        mock.enqueue({ text: `${doc}\n\nFuzz end ${seed} ${i}.`, chunkSize: 2000, chunkDelayMs: 16 });
        const t0 = await now(app);
        await send(app, question);
        await expect(lastAnswer(app)).toContainText(`Fuzz end ${seed} ${i}.`, { timeout: 90_000 });
        await expect(lastAnswer(app)).toHaveAttribute('data-state', /complete|interrupted|error/, {
          timeout: 90_000,
        });
        await waitForAnswer(app);
        await expectWindowAlive(app, question);
        // Long tasks are asserted by the two tests above; here they are printed.
        const tasks = await longTasksSince(app, t0);
        console.log(`seed ${seed}, document ${i}: long tasks (ms) ${JSON.stringify(tasks)}`);
      }
    }
  });
});
