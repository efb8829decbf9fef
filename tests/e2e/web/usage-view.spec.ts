/**
 * The Usage view over seeded request records: the table's figures (requests, success rate, cost,
 * time-to-first-token percentiles, ratings) checked against ones computed here from the records,
 * sorting by a header, the time ranges, the empty state; and the conversation header's spend.
 */
import { test, expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../support/parley.ts';
import type { WebHost } from '../support/parley.ts';
import { daysAgo, requestRecord, seedHistory } from '../support/usage-seed.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';

const MODELS = [
  { providerId: 'seed-openai', model: 'gpt-4o', base: 300 },
  { providerId: 'seed-openai', model: 'gpt-4o-mini', base: 150 },
  { providerId: 'seed-anthropic', model: 'claude-sonnet-4', base: 700 },
];

/** 60 records over 10 days (day i % 10 back), 20 per model, with known timings, outcomes and costs. */
const seeded = Array.from({ length: 60 }, (_, i) => {
  const m = MODELS[i % 3]!;
  const back = i % 10;
  const outcome: RequestMetrics['outcome'] =
    i % 13 === 5 ? 'error' : i % 17 === 3 ? 'interrupted' : i % 19 === 7 ? 'cancelled' : 'complete';
  const ttft = outcome === 'error' ? null : m.base + ((i * 37) % 400);
  return {
    back,
    record: requestRecord({
      providerId: m.providerId,
      model: m.model,
      startedAt: daysAgo(back, 1) + i * 1000,
      ttftMs: ttft,
      totalMs: (ttft ?? 100) * 4 + 500,
      inputTokens: 100 + i,
      outputTokens: outcome === 'error' ? 0 : 200 + 2 * i,
      outcome,
      errorCode: outcome === 'error' ? 'rate_limited' : null,
      costUsd: outcome === 'error' ? 0 : 0.01 + (i % 5) * 0.005,
      retries: i % 9 === 0 ? 1 : 0,
    }),
  };
});

interface Expected {
  model: string;
  requests: number;
  successRate: string;
  cost: number;
  ttft: number[];
}

const percent = (share: number) =>
  new Intl.NumberFormat('en', {
    style: 'percent',
    maximumFractionDigits: share === 0 || share === 1 ? 0 : 1,
  }).format(share);
const dollars = (usd: number) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(usd);

/** Each model's figures over the records at most `maxBack` days back, computed plainly. */
function expected(maxBack: number): Expected[] {
  return MODELS.map(({ model }) => {
    const mine = seeded.filter((s) => s.back <= maxBack && s.record.model === model).map((s) => s.record);
    const succeeded = mine.filter((r) => r.outcome === 'complete').length;
    const failed = mine.filter((r) => r.outcome === 'error' || r.outcome === 'interrupted').length;
    return {
      model,
      requests: mine.length,
      successRate: percent(succeeded / (succeeded + failed)),
      cost: mine.reduce((sum, r) => sum + (r.costUsd ?? 0), 0),
      ttft: mine.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs])).sort((a, b) => a - b),
    };
  });
}

const nearestRank = (sorted: number[], p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1]!;

/** "280 / 612 / 708 ms" or "0.42 / 1.10 / 2.91 s" → three ms. */
function parseLatencies(text: string): number[] {
  const m = /^([\d.,]+) \/ ([\d.,]+) \/ ([\d.,]+) (ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`not three latencies: ${text}`);
  return [m[1], m[2], m[3]].map((v) => Number(v!.replace(/,/g, '')) * (m[4] === 's' ? 1000 : 1));
}

let dir: string;
let host: WebHost;
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(join(tmpdir(), 'parley-usage-e2e-'));
  await seedHistory(dir, {
    records: seeded.map((s) => s.record),
    ratings: [
      { providerId: 'seed-openai', model: 'gpt-4o', rating: 'up' },
      { providerId: 'seed-openai', model: 'gpt-4o', rating: 'up' },
      { providerId: 'seed-openai', model: 'gpt-4o', rating: 'quiet-down' },
      { providerId: 'seed-anthropic', model: 'claude-sonnet-4', rating: 'down' },
    ],
    spent: {
      title: 'Trip budget',
      answers: [
        { providerId: 'seed-openai', model: 'gpt-4o', inputTokens: 1200, outputTokens: 300, costUsd: 0.0125 },
        { providerId: 'seed-openai', model: 'gpt-4o', inputTokens: 2000, outputTokens: 500, costUsd: 0.02 },
      ],
    },
  });
  host = await startWebHost(dir);
  await host.call('settings.update', { language: 'en', theme: 'light' });
});

test.afterAll(async () => {
  await host?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function openUsage(page: Page): Promise<Locator> {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Usage', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Usage' });
  await expect(dialog.getByRole('table', { name: 'Usage per model' })).toBeVisible();
  return dialog;
}

function rowOf(dialog: Locator, model: string): Locator {
  const name = dialog.page().locator('th .usage-model').getByText(model, { exact: true });
  return dialog.getByRole('row').filter({ has: name });
}

async function modelOrder(dialog: Locator): Promise<string[]> {
  const heads = await dialog.locator('tbody th .usage-model').allTextContents();
  return heads;
}

async function checkFigures(dialog: Locator, maxBack: number): Promise<void> {
  for (const want of expected(maxBack)) {
    const cells = rowOf(dialog, want.model).getByRole('cell');
    await expect(cells.nth(0)).toHaveText(String(want.requests));
    await expect(cells.nth(1)).toHaveText(want.successRate);
    await expect(cells.nth(9)).toHaveText(dollars(want.cost));
    const [p50, p95, p99] = parseLatencies((await cells.nth(5).textContent())!);
    for (const [got, p] of [
      [p50, 50],
      [p95, 95],
      [p99, 99],
    ] as const) {
      const exact = nearestRank(want.ttft, p);
      // The histogram's buckets: within 2.5 %; seconds are shown to 10 ms.
      expect(Math.abs(got! - exact), `${want.model} p${p}`).toBeLessThanOrEqual(exact * 0.025 + 5);
    }
  }
}

test('the table shows each model’s figures as computed from the records, for each time range', async ({
  page,
}) => {
  const dialog = await openUsage(page);
  await expect(dialog.getByRole('radio', { name: '7 days' })).toHaveAttribute('aria-checked', 'true');
  await checkFigures(dialog, 6);
  // Errors by kind, and the ratings (a quiet thumbs down counts as down).
  const gpt = rowOf(dialog, 'gpt-4o').getByRole('cell');
  await expect(gpt.nth(10)).toHaveText('2 up · 1 down66.7% liked');
  await expect(rowOf(dialog, 'claude-sonnet-4').getByRole('cell').nth(10)).toHaveText(
    '0 up · 1 down0% liked',
  );
  await expect(rowOf(dialog, 'gpt-4o-mini').getByRole('cell').nth(10)).toHaveText('0 up · 0 down');
  const errors = seeded.filter(
    (s) => s.back <= 6 && s.record.model === 'gpt-4o-mini' && s.record.outcome === 'error',
  );
  expect(errors.length).toBeGreaterThan(0);
  await expect(rowOf(dialog, 'gpt-4o-mini').getByRole('cell').nth(2)).toContainText(
    `rate limited ${errors.length}`,
  );
  // Totals over every model.
  const week = expected(6);
  await expect(dialog.locator('[data-total="requests"] dd')).toHaveText(
    String(week.reduce((s, w) => s + w.requests, 0)),
  );
  // Two charts, and the latest day's figures under the first.
  await expect(dialog.getByRole('img', { name: 'Cost and requests by day' })).toBeVisible();
  await expect(dialog.getByRole('img', { name: 'Time to first token by day' }).locator('canvas')).toHaveCount(
    1,
  );
  const today = seeded.filter((s) => s.back === 0).map((s) => s.record);
  const todayCost = dollars(today.reduce((s, r) => s + (r.costUsd ?? 0), 0));
  await expect(dialog.locator('.usage-chart-legend').first()).toContainText(
    `Requests ${today.length} Cost ${todayCost}`,
  );

  await dialog.getByRole('radio', { name: 'Today' }).click();
  await checkFigures(dialog, 0);
  await dialog.getByRole('radio', { name: '30 days' }).click();
  await checkFigures(dialog, 9);
  await expect(rowOf(dialog, 'gpt-4o').getByRole('cell').nth(0)).toHaveText('20');
  // The arrow keys move the choice.
  await dialog.getByRole('radio', { name: '30 days' }).press('ArrowLeft');
  await expect(dialog.getByRole('radio', { name: '7 days' })).toBeFocused();
  await expect(dialog.getByRole('radio', { name: '7 days' })).toHaveAttribute('aria-checked', 'true');
  await checkFigures(dialog, 6);
});

test('a click on a header sorts by it, again the other way; aria-sort follows', async ({ page }) => {
  const dialog = await openUsage(page);
  const costHeader = dialog.getByRole('columnheader', { name: 'Cost' });
  const byCost = expected(6)
    .sort((a, b) => b.cost - a.cost)
    .map((e) => e.model);
  await costHeader.getByRole('button').click();
  await expect(costHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(dialog.getByRole('columnheader', { name: 'Requests' })).not.toHaveAttribute('aria-sort');
  expect(await modelOrder(dialog)).toEqual(byCost);
  await costHeader.getByRole('button').click();
  await expect(costHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await modelOrder(dialog)).toEqual([...byCost].reverse());
  const byTtft = expected(6)
    .sort((a, b) => nearestRank(b.ttft, 95) - nearestRank(a.ttft, 95))
    .map((e) => e.model);
  await dialog
    .getByRole('columnheader', { name: /First token/ })
    .getByRole('button')
    .click();
  expect(await modelOrder(dialog)).toEqual(byTtft);
});

test('charts drawn again in a new theme; filters, a custom range with nothing in it, a start after the end', async ({
  page,
}) => {
  const dialog = await openUsage(page);
  const chart = dialog.locator('.usage-chart-canvas .uplot').first();
  const drawn = (await chart.elementHandle())!;
  await host.call('settings.update', { theme: 'dark' });
  try {
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(() => drawn.evaluate((e) => e.isConnected)).toBe(false);
    await expect(chart.locator('canvas')).toBeVisible();
  } finally {
    await host.call('settings.update', { theme: 'light' });
  }
  await dialog.getByRole('combobox', { name: 'Provider' }).selectOption('seed-anthropic');
  await expect(dialog.locator('tbody tr')).toHaveCount(1);
  await expect(rowOf(dialog, 'claude-sonnet-4').getByRole('cell').nth(0)).toHaveText(
    String(expected(6).find((e) => e.model === 'claude-sonnet-4')!.requests),
  );
  await dialog.getByRole('combobox', { name: 'Provider' }).selectOption('');
  await dialog.getByRole('radio', { name: 'Custom' }).click();
  await dialog.getByLabel('From', { exact: true }).fill('2001-01-01');
  await dialog.getByLabel('To', { exact: true }).fill('2001-01-31');
  await expect(dialog.getByText('No requests in this range yet.', { exact: false })).toBeVisible();
  await dialog.getByLabel('From', { exact: true }).fill('2001-02-05');
  await expect(dialog.getByRole('alert')).toHaveText('The start date must be on or before the end date.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The keyboard opens it too, and the shortcuts sheet lists the key.
  await page.keyboard.press('Control+Shift+D');
  await expect(page.getByRole('dialog', { name: 'Usage' })).toBeVisible();
  await page.keyboard.press('Control+Shift+D');
  await expect(page.getByRole('dialog', { name: 'Usage' })).toBeHidden();
  await page.keyboard.press('Control+/');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(
    sheet.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Open or close Usage' }) }),
  ).toContainText('CtrlShiftD');
});

test('the conversation header shows its tokens and cost, with the details in a tooltip', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('navigation').getByText('Trip budget').click();
  const spend = page.getByTestId('conversation-spend');
  await expect(spend).toHaveText('4K tokens · $0.03');
  await expect(spend).toHaveAttribute(
    'title',
    'This conversation so far: 3,200 tokens in, 800 out, $0.03 across 2 answers.',
  );
  // A conversation whose answers used nothing known shows none.
  await page.getByRole('navigation').getByText('Rated claude-sonnet-4').click();
  await expect(page.locator('.chat-title')).toHaveText('Rated claude-sonnet-4');
  await expect(spend).toHaveCount(0);
});
