import { ParleyError } from '../../../shared/errors.ts';
import type { ProviderConfig, SecretKind } from '../../../shared/providers.ts';
import { unsendableKey } from '../secrets/key-status.ts';
import { customHeaders, HeaderSecrets } from '../secrets/header-secrets.ts';
import { ProviderKeys } from '../secrets/provider-keys.ts';
import { ProviderSecrets } from '../secrets/provider-secrets.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Clock } from './clock.ts';
import type { DispatcherPool } from './dispatchers.ts';
import { classifyHttpFailure, readProviderError } from './errors.ts';
import { KeyRotation, KeyTurn } from './key-rotation.ts';
import { classifyNetworkError } from './network-errors.ts';
import { cleanDetail } from './redact.ts';
import { readText, send, timeoutsFor } from './http.ts';

/**
 * Credentials for a provider: an API key in the provider's own header, an Azure Entra token, or an
 * OAuth2 client-credentials token that is cached until shortly before it expires and refreshed once
 * when the provider answers 401. Secrets come from the SecretStore and leave only in request headers.
 */

export interface Credentials {
  headers: Record<string, string>;
  /** Secret values in these headers, so error details can be scrubbed of them. */
  secrets: string[];
}

interface CachedToken {
  token: string;
  /** When to stop using it: a little before the server's expiry. */
  refreshAt: number;
}

/** Used when a token endpoint does not say how long its token lives. */
const ASSUMED_LIFETIME_MS = 300_000;

export class Authenticator {
  readonly #secrets: ProviderSecrets;
  readonly #keys: ProviderKeys;
  /** Whose turn it is among each provider's keys, and which keys are cooling down. */
  readonly rotation: KeyRotation;
  readonly #headerSecrets: HeaderSecrets;
  readonly #clock: Clock;
  readonly #routes: DispatcherPool;
  readonly #tokens = new Map<string, CachedToken>();
  readonly #pending = new Map<string, Promise<CachedToken>>();

  constructor(deps: { secrets: SecretStore; clock: Clock; routes: DispatcherPool }) {
    this.#secrets = new ProviderSecrets(deps.secrets);
    this.#keys = new ProviderKeys(this.#secrets);
    this.rotation = new KeyRotation(deps.clock);
    this.#headerSecrets = new HeaderSecrets(deps.secrets);
    this.#clock = deps.clock;
    this.#routes = deps.routes;
  }

  /** A chat request's attempts at one provider: its keys in turn (key-rotation.ts). */
  turn(provider: ProviderConfig): KeyTurn {
    return new KeyTurn(this.rotation, provider.id);
  }

  /**
   * The provider's custom headers (settings) under its credentials, which they can never replace.
   * With a `turn`, an API key is the one whose turn it is; without one (listing models, a key test),
   * the first key.
   */
  async credentials(provider: ProviderConfig, signal?: AbortSignal, turn?: KeyTurn): Promise<Credentials> {
    const own = await this.#authCredentials(provider, signal, turn);
    const custom = await customHeaders(this.#headerSecrets, provider);
    return { headers: { ...custom.headers, ...own.headers }, secrets: [...own.secrets, ...custom.secrets] };
  }

  async #authCredentials(
    provider: ProviderConfig,
    signal?: AbortSignal,
    turn?: KeyTurn,
  ): Promise<Credentials> {
    const auth = provider.auth;
    switch (auth.type) {
      case 'none':
        return { headers: {}, secrets: [] };
      case 'api-key': {
        const keys = await this.#keys.values(provider);
        const chosen = keys.length && turn ? turn.choose(keys) : keys[0];
        const key = this.#usable(
          provider,
          chosen?.value ?? null,
          `No API key is saved for ${provider.name}. Add one in the provider settings.`,
        );
        const header: Record<string, string> =
          provider.kind === 'azure'
            ? { 'api-key': key }
            : provider.kind === 'anthropic'
              ? { 'x-api-key': key }
              : { authorization: `Bearer ${key}` };
        return { headers: header, secrets: [key] };
      }
      case 'azure-entra': {
        const token = await this.#secret(
          provider,
          'api-key',
          `No Entra ID token is saved for ${provider.name}.`,
        );
        return { headers: { authorization: `Bearer ${token}` }, secrets: [token] };
      }
      case 'oauth2-client-credentials': {
        const token = await this.#oauthToken(provider, signal);
        return { headers: { authorization: `Bearer ${token.token}` }, secrets: [token.token] };
      }
    }
  }

  /** Whether a 401 is worth one more try with fresh credentials (OAuth only); drops the cached token. */
  invalidate(provider: ProviderConfig): boolean {
    if (provider.auth.type !== 'oauth2-client-credentials') return false;
    this.#tokens.delete(this.#cacheKey(provider));
    return true;
  }

  async #secret(provider: ProviderConfig, kind: SecretKind, missing: string): Promise<string> {
    return this.#usable(provider, await this.#secrets.get(provider, kind), missing);
  }

  /** The secret itself, or in plain words why it cannot be sent. */
  #usable(provider: ProviderConfig, value: string | null, missing: string): string {
    const params = { provider: provider.name };
    if (!value) {
      // An Entra ID token or a client secret is missing: only the English words say which.
      const reason = provider.auth.type === 'api-key' ? ('key_missing' as const) : undefined;
      throw new ParleyError({ code: 'bad_key', message: missing, ...(reason && { reason }), params });
    }
    // Saved before keys were checked, or given for one call: refused here rather than retried.
    const unsendable = unsendableKey(value);
    if (unsendable)
      throw new ParleyError({
        code: 'bad_key',
        message: `${provider.name}: ${unsendable}`,
        reason: 'key_unsendable',
        params,
      });
    return value;
  }

  #cacheKey(provider: ProviderConfig): string {
    const auth = provider.auth;
    return auth.type === 'oauth2-client-credentials'
      ? `${provider.id}|${auth.tokenUrl}|${auth.clientId}|${auth.scope ?? ''}`
      : provider.id;
  }

  async #oauthToken(provider: ProviderConfig, signal?: AbortSignal): Promise<CachedToken> {
    const key = this.#cacheKey(provider);
    const cached = this.#tokens.get(key);
    if (cached && this.#clock.now() < cached.refreshAt) return cached;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#fetchToken(provider, signal).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    const token = await pending;
    this.#tokens.set(key, token);
    return token;
  }

  async #fetchToken(provider: ProviderConfig, signal?: AbortSignal): Promise<CachedToken> {
    const auth = provider.auth;
    if (auth.type !== 'oauth2-client-credentials') throw new Error('not an OAuth provider');
    const secret = await this.#secret(
      provider,
      'oauth-client-secret',
      `No OAuth client secret is saved for ${provider.name}. Add it in the provider settings.`,
    );
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: auth.clientId,
      client_secret: secret,
    });
    if (auth.scope) form.set('scope', auth.scope);
    const target = new URL(auth.tokenUrl);
    const route = await this.#routes.route(provider, target);
    const timeouts = timeoutsFor(provider);
    const context = {
      providerName: `The sign-in server for ${provider.name}`,
      secrets: [secret, ...route.secrets],
      viaProxy: route.viaProxy,
    };
    let reply;
    try {
      reply = await send({
        url: auth.tokenUrl,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        dispatcher: route.dispatcher,
        signal,
        timeouts,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ParleyError(
        classifyNetworkError(error, { ...context, host: target.host, viaProxy: route.viaProxy, timeouts }),
      );
    }
    const text = await readText(reply.body);
    if (reply.status < 200 || reply.status >= 300) {
      const failure = classifyHttpFailure(reply.status, reply.contentType, text, context);
      const refused = reply.status === 400 || reply.status === 401 || reply.status === 403;
      const info = refused ? readProviderErrorSafe(text) : null;
      throw new ParleyError(
        refused
          ? {
              code: 'bad_key',
              message: `The sign-in server for ${provider.name} refused the client id or secret.`,
              reason: 'signin_refused',
              params: { provider: provider.name },
              detail: info ? cleanDetail(info, context.secrets) : failure.detail,
              status: reply.status,
            }
          : failure,
      );
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = {};
    }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new ParleyError({
        code: 'bad_key',
        message: `The sign-in server for ${provider.name} sent no access token.`,
        reason: 'signin_no_token',
        params: { provider: provider.name },
      });
    }
    const lifetime =
      typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in * 1000
        : ASSUMED_LIFETIME_MS;
    const margin = Math.min(60_000, lifetime * 0.1);
    return { token: body.access_token, refreshAt: this.#clock.now() + lifetime - margin };
  }
}

/** OAuth errors look like `{error: "invalid_client", error_description: "..."}`. */
function readProviderErrorSafe(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const parts = [json.error, json.error_description].filter((part) => typeof part === 'string');
    if (parts.length) return parts.join(': ');
    return readProviderError(json)?.message;
  } catch {
    return undefined;
  }
}
