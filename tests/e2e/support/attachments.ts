import type { JSHandle, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/**
 * Files reaching the page as a person's drag or paste brings them: a DataTransfer built in the
 * page, dispatched as the browser would (the e2e attachments spec and its screenshots use these).
 */

/** A DataTransfer in the page holding text files. */
export function textFiles(
  page: Page,
  files: { name: string; type: string; text: string }[],
): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([f.text], f.name, { type: f.type }));
    return data;
  }, files);
}

/**
 * Drops the transfer's files on the window, as a file manager's drag does; with `overlay`, checks
 * that those words show while the files hover and go after the drop.
 */
export async function dropOnWindow(page: Page, transfer: JSHandle<DataTransfer>, overlay?: string) {
  const target = page.locator('.message-scroll, .empty-state').first();
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  if (overlay) await expect(page.getByText(overlay)).toBeVisible();
  await target.dispatchEvent('drop', { dataTransfer: transfer });
  if (overlay) await expect(page.getByText(overlay)).toBeHidden();
}

/** Pastes the transfer's files into the element `selector` names, as the clipboard hands them over. */
export async function pasteInto(page: Page, selector: string, transfer: JSHandle<DataTransfer>) {
  await page.evaluate(
    ([into, data]) =>
      document
        .querySelector(into)!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })),
    [selector, transfer] as const,
  );
}

/** base64 of the first file a transfer holds (what a test expects the model to receive). */
export function firstFileBase64(transfer: JSHandle<DataTransfer>): Promise<string> {
  return transfer.evaluate(async (data) => {
    const bytes = new Uint8Array(await data.files[0]!.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
}
