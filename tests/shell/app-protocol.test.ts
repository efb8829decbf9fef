import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { appFileFor, appProtocolHandler, appScheme } from '../../src/main/shell/app-protocol.ts';

/** A built renderer on disk, and a secret beside it that no address may reach. */
const base = mkdtempSync(join(tmpdir(), 'parley-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>main</title>');
writeFileSync(join(root, 'quick.html'), '<!doctype html><title>quick</title>');
writeFileSync(join(root, 'assets', 'index-1.js'), 'console.log(1)');
writeFileSync(join(base, 'secret.txt'), 'not for pages');
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Electron's net.fetch reads file:// URLs; here the same with node:fs. */
const fetched: string[] = [];
const handler = appProtocolHandler(root, async (fileUrl) => {
  fetched.push(fileUrl);
  return new Response(readFileSync(fileURLToPath(fileUrl)));
});

describe('parley://app', () => {
  it('is a standard, secure scheme (an origin of its own, a secure context)', () => {
    expect(appScheme).toMatchObject({ scheme: 'parley', privileges: { standard: true, secure: true } });
  });

  it('serves the built pages and their assets', async () => {
    const main = await handler(new Request('parley://app/index.html'));
    expect(main.status).toBe(200);
    expect(await main.text()).toContain('<title>main</title>');
    expect(await (await handler(new Request('parley://app/'))).text()).toContain('main');
    expect(await (await handler(new Request('parley://app/quick.html#c=1'))).text()).toContain('quick');
    expect(await (await handler(new Request('parley://app/assets/index-1.js'))).text()).toBe(
      'console.log(1)',
    );
  });

  it('refuses every way out of the renderer folder, other hosts, folders and missing files', async () => {
    const before = fetched.length;
    for (const address of [
      'parley://app/../secret.txt',
      'parley://app/%2e%2e/secret.txt',
      'parley://app/..%2fsecret.txt',
      'parley://app/assets/..%2F..%2Fsecret.txt',
      'parley://app/..%5csecret.txt',
      'parley://app/index.html%00.js',
      'parley://app/%E0%A4%A',
      'parley://other/index.html',
      'parley://app/assets',
      'parley://app/assets/',
      'parley://app/missing.html',
    ]) {
      const response = await handler(new Request(address));
      expect(response.status, address).toBe(404);
    }
    expect(fetched.length).toBe(before);
    expect(appFileFor(root, 'https://app/index.html')).toBeNull();
    expect(appFileFor(root, `parley://app/..${encodeURIComponent(join(base, 'secret.txt'))}`)).toBeNull();
  });

  it('answers only GET and HEAD', async () => {
    const response = await handler(new Request('parley://app/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });
});
