import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The Electron executable, found without `require('electron')` (which would try to download it),
 * or why the desktop tests must be skipped here.
 */
export function electronBinary(): { path: string } | { skip: string } {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile))
    return { skip: 'no Electron binary (node_modules/electron/path.txt is missing)' };
  const binary = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { skip: `no Electron binary at ${binary}` };
  if (!existsSync(join(root, 'out/main/index.js'))) return { skip: 'no build: run `npm run build` first' };
  return { path: binary };
}

/** A provider on the mock server, its key and the default model, set through the page's own bridge. */
export async function configureMockProvider(page: Page, baseUrl: string): Promise<void> {
  await page.evaluate(async (url) => {
    type Bridge = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    const parley = (globalThis as unknown as { parley: Bridge }).parley;
    await parley.providers!.save!({
      id: 'mock',
      name: 'Mock',
      kind: 'openai-compatible',
      baseUrl: url,
      models: ['gpt-4o-mini'],
      auth: { type: 'api-key' },
      proxy: { mode: 'none' },
    });
    await parley.keys!.set!({ providerId: 'mock', key: 'sk-electron-e2e-1234' });
    await parley.settings!.update!({
      defaultModel: { providerId: 'mock', model: 'gpt-4o-mini' },
      language: 'en',
    });
  }, baseUrl);
}
