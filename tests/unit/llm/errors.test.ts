import { describe, expect, it } from 'vitest';
import {
  classifyHttpFailure,
  classifyNetworkError,
  redact,
  summariseHtml,
} from '../../../src/main/core/llm/errors.ts';

const context = { providerName: 'TestAI', model: 'gpt-4o', secrets: ['sk-live-abcdefghijklmnop'] };
const json = (error: object) => JSON.stringify({ error });

describe('HTTP failures in plain words', () => {
  it.each([
    [
      401,
      json({ message: 'Incorrect API key provided: sk-li*****mnop.', code: 'invalid_api_key' }),
      'bad_key',
    ],
    [
      429,
      json({
        message: 'You exceeded your current quota, please check your plan and billing details.',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      }),
      'no_credit',
    ],
    [
      402,
      JSON.stringify({
        type: 'error',
        error: { type: 'billing_error', message: 'Your credit balance is too low.' },
      }),
      'no_credit',
    ],
    [429, json({ message: 'Rate limit reached for gpt-4o', code: 'rate_limit_exceeded' }), 'rate_limited'],
    [404, json({ message: 'The model `gpt-9` does not exist', code: 'model_not_found' }), 'model_not_found'],
    [
      404,
      json({ code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' }),
      'model_not_found',
    ],
    [
      400,
      json({
        message: "This model's maximum context length is 128000 tokens.",
        code: 'context_length_exceeded',
      }),
      'context_too_long',
    ],
    [
      400,
      JSON.stringify({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'prompt is too long: 210000 tokens > 200000 maximum',
        },
      }),
      'context_too_long',
    ],
    [
      400,
      json({
        message: 'The response was filtered',
        code: 'content_filter',
        innererror: { code: 'ResponsibleAIPolicyViolation' },
      }),
      'content_filtered',
    ],
    [
      400,
      json({ message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' }),
      'bad_key',
    ],
    [400, json({ message: 'Unrecognized request argument supplied: foo' }), 'bad_request'],
    [422, 'Unprocessable', 'bad_request'],
    [
      403,
      json({
        message: 'Country, region, or territory not supported',
        code: 'unsupported_country_region_territory',
      }),
      'bad_key',
    ],
    [500, json({ message: 'The server had an error', type: 'server_error' }), 'server_error'],
    [
      529,
      JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
      'server_error',
    ],
    [408, '', 'timeout'],
    [407, '', 'proxy_failure'],
  ])('status %i → %s… (%s)', (status, body, code) => {
    const error = classifyHttpFailure(status, 'application/json', body, context);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message).not.toMatch(/[{}<>]/);
  });

  it('keeps the provider message in detail, without the key', () => {
    const error = classifyHttpFailure(
      401,
      'application/json',
      json({ message: 'Bad key sk-live-abcdefghijklmnop given' }),
      context,
    );
    expect(error.detail).toBe('Bad key [redacted] given');
    expect(JSON.stringify(error)).not.toContain('abcdefghijklmnop');
  });

  it('says when to try again if the server said so', () => {
    expect(classifyHttpFailure(429, undefined, '', context, 120_000).message).toContain('2 min');
  });

  it('summarises an HTML error page instead of showing it', () => {
    const page =
      '<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>Bad Gateway</h1><script>x()</script></body></html>';
    const error = classifyHttpFailure(502, 'text/html', page, context);
    expect(error.code).toBe('server_error');
    expect(error.detail).toBe('502 Bad Gateway');
    expect(error.message).toContain('error page');
    expect(JSON.stringify(error)).not.toMatch(/<|script|style/);
  });

  it('summarises pages without a title by their text', () => {
    expect(summariseHtml('<!DOCTYPE html><body><p>Access&nbsp;denied &amp; logged</p></body>')).toBe(
      'Access denied & logged',
    );
    expect(summariseHtml('<html><body></body></html>')).toBe('an empty page');
  });
});

describe('network failures in plain words', () => {
  const net = {
    ...context,
    host: 'api.test:443',
    viaProxy: false,
    timeouts: { connectMs: 10_000, headersMs: 60_000, idleMs: 5_000 },
  };
  const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    ['ECONNREFUSED', 'network_unreachable', /Could not connect to api.test/],
    ['ENOTFOUND', 'network_unreachable', /Could not find the server/],
    ['ECONNRESET', 'network_unreachable', /closed unexpectedly/],
    ['UND_ERR_SOCKET', 'network_unreachable', /closed unexpectedly/],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', /Connecting to api.test:443 timed out after 10 s/],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', /did not start answering within 60 s/],
    ['UND_ERR_BODY_TIMEOUT', 'timeout', /went silent for 5 s/],
    ['Z_DATA_ERROR', 'server_error', /compressed reply/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'network_unreachable', /certificate/],
  ])('%s → %s', (code, expected, message) => {
    const error = classifyNetworkError(withCode(code), net);
    expect(error.code).toBe(expected);
    expect(error.message).toMatch(message);
  });

  it('blames the proxy when one is in the way', () => {
    expect(classifyNetworkError(withCode('ECONNREFUSED'), { ...net, viaProxy: true }).code).toBe(
      'proxy_failure',
    );
    const socks = classifyNetworkError(new Error('Socks5 Authentication failed'), { ...net, viaProxy: true });
    expect(socks).toMatchObject({ code: 'proxy_failure' });
    expect(socks.message).toContain('username or password');
    const tunnel = classifyNetworkError(
      withCode('UND_ERR_ABORTED', 'Proxy response (403) !== 200 when HTTP Tunneling'),
      { ...net, viaProxy: true },
    );
    expect(tunnel.message).toContain('403 Forbidden');
  });

  it('finds the code on a nested cause', () => {
    const error = new TypeError('fetch failed', {
      cause: withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
    });
    expect(classifyNetworkError(error, net).code).toBe('network_unreachable');
  });
});

describe('redaction', () => {
  it('removes exact secrets and key-shaped strings', () => {
    expect(redact('key=topsecretvalue!', ['topsecretvalue'])).toBe('key=[redacted]!');
    expect(redact('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(redact('got sk-proj-ABCDEFGHIJKL1234 here')).toBe('got sk-[redacted] here');
  });
});
