/**
 * `npm run bench:attachments`: attachments in the chat window, measured in Chromium over the render
 * bench's page (the real Parley UI, a fake main side that keeps uploads in memory):
 *  1. a 12-megapixel photo (4000 x 3000 JPEG, drawn in the page) scaled down as an attachment is
 *     (createImageBitmap with its EXIF orientation, a canvas, JPEG): the time of that alone, and
 *     pasted into the composer until its chip says it is uploaded;
 *  2. opening a conversation with 50 photos (click to painted, against the chat window's 300 ms
 *     budget), then until the thumbnails in view have loaded.
 * Options: --runs N (default 3; the median is printed), --json.
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../tests/e2e/support/chromium.ts';
import { buildPage, fmt, onPage, percentile, serve } from './render-page.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } },
});
const RUNS = Math.max(1, Number(values.runs));
const PHOTO = { width: 4000, height: 3000 };
const IMAGES = 50;
const OPEN_BUDGET_MS = 300;

interface Downscaled {
  ms: number;
  downscaled: boolean;
  inBytes: number;
  outBytes: number;
  outType: string;
  outWidth: number;
  outHeight: number;
}
interface BenchApi {
  now(): number;
  longTasks(since?: number): { start: number; duration: number }[];
  downscalePhoto(width: number, height: number): Promise<Downscaled>;
  pastePhoto(width: number, height: number): Promise<number>;
  whenRendered(selector: string): Promise<number>;
  whenThumbnailsShown(): Promise<number>;
}
declare const __bench: BenchApi;

async function downscale(page: Page) {
  return page.evaluate(([w, h]) => __bench.downscalePhoto(w, h), [PHOTO.width, PHOTO.height] as const);
}

async function paste(page: Page) {
  return page.evaluate(([w, h]) => __bench.pastePhoto(w, h), [PHOTO.width, PHOTO.height] as const);
}

async function openPhotos(page: Page) {
  return page.evaluate(async (images) => {
    const doc = (
      globalThis as unknown as { document: { querySelector(s: string): { click(): void } | null } }
    ).document;
    const button = doc.querySelector(`.conv-button[title="A conversation with ${images} photos"]`);
    if (!button) throw new Error('no photo conversation in the list');
    const t0 = __bench.now();
    button.click();
    const painted = await __bench.whenRendered(`[data-message-id="photo-a${images - 1}"]`);
    const thumbnails = await __bench.whenThumbnailsShown();
    const longest = Math.max(0, ...__bench.longTasks(t0).map((t) => t.duration));
    return { openMs: painted - t0, thumbnailsMs: thumbnails - t0, longestTaskMs: longest };
  }, IMAGES);
}

const median = (xs: number[]) => percentile(xs, 50);

async function main() {
  console.log('Building the benchmark page…');
  const server = await serve(await buildPage());
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const scaled: Downscaled[] = [];
    const pasted: number[] = [];
    const opened: { openMs: number; thumbnailsMs: number; longestTaskMs: number }[] = [];
    for (let run = 1; run <= RUNS; run++) {
      console.log(`Run ${run} of ${RUNS}: a ${PHOTO.width} x ${PHOTO.height} photo, scaled down and pasted…`);
      scaled.push(await onPage(browser, server.url, 'attachments', downscale));
      pasted.push(await onPage(browser, server.url, 'attachments', paste));
      console.log(`Run ${run} of ${RUNS}: opening a conversation with ${IMAGES} photos…`);
      opened.push(await onPage(browser, server.url, 'attachments', openPhotos));
    }
    const first = scaled[0]!;
    const openMs = median(opened.map((o) => o.openMs));
    const rows: [string, string, string, boolean][] = [
      [
        `downscale ${PHOTO.width}x${PHOTO.height} JPEG (${fmt(first.inBytes / 1e6, 1)} MB) to ${first.outWidth}x${first.outHeight} ${first.outType} (${fmt(first.outBytes / 1e6, 1)} MB) (ms)`,
        fmt(median(scaled.map((s) => s.ms))),
        '-',
        first.downscaled,
      ],
      ['paste the photo until its chip is uploaded (ms)', fmt(median(pasted)), '-', true],
      [
        `open ${IMAGES} photos: click to painted (ms)`,
        fmt(openMs),
        `<= ${OPEN_BUDGET_MS}`,
        openMs <= OPEN_BUDGET_MS,
      ],
      ['open: thumbnails in view loaded (ms)', fmt(median(opened.map((o) => o.thumbnailsMs))), '-', true],
      ['open: longest task (ms)', fmt(median(opened.map((o) => o.longestTaskMs))), '-', true],
    ];
    console.log(`\nMedians of ${RUNS} run(s):`);
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [name, value, target, ok] of rows)
      console.log(`  ${name.padEnd(width)}  ${value.padStart(7)}  ${target.padEnd(8)} ${ok ? 'ok' : 'OVER'}`);
    if (values.json) console.log(JSON.stringify({ scaled, pasted, opened }));
    if (!rows.every((r) => r[3])) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
