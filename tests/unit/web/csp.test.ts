import { describe, expect, it } from 'vitest';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import config from '../../../electron.vite.config.ts';
import { contentSecurityPolicy } from '../../../src/shared/csp.ts';
import { startWebHost } from '../../../src/web/host.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '../../../src/main/core/rpc/bind-contract.ts';

/** Issue 10 #1: one Content-Security-Policy, used by the host's header and written into both pages. */
describe('the Content-Security-Policy', () => {
  it('is written into both HTML pages by the build, which carry none of their own', () => {
    const plugins = (
      (config as { renderer: { plugins: unknown[] } }).renderer.plugins.flat() as Plugin[]
    ).filter((p) => p.name === 'parley-csp');
    expect(plugins).toHaveLength(1);
    const tags = (plugins[0]!.transformIndexHtml as () => HtmlTagDescriptor[])();
    expect(tags).toEqual([
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy('meta') },
        injectTo: 'head-prepend',
      },
    ]);
    for (const page of ['index.html', 'quick.html']) {
      expect(readFileSync(`src/renderer/${page}`, 'utf8')).not.toMatch(/Content-Security-Policy/i);
    }
  });

  it('is the host header, with the exact socket address and frame-ancestors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-csp-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const host = await startWebHost({ staticDir: dir, handlers: {} as Handlers, port: 0 });
    try {
      const header = (await fetch(`${host.origin}/`)).headers.get('content-security-policy')!;
      const socket = host.origin.replace('http', 'ws');
      expect(header).toBe(contentSecurityPolicy('header', socket));
      expect(header).toContain(`connect-src 'self' ${socket};`);
      expect(header).toContain("frame-ancestors 'none'");
      expect(contentSecurityPolicy('meta')).not.toContain('frame-ancestors');
    } finally {
      await host.close();
    }
  });

  it('allows no inline <style>, no eval and nothing remote', () => {
    for (const policy of [
      contentSecurityPolicy('meta'),
      contentSecurityPolicy('header', 'ws://127.0.0.1:1'),
    ]) {
      const byName = new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
      expect(byName.get('style-src')).toEqual(["'self'"]);
      expect(byName.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
      expect(byName.get('script-src')).toEqual(["'self'"]);
      expect(policy).not.toMatch(/unsafe-eval|https?:|style-src-elem|(^| )\*(;| |$)/);
    }
  });
});
