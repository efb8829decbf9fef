import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, send, lastAnswer, waitForAnswer } from '../support/parley.ts';
import { contentSecurityPolicy } from '../../../src/shared/csp.ts';

/** The policy a page carries in its <meta>, as the browser reads it. */
function metaPolicy(html: string): string | null {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  return match ? match[1]!.replaceAll('&#39;', "'") : null;
}

test('the host header and both built pages carry the one policy from src/shared/csp.ts', async ({ host }) => {
  const page = await fetch(`${host.origin}/`);
  const socket = host.origin.replace(/^http/, 'ws');
  expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy('header', socket));
  expect(metaPolicy(await page.text())).toBe(contentSecurityPolicy('meta'));
  const quick = await fetch(`${host.origin}/quick.html`);
  expect(metaPolicy(await quick.text())).toBe(contentSecurityPolicy('meta'));
  // The desktop windows load the same files from disk.
  const built = await readFile(join(process.cwd(), 'out/renderer/index.html'), 'utf8');
  expect(metaPolicy(built)).toBe(contentSecurityPolicy('meta'));
});

test('math, code and the UI render with no policy violation, and inline <style> stays blocked', async ({
  app,
  mock,
}) => {
  await app.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  mock.enqueue({
    text: [
      'Math: $\\frac{a}{b} + \\sqrt{x^2}$ inline, and displayed:',
      '',
      '$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$',
      '',
      '```ts',
      'const answer: number = 42;',
      '```',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
    ].join('\n'),
  });
  await send(app, 'Show math');
  await waitForAnswer(app);
  const answer = lastAnswer(app);
  await expect(answer.locator('.katex-display')).toBeVisible();
  // KaTeX places its boxes with style attributes: they must apply (style-src-attr). A blocked
  // attribute stays in the markup but leaves the element's style empty.
  const placed = await answer
    .locator('.katex-display [style]')
    .evaluateAll((els) =>
      els.map((el) => [el.getAttribute('style'), (el as HTMLElement).style.cssText !== '']),
    );
  expect(placed.length).toBeGreaterThan(3);
  expect(placed.filter(([, applied]) => !applied)).toEqual([]);
  await expect(answer.locator('code.hljs .hljs-keyword').first()).toBeVisible();
  const violations = () => app.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  expect(await violations()).toEqual([]);

  // A <style> element (what an injected style sheet would be) is refused.
  const applied = await app.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { outline: 7px solid rgb(1, 2, 3) !important; }';
    document.head.append(style);
    return getComputedStyle(document.body).outlineWidth;
  });
  expect(applied).not.toBe('7px');
  // Reported once per policy that refuses it (the host's header and the page's <meta>).
  await expect.poll(violations).toContain('style-src-elem inline');
  expect(new Set(await violations())).toEqual(new Set(['style-src-elem inline']));
});
