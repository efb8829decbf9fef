import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import {
  findBinary,
  freePort,
  startDanted,
  startSocks5,
  startTinyproxy,
  type ProxyProcess,
  type Socks5Server,
} from './proxies.ts';
import { API_KEY, last, mockProvider, testClient, textOf } from './support.ts';

/** The client through real proxy servers: tinyproxy (HTTP, Basic auth), danted (SOCKS5), and SOCKS5 with a password. */

const haveProxies = Boolean(findBinary('tinyproxy') && findBinary('danted'));
// On CI the proxies are installed and these tests must run; elsewhere they are skipped with a reason.
const describeProxies = haveProxies || process.env.CI ? describe : describe.skip;
if (!haveProxies && !process.env.CI) console.warn('tinyproxy/danted not installed: proxy tests skipped');

let server: MockServer;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0, text: 'Through the proxy: ü 日本 🙂.' } });
});
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
  await server.close();
});

function viaProxy(proxy: ProviderConfig['proxy'], kind: ProviderConfig['kind'] = 'openai'): ProviderConfig {
  return mockProvider(server.url, kind, { proxy });
}

describeProxies('HTTP proxy (tinyproxy)', () => {
  let open: ProxyProcess;
  let guarded: ProxyProcess;

  beforeAll(async () => {
    open = await startTinyproxy();
    guarded = await startTinyproxy({ username: 'alice', password: 'proxy-pass-123' });
    stops.push(open.stop, guarded.stop);
  });

  it('streams through a custom HTTP proxy', async () => {
    server.reset();
    const t = await testClient();
    const events = await t.ask(viaProxy({ mode: 'custom', url: open.url }));
    expect(textOf(events)).toBe('Through the proxy: ü 日本 🙂.');
    expect(server.requests[0]!.headers.via).toContain('tinyproxy');
    await t.client.close();
  });

  it('authenticates to the proxy with the password from the secret store', async () => {
    server.reset();
    const t = await testClient();
    await t.secrets.set('mock-anthropic:proxy', 'proxy-pass-123');
    const events = await t.ask(
      viaProxy({ mode: 'custom', url: guarded.url, username: 'alice' }, 'anthropic'),
    );
    expect(last(events)).toMatchObject({ type: 'finish' });
    expect(server.requests[0]!.headers.via).toContain('tinyproxy');
    expect(server.requests[0]!.headers['x-api-key']).toBe(API_KEY);
    await t.client.close();
  });

  it('reports a refused proxy password as a proxy failure, without the password', async () => {
    server.reset();
    const t = await testClient();
    await t.secrets.set('mock-openai:proxy', 'wrong-proxy-pass');
    const events = await t.ask(viaProxy({ mode: 'custom', url: guarded.url, username: 'alice' }));
    expect(last(events)).toMatchObject({ type: 'error', error: { code: 'proxy_failure' } });
    expect(JSON.stringify(events)).not.toContain('wrong-proxy-pass');
    expect(server.requests).toHaveLength(0);
    await t.client.close();
  });

  it('uses the system proxy from HTTP_PROXY, and NO_PROXY to bypass it', async () => {
    server.reset();
    const proxied = await testClient({ env: { HTTP_PROXY: open.url } });
    await proxied.ask(viaProxy({ mode: 'system' }));
    expect(server.requests[0]!.headers.via).toContain('tinyproxy');
    await proxied.client.close();
    const bypassed = await testClient({ env: { HTTP_PROXY: open.url, NO_PROXY: 'localhost,127.0.0.1' } });
    expect(last(await bypassed.ask(viaProxy({ mode: 'system' }))).type).toBe('finish');
    expect(server.requests[1]!.headers.via).toBeUndefined();
    await bypassed.client.close();
  });
});

describeProxies('SOCKS5 proxy (danted)', () => {
  let dante: ProxyProcess;
  let danteWithLogin: ProxyProcess;

  beforeAll(async () => {
    dante = await startDanted('none');
    danteWithLogin = await startDanted('username');
    stops.push(dante.stop, danteWithLogin.stop);
  });

  it('streams through danted', async () => {
    server.reset();
    const t = await testClient();
    const events = await t.ask(viaProxy({ mode: 'custom', url: dante.url }, 'azure'));
    expect(textOf(events)).toBe('Through the proxy: ü 日本 🙂.');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(dante.log()).toContain(`127.0.0.1.${server.port}`);
    await t.client.close();
  });

  it('reports credentials danted refuses as a proxy failure', async () => {
    server.reset();
    const t = await testClient();
    await t.secrets.set('mock-openai:proxy', 'not-a-system-password');
    const events = await t.ask(
      viaProxy({ mode: 'custom', url: danteWithLogin.url, username: 'nobody-here' }),
    );
    expect(last(events)).toMatchObject({ type: 'error', error: { code: 'proxy_failure' } });
    expect(JSON.stringify(events)).not.toContain('not-a-system-password');
    expect(server.requests).toHaveLength(0);
    await t.client.close();
  });
});

describe('SOCKS5 with a password', () => {
  let socks: Socks5Server;

  beforeAll(async () => {
    socks = await startSocks5('bob', 'socks-pass-456');
    stops.push(socks.close);
  });

  it('logs in with the username and the stored password, and relays the stream', async () => {
    server.reset();
    const t = await testClient();
    await t.secrets.set('mock-openai:proxy', 'socks-pass-456');
    const events = await t.ask(viaProxy({ mode: 'custom', url: socks.url, username: 'bob' }));
    expect(textOf(events)).toBe('Through the proxy: ü 日本 🙂.');
    expect(socks.relayed).toBeGreaterThan(0);
    await t.client.close();
  });

  it('reports a refused login as a proxy failure', async () => {
    const t = await testClient();
    await t.secrets.set('mock-openai:proxy', 'wrong');
    const refusedBefore = socks.refused;
    const events = await t.ask(viaProxy({ mode: 'custom', url: socks.url, username: 'bob' }));
    expect(last(events)).toMatchObject({ type: 'error', error: { code: 'proxy_failure' } });
    expect(socks.refused).toBe(refusedBefore + 1);
    await t.client.close();
  });
});

describe('unreachable proxies', () => {
  it.each(['http', 'socks5'])('says the %s proxy cannot be reached', async (scheme) => {
    const port = await freePort();
    const t = await testClient();
    const events = await t.ask(viaProxy({ mode: 'custom', url: `${scheme}://127.0.0.1:${port}` }));
    expect(last(events)).toMatchObject({ type: 'error', error: { code: 'proxy_failure' } });
    expect((last(events) as { error: { message: string } }).error.message).toMatch(/^The proxy failed: /);
    await t.client.close();
  });
});
