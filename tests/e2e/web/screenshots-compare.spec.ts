/**
 * Screenshots of a comparison for docs/screenshots (compare-en.png, compare-zh.png), made from the
 * real UI: three models of two providers answered one question side by side, with their figures.
 * Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-compare
 */
import { test as base, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock-server/server.ts';
import { configureMockProvider, startWebHost } from '../support/parley.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');
const GATEWAY = 'gateway';

const CONTENT = {
  en: {
    question: 'In one short paragraph: why does the sky look blue?',
    answers: {
      'gpt-4o-mini':
        'Air molecules scatter **short wavelengths far more** than long ones (Rayleigh scattering, ∝ 1/λ⁴), so blue light reaches your eyes from every direction.',
      'gpt-4o':
        'Because of **Rayleigh scattering**: air molecules, far smaller than the wavelength of light, scatter blue about five times more than red.\n\n- Noon: short path, deep blue\n- Sunset: long path, red left',
      'llama-3.3-70b':
        'The air scatters short-wavelength light more strongly than long-wavelength light. The scattered *blue* light fills the sky, while the direct sunlight looks slightly yellow.',
    },
  },
  zh: {
    question: '用一小段话解释：天空为什么是蓝色的？',
    answers: {
      'gpt-4o-mini':
        '阳光经过大气时会被空气分子散射，**波长越短散射越强**（瑞利散射与 1/λ⁴ 成正比）。蓝光被散射到整个天空，所以从各个方向进入我们的眼睛。',
      'gpt-4o':
        '原因是**瑞利散射**：氮气和氧气分子远小于光的波长，对蓝光的散射大约是红光的五倍。我们看到的紫色较少，是因为太阳发出的紫光少，人眼对紫光也不敏感。\n\n- 正午：光程短，天空深蓝\n- 日落：光程长，蓝光被散射掉，只剩红光',
      'llama-3.3-70b':
        '空气对短波长光的散射比长波长光更强。被散射的*蓝光*充满天空，而直射的阳光看起来略带黄色。',
    },
  },
};

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const language of ['en', 'zh'] as const) {
  test(`comparison screenshot, ${language}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const content = CONTENT[language];
    const mock = await startMockServer({ defaults: { chunkDelayMs: 20, chunkSize: 6 } });
    const host = await startWebHost();
    try {
      await configureMockProvider(host, mock);
      await host.call('providers.save', {
        id: GATEWAY,
        name: 'Gateway',
        kind: 'openai-compatible',
        baseUrl: `${mock.url}/v1`,
        models: ['llama-3.3-70b'],
        auth: { type: 'api-key' },
        proxy: { mode: 'none' },
        maxRetries: 0,
      });
      await host.call('keys.set', { providerId: GATEWAY, key: 'sk-gateway-0000' });
      await host.call('settings.update', {
        language: language === 'en' ? 'en' : 'zh-CN',
        priceOverrides: { [`${GATEWAY}/llama-3.3-70b`]: { inputPerMTok: 0.59, outputPerMTok: 0.79 } },
      });
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
        locale: language === 'en' ? 'en-US' : 'zh-CN',
      });
      await page.goto(host.url);
      const box = page.getByRole('textbox').first();
      await expect(box).toBeVisible();
      // Three speeds, so the figures differ as they would.
      mock.enqueue(
        { forModel: 'gpt-4o-mini', text: content.answers['gpt-4o-mini'], chunkDelayMs: 10 },
        { forModel: 'gpt-4o', text: content.answers['gpt-4o'], chunkDelayMs: 25, delayBeforeHeadersMs: 300 },
        {
          forModel: 'llama-3.3-70b',
          text: content.answers['llama-3.3-70b'],
          chunkDelayMs: 5,
          delayBeforeHeadersMs: 150,
        },
      );
      await page.locator('.compare-picker > button').click();
      const panel = page.locator('.compare-panel');
      await panel.getByRole('checkbox', { name: 'gpt-4o-mini · Mock' }).check();
      await panel.getByRole('checkbox', { name: 'gpt-4o · Mock' }).check();
      await panel.getByRole('checkbox', { name: 'llama-3.3-70b · Gateway' }).check();
      await page.keyboard.press('Escape');
      await box.fill(content.question);
      await box.press('Enter');
      const columns = page.locator('.compare-column');
      await expect(columns).toHaveCount(3);
      await expect(page.locator('.compare-column[data-state="complete"]')).toHaveCount(3, {
        timeout: 60_000,
      });
      await expect(page.locator('.compare-figures')).toHaveCount(3);
      // The question above its answers.
      await page.locator('.message-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
      await page.mouse.move(1270, 790);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(out, `compare-${language}.png`) });
      await page.close();
    } finally {
      await host.stop();
      await mock.close();
    }
  });
}
