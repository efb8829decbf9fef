import { expect, test } from '../support/parley.ts';

/**
 * The quick prompt, when an answer stops at the model's output limit (finish_reason "length"):
 * it says so plainly, in the window's language, and offers to continue in Parley.
 */
test.describe('quick prompt: an answer cut off at the length limit', () => {
  test.beforeEach(({ mock }) => mock.reset());

  test('says it is not the whole answer, and Open in Parley leads to Continue', async ({
    page,
    host,
    mock,
  }) => {
    mock.enqueue(
      { text: 'The first half of a long quick answer', finishReason: 'length' },
      { text: ' and the rest of it.' },
    );
    await page.goto(`${host.origin}/quick.html#token=${host.token}`);
    const input = page.getByRole('textbox', { name: 'Ask Parley' });
    await input.fill('Something long, quickly');
    await input.press('Enter');
    const turn = page.getByRole('article', { name: 'Answer' }).last();
    await expect(turn).toHaveAttribute('data-status', 'interrupted');
    await expect(turn.getByRole('status')).toHaveText(
      'Cut off at the length limit: this is not the whole answer.',
    );
    await turn.getByRole('button', { name: 'Open in Parley to continue' }).click();
    await page.waitForURL(/\/index\.html/);
    const answer = page.getByRole('article', { name: /^Assistant/ }).last();
    await expect(answer.getByRole('status')).toHaveText('Cut off at the length limit.');
    await answer.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('article', { name: /^Assistant/ }).last()).toContainText(
      'The first half of a long quick answer and the rest of it.',
    );
  });

  test('says so in Chinese', async ({ page, host, mock }) => {
    mock.enqueue({ text: '很长的回答的前一半', finishReason: 'length' });
    try {
      await host.call('settings.update', { language: 'zh-CN' });
      await page.goto(`${host.origin}/quick.html#token=${host.token}`);
      const input = page.getByRole('textbox', { name: '向 Parley 提问' });
      await input.fill('说点长的');
      await input.press('Enter');
      const turn = page.getByRole('article', { name: '回答' }).last();
      await expect(turn.getByRole('status')).toHaveText('回答在长度上限处被截断：这不是完整的回答。');
      await expect(turn.getByRole('button', { name: '在 Parley 中打开并继续' })).toBeVisible();
    } finally {
      await host.call('settings.update', { language: 'en' });
    }
  });
});
