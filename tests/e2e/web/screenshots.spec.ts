/**
 * Screenshots of the main window for docs/screenshots (English and Chinese, light and dark),
 * made from the real UI. Skipped unless PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots
 */
import { test as base, expect } from '@playwright/test';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenshotSession } from '../support/screenshot-session.ts';

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'docs/screenshots');

const ANSWER_EN = `Both are **O(n log n)** on average, but they trade memory for predictability.

| | Quicksort | Mergesort |
| --- | --- | --- |
| Average time | $O(n \\log n)$ | $O(n \\log n)$ |
| Worst case | $O(n^2)$ | $O(n \\log n)$ |
| Extra memory | $O(\\log n)$ | $O(n)$ |
| Stable | No | Yes |

A compact mergesort in TypeScript:

\`\`\`ts
export function mergeSort(items: number[]): number[] {
  if (items.length <= 1) return items;
  const mid = items.length >> 1;
  const left = mergeSort(items.slice(0, mid));
  const right = mergeSort(items.slice(mid));
  const out: number[] = [];
  while (left.length && right.length) out.push(left[0]! <= right[0]! ? left.shift()! : right.shift()!);
  return [...out, ...left, ...right];
}
\`\`\`

Pick **quicksort** for in-place speed on arrays, **mergesort** when you need stability or sort linked lists. See [the Wikipedia article](https://en.wikipedia.org/wiki/Merge_sort).`;

const ANSWER_ZH = `两者的平均时间复杂度都是 **O(n log n)**，区别在于内存与稳定性。

| | 快速排序 | 归并排序 |
| --- | --- | --- |
| 平均时间 | $O(n \\log n)$ | $O(n \\log n)$ |
| 最坏情况 | $O(n^2)$ | $O(n \\log n)$ |
| 额外内存 | $O(\\log n)$ | $O(n)$ |
| 稳定排序 | 否 | 是 |

用 Python 写一个简洁的归并排序：

\`\`\`python
def merge_sort(items):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left, right = merge_sort(items[:mid]), merge_sort(items[mid:])
    out = []
    while left and right:
        out.append(left.pop(0) if left[0] <= right[0] else right.pop(0))
    return out + left + right
\`\`\`

需要**原地**、速度快时选快速排序；需要**稳定**或处理链表时选归并排序。`;

const test = base;
test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const language of ['en', 'zh-CN'] as const) {
  test(`main window screenshots, ${language}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const { mock, host, page, close } = await screenshotSession(browser, language);
    try {
      const box = page.getByRole('textbox');
      await expect(box).toBeVisible();
      const titles =
        language === 'en'
          ? [
              'Plan a three-day trip to Kyoto',
              'Explain Rust lifetimes simply',
              'Polish my weekly report',
              'SQL window functions',
            ]
          : ['规划三天的京都行程', '用简单的话解释 Rust 生命周期', '帮我润色周报', 'SQL 窗口函数怎么用'];
      for (const title of titles) {
        await page.keyboard.press('Control+n');
        await box.fill(title);
        await box.press('Enter');
        await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(1);
      }
      await page.keyboard.press('Control+n');
      mock.enqueue({ text: language === 'en' ? ANSWER_EN : ANSWER_ZH, chunkDelayMs: 1, chunkSize: 60 });
      await box.fill(
        language === 'en'
          ? 'Compare quicksort and mergesort, with a table and code'
          : '比较快速排序和归并排序，给出表格和代码',
      );
      await box.press('Enter');
      await expect(page.locator('article.assistant[data-state="complete"]')).toHaveCount(1);
      // Pin one, so the sidebar shows its groups.
      await page.locator('.conv-row').nth(2).click({ button: 'right' });
      await page.getByRole('menuitem').nth(1).click();
      await page.getByRole('textbox').click();
      await page.mouse.move(900, 780);
      for (const theme of ['light', 'dark'] as const) {
        await host.call('settings.update', { theme });
        await page.reload();
        await page
          .locator('.conv-row')
          .filter({ hasText: language === 'en' ? 'quicksort' : '快速排序' })
          .click();
        await expect(page.locator('article.assistant[data-state="complete"]').last()).toBeVisible();
        await expect(page.locator('.katex').first()).toBeVisible();
        // Code is highlighted in idle time after it shows.
        await expect(page.locator('pre code .hljs-keyword').first()).toBeVisible();
        await page.locator('.message-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
        await page.waitForTimeout(300);
        const tag = language === 'en' ? 'en' : 'zh';
        await page.screenshot({ path: join(out, `main-${tag}-${theme}.png`) });
      }
      await page.close();
    } finally {
      await close();
    }
  });
}
