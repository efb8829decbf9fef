import { createHash } from 'node:crypto';
import type { ProxyAgent } from 'undici';
import { ParleyError } from '../../../shared/errors.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import { ProviderSecrets } from '../secrets/provider-secrets.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { timeoutsFor } from './http.ts';
import { systemProxyFor, type Env } from './system-proxy.ts';
import { Agent, loadProxyAgent, type Dispatcher } from './undici-parts.ts';

/**
 * Keep-alive connection pools, one per way out (direct, or through one proxy), shared by every request
 * that goes that way. A provider with a concurrency cap (`rateLimit.maxConcurrent`, e.g. `parley batch
 * --concurrency N`) gets a pool sized to it: at most that many connections to its origin, each kept
 * alive and reused. HTTP/2 is offered (ALPN) wherever TLS is, and used when the server picks it. Proxies: none, the system's (environment), or a custom HTTP(S) or SOCKS5 proxy
 * whose password lives in the SecretStore (see ProviderSecrets), never in the settings file.
 */

export interface Route {
  dispatcher: Dispatcher;
  viaProxy: boolean;
  /** Secret values in play on this route (proxy password), for redaction. */
  secrets: string[];
}

const poolOptions = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, allowH2: true };

function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

function basicToken(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export class DispatcherPool {
  readonly #secrets: ProviderSecrets;
  readonly #env: Env;
  readonly #pools = new Map<string, Dispatcher>();

  constructor(options: { secrets: SecretStore; env?: Env }) {
    this.#secrets = new ProviderSecrets(options.secrets);
    this.#env = options.env ?? process.env;
  }

  async route(provider: ProviderConfig, target: URL): Promise<Route> {
    const connectMs = timeoutsFor(provider).connectMs;
    const proxy = provider.proxy ?? { mode: 'none' };
    let proxyUrl: string | null = null;
    let username: string | undefined;
    let password: string | undefined;
    if (proxy.mode === 'system') proxyUrl = systemProxyFor(target, this.#env);
    else if (proxy.mode === 'custom') {
      proxyUrl = proxy.url;
      username = proxy.username || undefined;
      // The password is the provider's `proxy-password` secret, handed out only for this proxy's origin.
      password = (await this.#secrets.get(provider, 'proxy-password')) ?? undefined;
    }
    if (!proxyUrl) {
      const connections = provider.rateLimit?.maxConcurrent;
      return {
        dispatcher: this.#pool(
          `direct|${connectMs}|${connections ?? ''}`,
          () => new Agent({ ...poolOptions, connections, connect: { timeout: connectMs } }),
        ),
        viaProxy: false,
        secrets: [],
      };
    }

    let url: URL;
    try {
      url = new URL(proxyUrl);
    } catch {
      throw new ParleyError({
        code: 'proxy_failure',
        message: 'The proxy address is not a valid URL. Check the proxy settings.',
      });
    }
    // Credentials written into the URL (as HTTPS_PROXY often carries them) count when settings give none.
    username ??= url.username ? decodeURIComponent(url.username) : undefined;
    password ??= url.password ? decodeURIComponent(url.password) : undefined;
    const secrets = password ? [password] : [];
    const endpoint = `${url.protocol}//${url.host}`;
    const key = `${endpoint}|${username ?? ''}|${password ? fingerprint(password) : ''}|${connectMs}`;
    const protocol = url.protocol;

    if (
      protocol === 'socks5:' ||
      protocol === 'socks5h:' ||
      protocol === 'socks:' ||
      protocol === 'socks4:'
    ) {
      // Proxy code is loaded only by the providers that go through a proxy.
      const { socksDispatcher } = await import('fetch-socks');
      const dispatcher = this.#pool(key, () =>
        socksDispatcher(
          {
            type: protocol === 'socks4:' ? 4 : 5,
            host: url.hostname.replace(/^\[|\]$/g, ''),
            port: Number(url.port || 1080),
            userId: username,
            password,
          },
          { ...poolOptions, connect: { timeout: connectMs } },
        ),
      );
      return { dispatcher, viaProxy: true, secrets };
    }
    if (protocol === 'http:' || protocol === 'https:') {
      const ProxyAgentClass = await loadProxyAgent();
      const dispatcher = this.#pool(
        key,
        () =>
          new ProxyAgentClass({
            ...poolOptions,
            uri: endpoint,
            token: username !== undefined ? basicToken(username, password ?? '') : undefined,
            connectTimeout: connectMs,
            connect: { timeout: connectMs },
          } as ProxyAgent.Options),
      );
      return { dispatcher, viaProxy: true, secrets };
    }
    throw new ParleyError({
      code: 'proxy_failure',
      message: 'The proxy address must start with http://, https:// or socks5://. Check the proxy settings.',
    });
  }

  #pool(key: string, create: () => Dispatcher): Dispatcher {
    let dispatcher = this.#pools.get(key);
    if (!dispatcher) {
      dispatcher = create();
      this.#pools.set(key, dispatcher);
    }
    return dispatcher;
  }

  /** Closes every pool, cutting connections still open. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }
}
