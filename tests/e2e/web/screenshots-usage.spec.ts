/**
 * Screenshots of the Usage view for docs/screenshots (usage-{light,dark}-{en,zh}.png), made from the
 * real UI over a month of seeded request records. Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-usage
 */
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebHost } from '../support/parley.ts';
import { daysAgo, requestRecord, seedHistory } from '../support/usage-seed.ts';
import type { RatedAnswer } from '../support/usage-seed.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

/** Models as people use them: first token and speed, price per 1,000 tokens in and out, how busy. */
const MODELS = [
  { providerId: 'openai', model: 'gpt-4o', ttft: 420, speed: 70, in: 0.0025, out: 0.01, weight: 5 },
  { providerId: 'openai', model: 'gpt-4o-mini', ttft: 280, speed: 110, in: 0.00015, out: 0.0006, weight: 7 },
  {
    providerId: 'anthropic',
    model: 'claude-sonnet-4',
    ttft: 900,
    speed: 55,
    in: 0.003,
    out: 0.015,
    weight: 3,
  },
  {
    providerId: 'deepseek',
    model: 'deepseek-chat',
    ttft: 1300,
    speed: 35,
    in: 0.00027,
    out: 0.0011,
    weight: 2,
  },
];

function monthOfRecords(): RequestMetrics[] {
  let seed = 11;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const records: RequestMetrics[] = [];
  for (let back = 29; back >= 0; back--) {
    // Weekdays busier than weekends, and a slow afternoon for one provider a week ago.
    const weekday = new Date(daysAgo(back)).getDay() % 6 !== 0;
    for (const m of MODELS) {
      const count = Math.round(m.weight * (weekday ? 3 : 1) * (0.6 + random()));
      for (let i = 0; i < count; i++) {
        const slow = m.providerId === 'anthropic' && back === 7 ? 2.2 : 1;
        const failed = random() < 0.04;
        const ttft = failed ? null : m.ttft * slow * (0.6 + random() * random() * 2.2);
        const outputTokens = failed ? 0 : Math.round(150 + random() * 900);
        const inputTokens = Math.round(300 + random() * 2500);
        records.push(
          requestRecord({
            providerId: m.providerId,
            model: m.model,
            startedAt: daysAgo(back, 8 + random() * 12),
            ttftMs: ttft,
            totalMs: (ttft ?? 800) + (outputTokens / m.speed) * 1000,
            inputTokens,
            outputTokens,
            tokensPerSecond: failed ? null : m.speed * (0.8 + random() * 0.4),
            retries: random() < 0.05 ? 1 : 0,
            failoverHops: random() < 0.02 ? 1 : 0,
            outcome: failed ? 'error' : 'complete',
            errorCode: failed ? (random() < 0.6 ? 'rate_limited' : 'timeout') : null,
            costUsd: failed ? 0 : (inputTokens / 1000) * m.in + (outputTokens / 1000) * m.out,
          }),
        );
      }
    }
  }
  return records;
}

const ratings: RatedAnswer[] = [
  ...Array.from({ length: 9 }, () => ({ providerId: 'openai', model: 'gpt-4o', rating: 'up' as const })),
  { providerId: 'openai', model: 'gpt-4o', rating: 'quiet-down' },
  ...Array.from({ length: 4 }, () => ({ providerId: 'openai', model: 'gpt-4o-mini', rating: 'up' as const })),
  ...Array.from({ length: 3 }, () => ({
    providerId: 'openai',
    model: 'gpt-4o-mini',
    rating: 'down' as const,
  })),
  ...Array.from({ length: 6 }, () => ({
    providerId: 'anthropic',
    model: 'claude-sonnet-4',
    rating: 'up' as const,
  })),
  { providerId: 'deepseek', model: 'deepseek-chat', rating: 'up' },
  { providerId: 'deepseek', model: 'deepseek-chat', rating: 'quiet-down' },
];

for (const tag of ['en', 'zh'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`usage view screenshot, ${theme}, ${tag}`, async ({ browser }) => {
      test.setTimeout(120_000);
      const dir = await mkdtemp(join(tmpdir(), 'parley-usage-shot-'));
      await seedHistory(dir, { records: monthOfRecords(), ratings });
      const host = await startWebHost(dir);
      try {
        await host.call('vault.decline');
        for (const [id, name, baseUrl] of [
          ['openai', 'OpenAI', 'https://api.openai.com/v1'],
          ['anthropic', 'Anthropic', 'https://api.anthropic.com/v1'],
          ['deepseek', 'DeepSeek', 'https://api.deepseek.com/v1'],
        ] as const) {
          const models = MODELS.filter((m) => m.providerId === id).map((m) => m.model);
          await host.call('providers.save', {
            id,
            name,
            kind: 'openai-compatible',
            baseUrl,
            models,
            auth: { type: 'api-key' },
            proxy: { mode: 'none' },
          });
        }
        await host.call('settings.update', { language: tag === 'en' ? 'en' : 'zh-CN', theme });
        const page = await browser.newPage({
          viewport: { width: 1280, height: 800 },
          locale: tag === 'en' ? 'en-US' : 'zh-CN',
        });
        await page.goto(host.url);
        await page.keyboard.press('Control+Shift+D');
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('radio').nth(2).click();
        await expect(dialog.getByRole('table')).toBeVisible();
        await expect(dialog.locator('tbody tr')).toHaveCount(4);
        // The cursor on a day of the cost chart: its figures under it.
        const chart = dialog.locator('.usage-chart-canvas').first();
        const box = (await chart.boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.5);
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(out, `usage-${theme}-${tag}.png`) });
        await page.close();
      } finally {
        await host.stop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
}
