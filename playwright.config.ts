import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/support/chromium.ts';

/**
 * End-to-end tests. `web`: the browser edition (the real Node host and main-side services) in
 * Debian's Chromium, since Playwright's own browser download cannot work everywhere. `electron`:
 * the desktop app through `_electron`, skipped with the reason where no Electron binary exists.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
  projects: [
    {
      name: 'web',
      testDir: 'tests/e2e/web',
      use: {
        browserName: 'chromium',
        launchOptions: chromiumLaunchOptions,
        trace: 'retain-on-failure',
      },
    },
    { name: 'electron', testDir: 'tests/e2e/electron' },
  ],
});
