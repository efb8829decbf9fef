/** The render benchmark's page and its plumbing: build, serve, open, measure, format (render.ts drives it). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export type Peer = 'naive' | 'streamdown';
/** Parley's UI: the render bench's page (`ours`), or with a conversation of photos (`attachments`). */
export type Mode = 'ours' | 'attachments' | Peer;

export async function buildPage(): Promise<string> {
  const outDir = join(root, '.tmp/bench-render');
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

export async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
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

export async function scriptMs(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
  };
  const start = await read();
  return async () => (await read()) - start;
}

export function summarize(tasks: { duration: number }[]) {
  const durations = tasks.map((t) => t.duration);
  return { count: durations.length, longest: durations.length ? Math.max(...durations) : 0 };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export async function openPage(browser: Browser, url: string, mode: Mode): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
  page.on('pageerror', (error) => console.error(`[${mode}] page error:`, error.message));
  await page.goto(`${url}#${mode}`);
  await page.waitForSelector('body[data-ready="true"]');
  if (mode === 'ours' || mode === 'attachments')
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
  return page;
}

/** Runs one phase on a fresh page, and prints its figures at once (a run cut short still tells). */
export async function onPage<T>(browser: Browser, url: string, mode: Mode, run: (page: Page) => Promise<T>) {
  const page = await openPage(browser, url, mode);
  try {
    const result = await run(page);
    console.log(`  ${mode}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await page.close();
  }
}
