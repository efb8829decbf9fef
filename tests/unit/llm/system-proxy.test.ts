import { describe, expect, it } from 'vitest';
import { bypassesProxy, systemProxyFor } from '../../../src/main/core/llm/system-proxy.ts';

const url = (text: string) => new URL(text);

describe('system proxy from the environment', () => {
  it('picks HTTPS_PROXY for https targets and HTTP_PROXY for http, either case, ALL_PROXY last', () => {
    const env = {
      HTTPS_PROXY: 'http://secure:1',
      http_proxy: 'proxy.local:3128',
      ALL_PROXY: 'socks5://all:1080',
    };
    expect(systemProxyFor(url('https://api.openai.com/v1'), env)).toBe('http://secure:1');
    expect(systemProxyFor(url('http://example.com'), env)).toBe('http://proxy.local:3128');
    expect(systemProxyFor(url('https://x.y'), { all_proxy: 'socks5://all:1080' })).toBe('socks5://all:1080');
    expect(systemProxyFor(url('https://x.y'), {})).toBeNull();
  });

  it('honours NO_PROXY entries', () => {
    const cases: [string, string, boolean][] = [
      ['*', 'https://api.openai.com', true],
      ['localhost,127.0.0.1', 'http://127.0.0.1:11434', true],
      ['.internal.example', 'https://llm.internal.example', true],
      ['internal.example', 'https://llm.internal.example', true],
      ['internal.example', 'https://internal.example', true],
      ['internal.example', 'https://notinternal.example', false],
      ['*.corp', 'https://a.b.corp', true],
      ['api.test:8443', 'https://api.test:8443', true],
      ['api.test:8443', 'https://api.test', false],
      ['[::1]:8080', 'http://[::1]:8080', true],
      ['::1', 'http://[::1]:9', true],
      ['other.host', 'https://api.openai.com', false],
    ];
    for (const [noProxy, target, expected] of cases)
      expect([noProxy, target, bypassesProxy(url(target), noProxy)]).toEqual([noProxy, target, expected]);
    expect(
      systemProxyFor(url('http://127.0.0.1:1'), { HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1' }),
    ).toBeNull();
  });
});
