/**
 * Mermaid diagrams in answers (browser edition, Chromium): drawn as pictures with their labels
 * (English and Chinese), their source a click away, a broken one shown as source plus mermaid's
 * message, a streaming one drawn once when its fence closes, hostile ones inert, mermaid's chunk
 * fetched only for an answer that has a diagram, and no Content-Security-Policy violation.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, send, lastAnswer, waitForAnswer } from '../support/parley.ts';
import { withClipboard } from '../support/clipboard-lock.ts';

// Mermaid's chunks load and lay out slowly on a busy machine.
test.setTimeout(90_000);
const DRAWN = { timeout: 45_000 };

const fence = (...lines: string[]) => ['```mermaid', ...lines, '```'].join('\n');

const FLOWCHART = fence(
  'flowchart LR',
  '  A[Start] --> B{Is it working?}',
  '  B -->|Yes| C[Ship it]',
  '  B -->|No| D[开始调试]',
);
const SEQUENCE = fence(
  'sequenceDiagram',
  '  participant U as User',
  '  participant S as 服务器',
  '  U->>S: Hello 你好',
  '  S-->>U: Hi back',
);
const BROKEN = fence('flowchart LR', '  A[Start] --> B[Unclosed', '  B -->> {{{');
const HOSTILE = fence(
  '%%{init: {"securityLevel": "loose", "htmlLabels": true, "flowchart": {"htmlLabels": true}, "themeCSS": "svg { background: url(https://tracker.example/css.png) }"}}%%',
  'flowchart LR',
  '  A["<script>window.__pwned = \'label\'</script>"] --> B[Link]',
  '  B --> C[Click me]',
  '  click A call pwn()',
  '  click B href "javascript:window.__pwned=\'href\'"',
  '  click C "https://tracker.example/click"',
);
const HANDLER = fence('flowchart LR', '  A["<img src=x onerror=window.__pwned=\'img\'>"] --> B[Next]');

/** Records every Content-Security-Policy violation the page reports from now on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

/** Every script the page has fetched since it loaded whose name says mermaid. */
const mermaidRequests = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => /mermaid/i.test(name)),
  );

/** What a diagram's picture holds: its decoded size, its SVG (from the data: URL) and its labels. */
async function picture(block: Locator) {
  const img = block.locator('.mermaid-diagram img');
  await expect(img).toBeVisible();
  return img.evaluate(async (el: HTMLImageElement) => {
    await el.decode();
    const src = el.getAttribute('src')!;
    const xml = decodeURIComponent(src.slice(src.indexOf(',') + 1));
    const css = /^<svg[^>]*><style>([^<]*)<\/style>/.exec(xml)?.[1] ?? '';
    // Parsed without its <style> (the page's policy would report one even in a parsed copy).
    const doc = new DOMParser().parseFromString(xml.replace(/<style>[^<]*<\/style>/g, ''), 'image/svg+xml');
    const all = Array.from(doc.querySelectorAll('*'));
    return {
      scheme: src.slice(0, src.indexOf(',')),
      width: el.naturalWidth,
      height: el.naturalHeight,
      root: doc.documentElement.localName,
      wellFormed: doc.querySelector('parsererror') === null,
      styled: css.includes('font-family'),
      labels: Array.from(doc.querySelectorAll('text'), (t) => t.textContent!.trim()).join(' | '),
      elements: [...new Set(all.map((e) => e.localName))],
      handlers: all.flatMap((e) =>
        Array.from(e.attributes)
          .filter((a) => /^on/i.test(a.name))
          .map((a) => a.name),
      ),
      xml,
    };
  });
}

test('a flowchart and a sequence diagram are drawn with their English and Chinese labels; mermaid loads only then', async ({
  app,
  mock,
}) => {
  const violations = await watchViolations(app);
  mock.enqueue({ text: 'Plain code, no diagram:\n\n```ts\nconst answer = 42;\n```' });
  await send(app, 'Show code');
  await waitForAnswer(app);
  await expect(lastAnswer(app).locator('code.hljs')).toBeVisible();
  expect(await mermaidRequests(app)).toEqual([]);

  mock.enqueue({ text: `A flowchart:\n\n${FLOWCHART}\n\nAnd a sequence:\n\n${SEQUENCE}\n\nDone.` });
  await send(app, 'Draw two diagrams');
  await waitForAnswer(app);
  const blocks = lastAnswer(app).locator('.mermaid-block');
  await expect(blocks).toHaveCount(2);
  await expect(blocks.nth(0)).toHaveAttribute('data-diagram', 'drawn', DRAWN);
  await expect(blocks.nth(1)).toHaveAttribute('data-diagram', 'drawn', DRAWN);

  const flow = await picture(blocks.nth(0));
  expect(flow.scheme).toBe('data:image/svg+xml;charset=utf-8');
  expect(flow).toMatchObject({ root: 'svg', wellFormed: true, styled: true });
  expect(flow.width).toBeGreaterThan(200);
  expect(flow.height).toBeGreaterThan(40);
  for (const label of ['Start', 'Is it working?', 'Ship it', '开始调试', 'Yes', 'No'])
    expect(flow.labels).toContain(label);
  expect(flow.elements).not.toContain('foreignObject');
  await expect(blocks.nth(0).getByRole('img')).toHaveAttribute('alt', /Mermaid diagram \(flowchart/);

  const sequence = await picture(blocks.nth(1));
  expect(sequence).toMatchObject({ root: 'svg', wellFormed: true, styled: true });
  for (const label of ['User', '服务器', 'Hello 你好', 'Hi back']) expect(sequence.labels).toContain(label);

  expect((await mermaidRequests(app)).length).toBeGreaterThan(0);
  // Mermaid's scratch space is gone, and nothing of it broke the page's policy.
  await expect(app.locator('body > .mermaid-work')).toHaveCount(0);
  expect(await violations()).toEqual([]);
});

test('Diagram / Source shows the source a click away, and Copy copies it', async ({
  app,
  mock,
  context,
  host,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  mock.enqueue({ text: FLOWCHART });
  await send(app, 'Draw a flowchart');
  await waitForAnswer(app);
  const block = lastAnswer(app).locator('.mermaid-block');
  await expect(block.getByRole('img')).toBeVisible(DRAWN);
  const diagram = block.getByRole('button', { name: 'Diagram', exact: true });
  const source = block.getByRole('button', { name: 'Source', exact: true });
  await expect(diagram).toHaveAttribute('aria-pressed', 'true');

  await source.click();
  await expect(source).toHaveAttribute('aria-pressed', 'true');
  await expect(block.getByRole('img')).toHaveCount(0);
  await expect(block.locator('pre code')).toHaveText(
    /^flowchart LR\n {2}A\[Start\] --> B\{Is it working\?\}/,
  );

  await diagram.click();
  await expect(block.getByRole('img')).toBeVisible();
  await expect(block.locator('pre code')).toHaveCount(0);

  await withClipboard(async () => {
    await block.getByRole('button', { name: 'Copy diagram source' }).click();
    await expect(block.getByRole('button', { name: 'Copy diagram source' })).toHaveText('Copied');
    expect(await app.evaluate(() => navigator.clipboard.readText())).toContain('B -->|No| D[开始调试]');
  });
});

test('a diagram follows the light and dark theme', async ({ app, mock }) => {
  mock.enqueue({ text: FLOWCHART });
  await send(app, 'Draw a flowchart in both themes');
  await waitForAnswer(app);
  const img = lastAnswer(app).locator('.mermaid-diagram img');
  await expect(img).toBeVisible(DRAWN);
  const css = async () => decodeURIComponent((await img.getAttribute('src'))!);
  const light = await css();
  expect(light).toContain('#ECECFF'); // mermaid's light node fill
  await app.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await expect.poll(css, DRAWN).not.toBe(light);
  expect(await css()).not.toContain('#ECECFF');
  await app.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  await expect.poll(css, DRAWN).toBe(light);
});

test('a broken diagram shows its source and what went wrong, never a blank box', async ({ app, mock }) => {
  const violations = await watchViolations(app);
  mock.enqueue({ text: `This one is broken:\n\n${BROKEN}` });
  await send(app, 'Draw a broken diagram');
  await waitForAnswer(app);
  const block = lastAnswer(app).locator('.mermaid-block');
  await expect(block).toHaveAttribute('data-diagram', 'failed', DRAWN);
  await expect(block.locator('pre code')).toContainText('B -->> {{{');
  await expect(block.locator('.mermaid-error')).toContainText(
    'This diagram could not be drawn, so here is its source. Mermaid says:',
  );
  await expect(block.locator('.mermaid-error pre')).toContainText(/error/i);
  await expect(block.getByRole('img')).toHaveCount(0);
  await expect(block.getByRole('button', { name: 'Source', exact: true })).toHaveCount(0);
  expect(await violations()).toEqual([]);
});

test('a streaming diagram shows its source until its fence closes, then is drawn once', async ({
  app,
  mock,
}) => {
  // Counts mermaid's scratch spaces: one per drawing.
  await app.evaluate(() => {
    const w = window as unknown as { __draws: number };
    w.__draws = 0;
    new MutationObserver((records) => {
      for (const r of records)
        for (const node of Array.from(r.addedNodes))
          if (node instanceof HTMLElement && node.classList.contains('mermaid-work')) w.__draws++;
    }).observe(document.body, { childList: true });
  });
  const tail = Array.from({ length: 30 }, (_, i) => `Sentence ${i} after the diagram.`).join(' ');
  // Stalls after 4 deltas of 8 characters: inside the fence.
  mock.enqueue({
    text: `Here:\n\n${FLOWCHART}\n\n${tail}`,
    chunkSize: 8,
    chunkDelayMs: 10,
    stallAfterChunks: 4,
    stallMs: 12_000,
  });
  await send(app, 'Draw slowly');
  const block = lastAnswer(app).locator('.mermaid-block');
  // Read at one moment, while the stream waits inside the fence.
  const streaming = () =>
    block.evaluate((el) => ({
      state: el.getAttribute('data-diagram'),
      source: el.querySelector('pre code')?.textContent?.startsWith('flowchart') ?? false,
      status: el.querySelector('.mermaid-status')?.textContent,
      pictures: el.querySelectorAll('img').length,
    }));
  await expect
    .poll(streaming, { timeout: 10_000 })
    .toEqual({ state: 'streaming', source: true, status: 'Drawn when complete', pictures: 0 });
  await expect(lastAnswer(app)).toContainText('Sentence 29 after the diagram.', { timeout: 30_000 });
  await waitForAnswer(app);
  await expect(block).toHaveAttribute('data-diagram', 'drawn', DRAWN);
  await expect(block.getByRole('img')).toBeVisible();
  expect(await app.evaluate(() => (window as unknown as { __draws: number }).__draws)).toBe(1);
});

test('a hostile diagram stays inert: no script, no callback, no link, no HTML label, no fetch', async ({
  app,
  mock,
}) => {
  const violations = await watchViolations(app);
  await app.evaluate(() => {
    (window as unknown as { pwn: () => void }).pwn = () => {
      (window as unknown as { __pwned: string }).__pwned = 'call';
    };
  });
  mock.enqueue({ text: HOSTILE });
  await send(app, 'Draw something hostile');
  await waitForAnswer(app);
  const answer = lastAnswer(app);
  const block = answer.locator('.mermaid-block');
  await expect(block).toHaveAttribute('data-diagram', 'drawn', DRAWN);
  const drawn = await picture(block);
  expect(drawn.elements).not.toContain('script');
  expect(drawn.elements).not.toContain('foreignObject');
  expect(drawn.handlers).toEqual([]);
  expect(drawn.xml).not.toContain('javascript:');
  expect(drawn.xml).not.toContain('tracker.example/css.png');
  // Only the picture itself is live in the answer; clicking it does nothing.
  expect(await answer.locator('script, iframe, object, embed, a[href^="javascript"]').count()).toBe(0);
  await block.getByRole('img').click();
  await app.waitForTimeout(200);
  expect(await app.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  const fetched = await app.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((name) => name.includes('tracker.example')),
  );
  expect(fetched).toEqual([]);
  expect(await violations()).toEqual([]);
});

test("an event handler in a label never runs; the policy refuses it in mermaid's sanitizer", async ({
  app,
  mock,
}) => {
  const violations = await watchViolations(app);
  mock.enqueue({ text: HANDLER });
  await send(app, 'Draw a label with a handler');
  await waitForAnswer(app);
  const block = lastAnswer(app).locator('.mermaid-block');
  await expect(block).toHaveAttribute('data-diagram', 'drawn', DRAWN);
  const drawn = await picture(block);
  expect(drawn.elements).not.toContain('img');
  expect(drawn.handlers).toEqual([]);
  expect(drawn.labels).toContain('<img src="x"');
  await app.waitForTimeout(200);
  expect(await app.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  // Mermaid's sanitizer (DOMPurify) parses labels in an inert document; the page's policy refuses
  // the handler there too and says so. Nothing else is reported.
  expect(new Set(await violations())).toEqual(new Set(['script-src-attr inline']));
});
