/**
 * Screenshots of an alert for docs/screenshots (alert-en.png, alert-zh.png), made from the real UI:
 * answers whose first token came late, and spending over the day's budget. Skipped unless
 * PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-alerts
 */
import { test, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenshotSession } from '../support/screenshot-session.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

const TURNS = {
  en: [
    [
      'Summarise this week’s support tickets in three lines',
      'Most tickets were about **sign-in** after the password reset change; export timeouts came second; two asked for dark mode.',
    ],
    ['Which ones are urgent?', 'The two sign-in failures from *Acme Corp*: their whole team is locked out.'],
    [
      'Draft a reply to Acme',
      'Hi Acme team, we found the cause of the sign-in failures and a fix is rolling out within the hour.',
    ],
    ['Make it shorter', 'Hi Acme, a fix for the sign-in failures is rolling out within the hour.'],
    ['Thanks!', 'You’re welcome.'],
  ],
  zh: [
    [
      '用三行总结本周的客服工单',
      '大多数工单与修改密码重置后的**登录**问题有关；其次是导出超时；还有两条希望支持深色模式。',
    ],
    ['哪些比较紧急？', '来自 *Acme 公司* 的两起登录失败：他们整个团队都无法登录。'],
    ['给 Acme 起草一封回复', 'Acme 团队您好，我们已找到登录失败的原因，修复将在一小时内上线。'],
    ['再短一点', 'Acme 您好，登录问题的修复将在一小时内上线。'],
    ['谢谢！', '不客气。'],
  ],
};

test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const language of ['en', 'zh'] as const) {
  test(`alert screenshot, ${language}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const { mock, host, page, close } = await screenshotSession(browser, language === 'en' ? 'en' : 'zh-CN');
    try {
      await host.call('settings.update', {
        autoTitle: false,
        // A dear price, so five short answers go over a $5 day.
        priceOverrides: { 'gpt-4o-mini': { inputPerMTok: 10_000, outputPerMTok: 30_000 } },
        alerts: {
          window: 5,
          slowFirstToken: { enabled: true, thresholdMs: 800 },
          errorRate: { enabled: false, thresholdPercent: 10 },
          dailyBudget: { enabled: true, usd: 5 },
          monthlyBudget: { enabled: false, usd: 50 },
        },
      });
      const box = page.getByRole('textbox').first();
      await expect(box).toBeVisible();
      for (const [i, [question, answer]] of TURNS[language].entries()) {
        mock.enqueue({ text: answer!, delayBeforeHeadersMs: 1200 });
        await box.fill(question!);
        await box.press('Enter');
        await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(i + 1);
      }
      const notice = page.locator('.alert-notice li');
      await expect(notice).toHaveCount(2);
      await page.mouse.move(640, 780);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `alert-${language}.png`) });
    } finally {
      await page.close();
      await close();
    }
  });
}
