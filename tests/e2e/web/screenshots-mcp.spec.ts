/**
 * Screenshots of Settings → Tools (MCP) for docs/screenshots (mcp-servers-en.png, -zh.png), made
 * from the real UI with real servers: server-everything running, one restarted after a crash with
 * its last error, one switched off with its secret saved, an HTTP one that failed. Skipped unless
 * PARLEY_SCREENSHOTS=1:
 *   PARLEY_SCREENSHOTS=1 npx playwright test --project=web screenshots-mcp
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashingEverything, EVERYTHING } from '../../integration/tools/mcp-servers.ts';
import { screenshotSession } from '../support/screenshot-session.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const out = join(repo, 'docs/screenshots');

test.skip(!process.env.PARLEY_SCREENSHOTS, 'set PARLEY_SCREENSHOTS=1 to refresh docs/screenshots');

for (const language of ['en', 'zh'] as const) {
  test(`MCP server list screenshot, ${language}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'parley-shot-mcp-'));
    const { host, page, close } = await screenshotSession(browser, language === 'en' ? 'en' : 'zh-CN');
    const names = ['everything', 'docs-search', 'everything-beta', 'github'];
    try {
      const crashy = crashingEverything(dir);
      const wrapper = join(dir, 'crash-once.mjs');
      await host.call('mcp.save', {
        server: {
          name: 'everything',
          transport: 'stdio',
          // As a person would write it: node from the PATH, the script relative to its folder.
          command: 'node',
          args: [relative(repo, EVERYTHING), 'stdio'],
          cwd: repo,
        },
      });
      await host.call('mcp.save', {
        server: { name: 'docs-search', transport: 'http', url: 'http://127.0.0.1:9/mcp' },
        secrets: [{ name: 'Authorization', value: 'Bearer screenshot' }],
      });
      await host.call('mcp.save', {
        server: {
          name: 'everything-beta',
          transport: 'stdio',
          command: 'node',
          args: [basename(wrapper)],
          cwd: dir,
        },
      });
      await host.call('mcp.save', {
        server: {
          name: 'github',
          transport: 'stdio',
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          enabled: false,
        },
        secrets: [{ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', value: `screenshot-${Date.now()}` }],
      });
      await host.call('mcp.test', { name: 'everything' });
      await host.call('mcp.test', { name: 'docs-search' });
      await host.call('mcp.test', { name: 'everything-beta' });
      crashy.crash();
      await expect
        .poll(
          async () => {
            const beta = (await host.call('mcp.list')).find((s) => s.config.name === 'everything-beta')!;
            return `${beta.status.state}/${beta.status.restarts}`;
          },
          { timeout: 20_000 },
        )
        .toBe('running/1');

      await expect(page.getByRole('textbox').first()).toBeVisible();
      await page.getByRole('button', { name: language === 'en' ? 'Settings' : '设置', exact: true }).click();
      await page.getByRole('tab', { name: language === 'en' ? 'Tools (MCP)' : '工具（MCP）' }).click();
      const list = page.locator('.mcp-list');
      await expect(list.locator('.mcp-server')).toHaveCount(names.length);
      // The section from its top: its heading, Add server and Paste JSON, then the list.
      await list.evaluate((el) => el.closest('[role="tabpanel"]')?.scrollTo({ top: 0 }));
      await page.mouse.move(640, 790);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `mcp-servers-${language}.png`) });
    } finally {
      for (const name of names) await host.call('mcp.remove', { name }).catch(() => undefined);
      await page.close();
      await close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
