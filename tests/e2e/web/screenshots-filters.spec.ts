/**
 * Screenshots of the content filters for docs/screenshots (English and Chinese), made from the real
 * UI: a pasted key held with the secret warning, a question held by moderation, a flagged answer
 * folded. Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-filters
 */
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDER_ID } from '../support/parley.ts';
import { screenshotSession } from '../support/screenshot-session.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');
/** A made-up key that looks like OpenAI's (never a real one). */
const FAKE_KEY = 'sk-proj-Xq7Lm2Rt9Vb4Nc8Kd1Wf6Hg3Js5Pz0Ya2Ue7Io4Tr9Ql';

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

const words = {
  en: {
    first: 'Why does my deploy script fail with 401?',
    firstAnswer:
      'A **401 Unauthorized** means the API did not accept the key. Check that `OPENAI_API_KEY` is set in the environment the script runs in, not only in your shell.',
    secret: `Here is the script:\n\nexport OPENAI_API_KEY=${FAKE_KEY}\nnode deploy.js`,
    held: 'Write a chant to crush the other team’s fans',
    heldWord: 'crush the other team',
    folded: 'How were early boxing matches fought?',
    foldedAnswer:
      'Early prize fights were fought without gloves, under the London Prize Ring rules.\n\nThe bare-knuckle bouts were brutal and bloody, and often lasted dozens of rounds.',
    foldedWord: 'brutal and bloody',
  },
  zh: {
    first: '为什么我的部署脚本报 401 错误？',
    firstAnswer:
      '**401 Unauthorized** 表示接口没有接受这个密钥。请确认脚本运行的环境里设置了 `OPENAI_API_KEY`，而不只是在你的终端里。',
    secret: `脚本如下：\n\nexport OPENAI_API_KEY=${FAKE_KEY}\nnode deploy.js`,
    held: '写一段口号，要把对方球迷打得头破血流',
    heldWord: '头破血流',
    folded: '早期的拳击比赛是怎样进行的？',
    foldedAnswer:
      '早期的职业拳赛不戴手套，按照伦敦职业拳击规则进行。\n\n赤手空拳的比赛血腥而残酷，常常要打几十个回合。',
    foldedWord: '血腥而残酷',
  },
};

async function shoot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1200, 780);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, name) });
}

for (const language of ['en', 'zh-CN'] as const) {
  test(`content filter screenshots, ${language}`, async ({ browser }) => {
    test.setTimeout(150_000);
    const tag = language === 'en' ? 'en' : 'zh';
    const text = words[tag];
    const { mock, host, page, close } = await screenshotSession(browser, language);
    try {
      const box = page.getByRole('textbox', { name: language === 'en' ? 'Message' : '消息' });
      await expect(box).toBeVisible();

      mock.enqueue({ text: text.firstAnswer });
      await box.fill(text.first);
      await box.press('Enter');
      await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(1);

      // 1. A pasted key: held, named (never shown), with Redact, Send anyway and Cancel.
      await box.fill(text.secret);
      await box.press('Enter');
      await expect(page.getByTestId('hold-panel')).toBeFocused();
      await shoot(page, `filters-secret-${tag}.png`);
      await page.keyboard.press('Escape');

      // 2. Moderation on: a flagged question is held in the composer.
      const settings = await host.call('settings.get');
      await host.call('settings.update', {
        contentFilter: {
          ...settings.contentFilter,
          moderation: { ...settings.contentFilter.moderation, providers: [PROVIDER_ID] },
        },
      });
      mock.flagModeration(text.heldWord, ['harassment', 'violence']);
      mock.flagModeration(text.foldedWord, ['violence/graphic']);
      await box.fill(text.held);
      await box.press('Enter');
      await expect(page.getByTestId('hold-panel')).toBeFocused();
      await shoot(page, `filters-held-${tag}.png`);
      await page.keyboard.press('Escape');

      // 3. A flagged answer, folded.
      mock.enqueue({ text: text.foldedAnswer });
      await box.fill(text.folded);
      await box.press('Enter');
      await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(2);
      await expect(page.getByTestId('flagged-fold')).toBeVisible();
      await box.focus();
      await shoot(page, `filters-folded-${tag}.png`);
      await page.close();
    } finally {
      await close();
    }
  });
}
