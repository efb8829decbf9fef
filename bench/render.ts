/**
 * `npm run bench:render`: the chat window's rendering, measured in Chromium.
 *
 * Builds a small page (bench/render/index.html -> src/renderer/bench/) that runs the real Parley UI
 * over a fake main side, and a naive peer that re-renders the whole message with react-markdown on
 * every delta. Then, in one run, side by side:
 *  1. streaming a long answer (code blocks, tables, math) at a given token rate: long tasks
 *     (PerformanceObserver `longtask`) and scripting time (CDP Performance.getMetrics ScriptDuration);
 *  2. opening a 2,000-message conversation (click to painted) and scrolling it (long tasks);
 *  3. typing in the composer while an answer streams (keydown to the frame after, p95).
 *
 * Options: --chars N (default 60000), --tps N (tokens per second, default 200), --quick
 * (12,000 chars: a fast smoke run), --json (also print the figures as JSON).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../tests/e2e/support/chromium.ts';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    chars: { type: 'string' },
    tps: { type: 'string', default: '200' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const CHARS = Number(values.chars ?? (values.quick ? 12_000 : 60_000));
const TPS = Number(values.tps);
const TARGET = { longTaskMs: 50, scriptRatio: 0.2, openMs: 300, typingP95Ms: 50 };

interface BenchApi {
  now(): number;
  longTasks(since?: number): { start: number; duration: number }[];
  keyLatencies(): number[];
  resetKeys(): void;
  setAnswer(chars: number, tps: number): void;
  streamDone(): Promise<void>;
  streamNaive(chars: number, tps: number): Promise<void>;
  whenRendered(selector: string): Promise<number>;
}
declare const __bench: BenchApi;

async function buildPage(): Promise<string> {
  const outDir = join(root, 'node_modules/.cache/parley-bench-render');
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(root, 'bench/render'),
    base: './',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  });
  return outDir;
}

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) return void res.writeHead(404).end();
    readFile(file)
      .then((body) =>
        res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
      )
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function scriptMs(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
  };
  const start = await read();
  return async () => (await read()) - start;
}

async function openPage(browser: Browser, url: string, mode: 'ours' | 'naive'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
  page.on('pageerror', (error) => console.error(`[${mode}] page error:`, error.message));
  await page.goto(`${url}#${mode}`);
  await page.waitForSelector('body[data-ready="true"]');
  if (mode === 'ours') await page.getByRole('textbox', { name: 'Message' }).waitFor();
  return page;
}

function summarize(tasks: { duration: number }[]) {
  const durations = tasks.map((t) => t.duration);
  return { count: durations.length, longest: durations.length ? Math.max(...durations) : 0 };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function streamOurs(page: Page) {
  await page.evaluate(([c, t]) => __bench.setAnswer(c, t), [CHARS, TPS] as const);
  const scripting = await scriptMs(page);
  const t0 = await page.evaluate(() => __bench.now());
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Stream the long answer, please');
  await box.press('Enter');
  await page.locator('article[data-state="streaming"]').waitFor();
  await page.evaluate(() => __bench.streamDone());
  await page.locator('article[data-state="complete"]').last().waitFor();
  await page.waitForTimeout(300);
  const ms = await scripting();
  const tasks = summarize(await page.evaluate((since) => __bench.longTasks(since), t0));
  // textContent: blocks out of view skip rendering (content-visibility), so innerText would miss them.
  const renderedChars = await page
    .locator('article[data-state="complete"] .markdown')
    .last()
    .evaluate((el) => el.textContent?.length ?? 0);
  return { scriptMs: ms, ...tasks, renderedChars };
}

async function streamNaive(page: Page) {
  const scripting = await scriptMs(page);
  const t0 = await page.evaluate(() => __bench.now());
  await page.evaluate(([c, t]) => __bench.streamNaive(c, t), [CHARS, TPS] as const);
  await page.waitForTimeout(300);
  const ms = await scripting();
  const tasks = summarize(await page.evaluate((since) => __bench.longTasks(since), t0));
  return { scriptMs: ms, ...tasks };
}

async function openBig(page: Page) {
  const openMs = await page.evaluate(async () => {
    // (This runs in the page; the bench's own tsconfig has no DOM types.)
    const doc = (
      globalThis as unknown as { document: { querySelector(s: string): { click(): void } | null } }
    ).document;
    const button = doc.querySelector('.conv-button[title="A 2,000-message conversation"]');
    if (!button) throw new Error('no big conversation in the list');
    const t0 = performance.now();
    button.click();
    const t1 = await __bench.whenRendered('[data-message-id="big-1999"]');
    return t1 - t0;
  });
  await page.waitForTimeout(300);
  const scroller = page.locator('.message-scroll');
  const box = (await scroller.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const t0 = await page.evaluate(() => __bench.now());
  // Scroll up through about 150 screens' worth of messages, one wheel step per frame.
  for (let i = 0; i < 240; i++) {
    await page.mouse.wheel(0, -900);
    await page.waitForTimeout(16);
  }
  const scrolledTo = await scroller.evaluate((el) => el.scrollTop);
  const scrollHeight = await scroller.evaluate((el) => el.scrollHeight);
  const tasks = summarize(await page.evaluate((since) => __bench.longTasks(since), t0));
  return { openMs, scroll: tasks, scrolledPx: scrollHeight - scrolledTo };
}

async function typingWhileStreaming(page: Page) {
  await page.evaluate(([c, t]) => __bench.setAnswer(c, t), [CHARS, TPS] as const);
  await page.keyboard.press('Control+n');
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Stream something while I type');
  await box.press('Enter');
  await page.locator('article[data-state="streaming"]').waitFor();
  // Let the answer grow for a while first, so typing meets a long message.
  await page.waitForTimeout(Math.min(20_000, ((CHARS / 4 / TPS) * 1000) / 3));
  await box.focus();
  await page.evaluate(() => __bench.resetKeys());
  const t0 = await page.evaluate(() => __bench.now());
  await page.keyboard.type(
    'The quick brown fox jumps over the lazy dog while the answer streams. '.repeat(2),
    {
      delay: 50,
    },
  );
  const latencies = await page.evaluate(() => __bench.keyLatencies());
  const tasks = summarize(await page.evaluate((since) => __bench.longTasks(since), t0));
  const stillStreaming = await page.locator('article[data-state="streaming"]').count();
  await page.keyboard.press('Escape');
  return {
    keys: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    longTasks: tasks,
    stillStreaming: stillStreaming > 0,
  };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main() {
  console.log(`Building the benchmark page…`);
  const dir = await buildPage();
  const server = await serve(dir);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const seconds = Math.round(CHARS / 4 / TPS);
  try {
    console.log(
      `Streaming ${fmt(CHARS)} characters at ${TPS} tokens/s (~${seconds} s) with Parley's renderer…`,
    );
    let page = await openPage(browser, server.url, 'ours');
    const ours = await streamOurs(page);
    await page.close();

    console.log(`The same stream with the naive react-markdown renderer (~${seconds} s)…`);
    page = await openPage(browser, server.url, 'naive');
    const naive = await streamNaive(page);
    await page.close();

    console.log('Opening and scrolling a 2,000-message conversation…');
    page = await openPage(browser, server.url, 'ours');
    const big = await openBig(page);
    await page.close();

    console.log('Typing while an answer streams…');
    page = await openPage(browser, server.url, 'ours');
    const typing = await typingWhileStreaming(page);
    await page.close();

    const ratio = naive.scriptMs > 0 ? ours.scriptMs / naive.scriptMs : 0;
    const rows: [string, string, string, string, boolean][] = [
      [
        'stream: longest task (ms)',
        fmt(ours.longest),
        fmt(naive.longest),
        `<= ${TARGET.longTaskMs}`,
        ours.longest <= TARGET.longTaskMs,
      ],
      ['stream: tasks over 50 ms', fmt(ours.count), fmt(naive.count), '0', ours.count === 0],
      [
        'stream: scripting time (ms)',
        fmt(ours.scriptMs),
        fmt(naive.scriptMs),
        `<= ${TARGET.scriptRatio}x naive`,
        ratio <= TARGET.scriptRatio,
      ],
      [
        'stream: scripting ratio',
        fmt(ratio, 3),
        '1',
        `<= ${TARGET.scriptRatio}`,
        ratio <= TARGET.scriptRatio,
      ],
      ['open 2,000 messages (ms)', fmt(big.openMs), '-', `<= ${TARGET.openMs}`, big.openMs <= TARGET.openMs],
      ['scroll: tasks over 50 ms', fmt(big.scroll.count), '-', '0', big.scroll.count === 0],
      [
        'scroll: longest task (ms)',
        fmt(big.scroll.longest),
        '-',
        `<= ${TARGET.longTaskMs}`,
        big.scroll.longest <= 50,
      ],
      [
        `typing: input-to-paint p95 (ms, ${typing.keys} keys)`,
        fmt(typing.p95, 1),
        '-',
        `< ${TARGET.typingP95Ms}`,
        typing.p95 < TARGET.typingP95Ms,
      ],
      ['typing: tasks over 50 ms', fmt(typing.longTasks.count), '-', '0', typing.longTasks.count === 0],
    ];
    const widths = [44, 10, 10, 16];
    const line = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i] ?? 8))).join('  ');
    console.log('');
    console.log(
      `Parley render benchmark: ${fmt(CHARS)} chars at ${TPS} tokens/s, Chromium (${browser.version()})`,
    );
    console.log(line(['metric', 'Parley', 'naive', 'target', 'result']));
    console.log('-'.repeat(96));
    for (const [name, a, b, target, ok] of rows)
      console.log(line([name, a, b, target, ok ? 'PASS' : 'FAIL']));
    console.log('');
    console.log(
      `(typing p50 ${fmt(typing.p50, 1)} ms, max ${fmt(typing.max, 1)} ms; answer still streaming while typing: ${typing.stillStreaming}; ` +
        `scrolled ${fmt(big.scrolledPx)} px; rendered answer ${fmt(ours.renderedChars)} chars)`,
    );
    if (values.json)
      console.log(JSON.stringify({ chars: CHARS, tps: TPS, ours, naive, ratio, big, typing }, null, 2));
    const failed = rows.filter((r) => !r[4]).length;
    console.log(failed === 0 ? 'All targets met.' : `${failed} target(s) missed.`);
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
