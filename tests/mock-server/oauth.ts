/** OAuth2 client-credentials token endpoint, and the tokens it issued (accepted as bearer keys). */
import type { Exchange } from './http.ts';
import { header, sendJson } from './http.ts';
import { ids } from './ids.ts';

const DEFAULT_TTL_S = 3600;

export class TokenStore {
  private readonly expiries = new Map<string, number>();
  private nextTtl: number | undefined;
  private issued = 0;

  /** The next token gets this lifetime (seconds); the ones after it get the normal hour. */
  expireNext(seconds: number): void {
    this.nextTtl = seconds;
  }

  issue(): { token: string; ttl: number } {
    const ttl = this.nextTtl ?? DEFAULT_TTL_S;
    this.nextTtl = undefined;
    const token = ids.accessToken(++this.issued);
    this.expiries.set(token, Date.now() + ttl * 1000);
    return { token, ttl };
  }

  /** 'foreign' means not one of ours: the caller applies the normal key rules. */
  check(token: string): 'valid' | 'expired' | 'unknown' | 'foreign' {
    if (!token.startsWith('mock-oauth-')) return 'foreign';
    const expiry = this.expiries.get(token);
    if (expiry === undefined) return 'unknown';
    return Date.now() < expiry ? 'valid' : 'expired';
  }

  reset(): void {
    this.expiries.clear();
    this.nextTtl = undefined;
  }
}

function credentials(ex: Exchange): {
  grantType?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
} {
  const form = (ex.body && typeof ex.body === 'object' ? ex.body : {}) as Record<string, string | undefined>;
  const basic = /^Basic\s+(.+)$/i.exec(header(ex.req, 'authorization') ?? '');
  if (basic) {
    const [id = '', secret = ''] = Buffer.from(basic[1] ?? '', 'base64')
      .toString('utf8')
      .split(':');
    return {
      grantType: form.grant_type,
      clientId: decodeURIComponent(id),
      clientSecret: decodeURIComponent(secret),
      scope: form.scope,
    };
  }
  return {
    grantType: form.grant_type,
    clientId: form.client_id,
    clientSecret: form.client_secret,
    scope: form.scope,
  };
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** RFC 6749 §4.4 / §5.2: client secrets starting with `bad` are refused. */
export function handleTokenRequest(ex: Exchange, tokens: TokenStore): Promise<void> {
  const { grantType, clientId, clientSecret, scope } = credentials(ex);
  if (grantType !== 'client_credentials') {
    return sendJson(ex, 400, NO_STORE, {
      error: grantType ? 'unsupported_grant_type' : 'invalid_request',
      error_description: grantType ? `Grant type '${grantType}' is not supported.` : 'Missing grant_type.',
    });
  }
  if (!clientId || !clientSecret || clientSecret.startsWith('bad')) {
    return sendJson(
      ex,
      401,
      { ...NO_STORE, 'www-authenticate': 'Basic realm="mock"' },
      {
        error: 'invalid_client',
        error_description: 'Client authentication failed.',
      },
    );
  }
  const { token, ttl } = tokens.issue();
  return sendJson(ex, 200, NO_STORE, {
    access_token: token,
    token_type: 'Bearer',
    expires_in: ttl,
    ...(scope ? { scope } : {}),
  });
}
