import type { JSHandle, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { MODELS, expect, lastAnswer, test, waitForAnswer } from '../support/parley.ts';
import type { WebHost } from '../support/parley.ts';
import { dropOnWindow, firstFileBase64, pasteInto, textFiles } from '../support/attachments.ts';

/**
 * Attachments in the browser edition, end to end: files picked, dropped on the window and pasted
 * go through the real renderer, the host's upload handlers and the chat pipeline to the mock
 * model server, which records the parts it was sent; the message keeps them after a reload.
 */

/** A small opaque PNG (a gradient), made here so the test knows its exact bytes. */
function gradientPng(width: number, height: number): Buffer {
  const png = { width, height, data: Buffer.alloc(width * height * 4) };
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      png.data[i] = Math.round((x / width) * 255);
      png.data[i + 1] = Math.round((y / height) * 255);
      png.data[i + 2] = 160;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

const NOTES = 'Deploy checklist\n1. run the migrations\n2. restart the workers\n';

function messageBox(page: Page) {
  return page.getByRole('textbox', { name: 'Message' });
}

function chips(page: Page) {
  return page.getByRole('list', { name: 'Attached files' });
}

/** A screenshot on the clipboard: a PNG drawn on a canvas. */
function screenshot(page: Page): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 200;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#1d4ed8';
    g.fillRect(0, 0, 320, 200);
    g.fillStyle = '#fde68a';
    g.fillRect(40, 40, 120, 80);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
    return data;
  });
}

/** Pastes a screenshot into `selector`; returns its bytes, base64. */
async function pasteScreenshot(page: Page, selector: string): Promise<string> {
  const transfer = await screenshot(page);
  await pasteInto(page, selector, transfer);
  return firstFileBase64(transfer);
}

/** The content parts of the last user message the mock server received. */
function sentParts(host: { requests: { body: unknown }[] }): unknown[] {
  const body = host.requests.at(-1)!.body as { messages: { role: string; content: unknown }[] };
  const user = body.messages.filter((m) => m.role === 'user').at(-1)!;
  expect(Array.isArray(user.content), 'the message is sent as a list of parts').toBe(true);
  return user.content as unknown[];
}

async function waitUploaded(page: Page, count: number) {
  await expect(chips(page).getByRole('listitem')).toHaveCount(count);
  await expect(chips(page).locator('[data-state="ready"]')).toHaveCount(count);
}

test.describe('attachments (browser edition)', () => {
  test('a picked image, a dropped text file and a pasted screenshot reach the model as parts, and stay after a reload', async ({
    app: page,
    mock,
  }) => {
    const picked = gradientPng(64, 48);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: picked });
    const notes = await textFiles(page, [{ name: 'notes.txt', type: 'text/plain', text: NOTES }]);
    await dropOnWindow(page, notes, 'Drop files to attach them');
    const pasted = await pasteScreenshot(page, 'textarea[aria-label="Message"]');
    await waitUploaded(page, 3);

    // Each chip: the name, the size (and tokens for text), a thumbnail for images, a remove button.
    const list = chips(page);
    await expect(list.getByRole('listitem').nth(0)).toContainText('gradient.png');
    await expect(list.getByRole('listitem').nth(1)).toContainText('notes.txt');
    await expect(list.getByRole('listitem').nth(1)).toContainText(/\d+ tokens/);
    await expect(list.locator('img')).toHaveCount(2);
    await expect(list.getByRole('button', { name: 'Remove notes.txt' })).toBeVisible();

    await messageBox(page).fill('What do these show?');
    await messageBox(page).press('Enter');
    await waitForAnswer(page);
    await expect(list).toBeHidden();

    const parts = sentParts(mock);
    expect(parts).toContainEqual(expect.objectContaining({ type: 'text', text: 'What do these show?' }));
    const images = parts.filter((p) => (p as { type: string }).type === 'image_url') as {
      image_url: { url: string };
    }[];
    expect(images.map((p) => p.image_url.url)).toEqual([
      `data:image/png;base64,${picked.toString('base64')}`,
      `data:image/png;base64,${pasted}`,
    ]);
    const texts = parts.filter((p) => (p as { type: string }).type === 'text') as { text: string }[];
    const file = texts.find((p) => p.text.includes('Deploy checklist'));
    expect(file, 'the text file is sent as text').toBeDefined();
    expect(file!.text).toContain('notes.txt');
    expect(file!.text).toContain(NOTES.trim());

    const question = page.getByRole('article', { name: 'User' }).last();
    await expect(question.getByRole('button', { name: 'Open gradient.png' })).toBeVisible();
    await page.reload();
    const again = page.getByRole('article', { name: 'User' }).last();
    await expect(again.getByRole('button', { name: 'Open gradient.png' })).toBeVisible();
    await expect(again.getByRole('button', { name: 'Open image.png' })).toBeVisible();
    await expect(again.getByRole('button', { name: 'Save notes.txt' })).toBeVisible();
    await expect(again).toContainText('What do these show?');
    const shown = again.getByRole('img', { name: 'Image: gradient.png' });
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

    // Opened large; Escape closes it.
    await again.getByRole('button', { name: 'Open gradient.png' }).click();
    const lightbox = page.getByRole('dialog', { name: 'gradient.png' });
    await expect(lightbox).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(lightbox).toBeHidden();

    // A file in a message can be saved: its exact bytes download.
    const download = page.waitForEvent('download');
    await again.getByRole('button', { name: 'Save notes.txt' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('notes.txt');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile((await saved.path())!, 'utf8')).toBe(NOTES);
  });

  test('a message of files alone sends; a removed chip is not sent; a file over the cap is refused in plain words', async ({
    app: page,
    mock,
  }) => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (
      await chooser
    ).setFiles([
      { name: 'keep.txt', mimeType: 'text/plain', buffer: Buffer.from('kept file body') },
      { name: 'drop.txt', mimeType: 'text/plain', buffer: Buffer.from('removed file body') },
      { name: 'huge.log', mimeType: 'text/plain', buffer: Buffer.alloc(20 * 1024 * 1024 + 1, 97) },
    ]);
    const list = chips(page);
    await expect(list.getByRole('listitem').nth(2)).toContainText('Too large: a file can be at most 20 MB.');
    await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
    await list.getByRole('button', { name: 'Remove huge.log' }).click();
    await list.getByRole('button', { name: 'Remove drop.txt' }).click();
    await waitUploaded(page, 1);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await waitForAnswer(page);
    const all = JSON.stringify(sentParts(mock));
    expect(all).toContain('kept file body');
    expect(all).not.toContain('removed file body');
    await expect(lastAnswer(page)).toHaveAttribute('data-state', 'complete');
  });

  test('a photo beyond the size limit is scaled down in the window before it is uploaded', async ({
    app: page,
    mock,
  }) => {
    // 3000 x 1500 opaque pixels: longer than the 2048 px the APIs take.
    await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(3000, 1500);
      const g = canvas.getContext('2d')!;
      const gradient = g.createLinearGradient(0, 0, 3000, 1500);
      gradient.addColorStop(0, '#0f766e');
      gradient.addColorStop(1, '#f59e0b');
      g.fillStyle = gradient;
      g.fillRect(0, 0, 3000, 1500);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      const data = new DataTransfer();
      data.items.add(new File([blob], 'wide.png', { type: 'image/png' }));
      document
        .querySelector('textarea[aria-label="Message"]')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await waitUploaded(page, 1);
    await expect(chips(page)).toContainText('Scaled down');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await waitForAnswer(page);
    const image = sentParts(mock).find((p) => (p as { type: string }).type === 'image_url') as {
      image_url: { url: string };
    };
    expect(image.image_url.url.startsWith('data:image/jpeg;base64,')).toBe(true);
    const jpeg = Buffer.from(image.image_url.url.split(',')[1]!, 'base64');
    expect(jpegSize(jpeg)).toEqual({ width: 2048, height: 1024 });
  });

  test('a photo taken sideways (EXIF orientation 6) is scaled down the way it is seen', async ({
    app: page,
    mock,
  }) => {
    // 3000 x 1000 pixels as stored, tagged "rotate 90°": seen as 1000 x 3000.
    const stored = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(3000, 1000);
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#334155';
      g.fillRect(0, 0, 3000, 1000);
      g.fillStyle = '#f97316';
      g.fillRect(0, 0, 600, 1000);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'sideways.jpg',
      mimeType: 'image/jpeg',
      buffer: withOrientation(Buffer.from(stored, 'base64'), 6),
    });
    await waitUploaded(page, 1);
    await expect(chips(page)).toContainText('Scaled down');
    await messageBox(page).fill('Which way is up?');
    await messageBox(page).press('Enter');
    await waitForAnswer(page);
    const image = sentParts(mock).find((p) => (p as { type: string }).type === 'image_url') as {
      image_url: { url: string };
    };
    const jpeg = Buffer.from(image.image_url.url.split(',')[1]!, 'base64');
    expect(jpegSize(jpeg)).toEqual({ width: 683, height: 2048 });
  });

  test('an SVG is a file shown as a picture in an image element, never live markup', async ({
    app: page,
    mock,
  }) => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__svgRan = 1"><script>window.__svgRan = 2</script><rect width="10" height="10"/></svg>';
    await dropOnWindow(page, await textFiles(page, [{ name: 'logo.svg', type: 'image/svg+xml', text: svg }]));
    await waitUploaded(page, 1);
    // Its thumbnail is an <img> of the chosen bytes (an SVG there runs no script).
    await expect(chips(page).locator('img')).toHaveAttribute('src', /^blob:/);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await waitForAnswer(page);
    expect(JSON.stringify(sentParts(mock))).toContain('logo.svg');
    await page.reload();
    const question = page.getByRole('article', { name: 'User' }).last();
    await expect(question.getByRole('button', { name: 'Save logo.svg' })).toBeVisible();
    // After a reload, the stored file (type from its bytes: SVG) shows as a picture too.
    const picture = question.locator('.attachment-chip img');
    await expect(picture).toHaveAttribute('src', /^blob:/);
    await expect
      .poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    // (The window's own icons are SVG too: look for the file's markup, not any SVG.)
    await expect(page.locator('#root script, svg[onload], rect[width="10"][height="10"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __svgRan?: number }).__svgRan)).toBeUndefined();
  });

  test('a model that cannot read images is named in plain words before anything is sent, and nothing is lost', async ({
    app: page,
    host,
    mock,
  }) => {
    await host.call('settings.update', { modelOverrides: { [MODELS[0]!]: { inputs: { images: false } } } });
    try {
      await page.reload();
      await pasteScreenshot(page, 'textarea[aria-label="Message"]');
      await waitUploaded(page, 1);
      await messageBox(page).fill('What is this?');
      await messageBox(page).press('Enter');
      await expect(page.getByRole('alert')).toContainText(
        `${MODELS[0]} cannot read images. Pick a model that can, or remove the image.`,
      );
      // The question and its file stay, to send to another model or without the image.
      await expect(messageBox(page)).toHaveValue('What is this?');
      await expect(chips(page).locator('[data-state="ready"]')).toHaveCount(1);
      expect(mock.requests).toHaveLength(0);
    } finally {
      await host.call('settings.update', { modelOverrides: {} });
    }
  });

  test('the quick prompt takes a pasted screenshot and asks about it', async ({ page, host, mock }) => {
    mock.reset();
    await openQuick(page, host);
    const input = page.getByRole('textbox', { name: 'Ask Parley' });
    const pasted = await pasteScreenshot(page, 'textarea[aria-label="Ask Parley"]');
    await expect(chips(page).locator('img')).toHaveCount(1);
    // Enter at once: the question goes as soon as the screenshot is stored.
    await input.fill('What is in this screenshot?');
    await input.press('Enter');
    const turn = page.getByRole('article', { name: 'Answer' }).last();
    await expect(turn).toHaveAttribute('data-status', 'complete');
    await expect(turn).toContainText('image.png');
    await expect(chips(page)).toBeHidden();
    const parts = sentParts(mock);
    expect(parts).toContainEqual(
      expect.objectContaining({ type: 'text', text: 'What is in this screenshot?' }),
    );
    expect(parts).toContainEqual(
      expect.objectContaining({
        type: 'image_url',
        image_url: expect.objectContaining({ url: `data:image/png;base64,${pasted}` }),
      }),
    );
  });
});

async function openQuick(page: Page, host: WebHost): Promise<void> {
  await page.goto(`${host.origin}/quick.html#token=${host.token}`);
  await expect(page.getByRole('textbox', { name: 'Ask Parley' })).toBeFocused();
}

/** A JPEG with an EXIF segment that says how to turn it (1: as stored, 6: a quarter turn clockwise). */
function withOrientation(jpeg: Buffer, orientation: number): Buffer {
  const hex = (text: string) => Buffer.from(text, 'hex');
  const exif = Buffer.concat([
    hex('ffe10022'), // APP1, 34 bytes
    Buffer.from('Exif\0\0', 'latin1'),
    hex('49492a0008000000'), // TIFF, little-endian, first directory at 8
    hex('0100'), // one entry: Orientation, a SHORT
    hex('120103000100000000000000'),
    hex('00000000'), // no next directory
  ]);
  exif.writeUInt16LE(orientation, 4 + 6 + 8 + 2 + 8);
  return Buffer.concat([jpeg.subarray(0, 2), exif, jpeg.subarray(2)]);
}

/** A JPEG's pixel size, from its first start-of-frame segment. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  throw new Error('not a JPEG');
}
