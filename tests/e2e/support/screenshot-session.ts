import type { Browser, Page } from '@playwright/test';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/types.ts';
import { configureMockProvider, startWebHost } from './parley.ts';
import type { WebHost } from './parley.ts';

/**
 * For a docs screenshot: a fresh mock server and host with the mock provider, the UI in `language`,
 * and a 1280×800 page opened on it; `close` stops them all.
 */
export async function screenshotSession(
  browser: Browser,
  language: 'en' | 'zh-CN',
): Promise<{ mock: MockServer; host: WebHost; page: Page; close(): Promise<void> }> {
  const mock = await startMockServer({ defaults: { chunkDelayMs: 1, chunkSize: 40 } });
  const host = await startWebHost();
  const close = async () => {
    await host.stop();
    await mock.close();
  };
  try {
    await configureMockProvider(host, mock);
    await host.call('settings.update', { language });
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      locale: language === 'en' ? 'en-US' : 'zh-CN',
    });
    await page.goto(host.url);
    return { mock, host, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
