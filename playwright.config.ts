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
        // A trace records every action of every test and costs about 40 % more CPU on a 2-core
        // machine; a failure still leaves its page snapshot (error-context.md). PARLEY_TRACE=1 to record.
        trace: process.env.PARLEY_TRACE === '1' ? 'retain-on-failure' : 'off',
      },
    },
    { name: 'electron', testDir: 'tests/e2e/electron' },
  ],
});
