import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, startWebHost, test } from '../support/parley.ts';
import type { HostOptions } from '../support/parley.ts';

/** No Secret Service to reach: the host has no keychain, as on a headless server. */
const NO_KEYCHAIN: HostOptions = {
  env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/parley-e2e-bus', DISPLAY: undefined },
};

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not shown');
  return found;
}

// The first run of the browser edition on a machine without a keychain: the vault offer and the
// empty conversation's welcome must both be whole, one above the other, never on top of each other.
for (const viewport of [
  { width: 1280, height: 800 },
  { width: 900, height: 640 },
]) {
  test(`the key vault offer sits above the empty state, not over it (${viewport.width}×${viewport.height})`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const dir = await mkdtemp(join(tmpdir(), 'parley-vault-layout-'));
    const host = await startWebHost(dir, 0, NO_KEYCHAIN);
    const page = await browser.newPage({ viewport });
    try {
      await page.goto(host.url);
      const prompt = page.getByRole('region', { name: 'Key vault' });
      await expect(
        prompt.getByRole('heading', { name: 'Keep your API keys between restarts' }),
      ).toBeVisible();
      const heading = page.getByRole('heading', { name: 'What can I help with?' });
      await expect(heading).toBeVisible();
      const card = await box(prompt);
      const logo = await box(page.locator('.empty-logo'));
      const title = await box(heading);
      const chatHeader = await box(page.locator('.chat-header'));
      expect(card.y).toBeGreaterThanOrEqual(chatHeader.y + chatHeader.height);
      expect(card.y + card.height).toBeLessThanOrEqual(logo.y);
      expect(logo.y + logo.height).toBeLessThanOrEqual(title.y);
      // The welcome stays above the composer, and the offer's buttons can be reached.
      const composer = await box(page.getByRole('textbox', { name: 'Message' }));
      expect(title.y + title.height).toBeLessThanOrEqual(composer.y);
      await expect(prompt.getByRole('button').first()).toBeInViewport();
    } finally {
      await page.close();
      await host.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
}
