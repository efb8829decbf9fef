import type { ProviderConfig } from '../../../shared/providers.ts';
import { secretAccount } from './provider-secrets.ts';

/** `scheme://userinfo@rest`: the part of a URL that may carry a user name and a password. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A proxy URL without its credentials, and the credentials it carried (the user name is not a secret). */
export function splitProxyUrl(url: string): { url: string; username?: string; password?: string } {
  const match = USERINFO.exec(url);
  if (!match) return { url };
  const userinfo = match[2]!;
  const colon = userinfo.indexOf(':');
  const username = decode(colon === -1 ? userinfo : userinfo.slice(0, colon));
  const password = colon === -1 ? '' : decode(userinfo.slice(colon + 1));
  return {
    url: match[1]! + url.slice(match[0].length),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
}

/**
 * A provider whose custom proxy URL carries credentials: the provider as it may be stored (the URL
 * without them, the user name in its own field) and the password, which belongs in the SecretStore.
 */
export function moveProxyCredentials(provider: ProviderConfig): {
  provider: ProviderConfig;
  password: string | null;
} {
  const proxy = provider.proxy;
  if (proxy.mode !== 'custom') return { provider, password: null };
  const split = splitProxyUrl(proxy.url);
  if (split.url === proxy.url) return { provider, password: null };
  const username = proxy.username || split.username;
  return {
    provider: { ...provider, proxy: { mode: 'custom', url: split.url, ...(username ? { username } : {}) } },
    password: split.password ?? null,
  };
}

/** Whether a URL carries a password (which settings never store). */
export function hasPassword(url: string): boolean {
  return splitProxyUrl(url).password !== undefined;
}

/**
 * A settings file as read (not yet validated): every custom proxy URL that carries credentials loses
 * them (the user name moves to its field). Returns the passwords found, by account, for the SecretStore.
 */
export function scrubProxyPasswords(raw: Record<string, unknown>): {
  raw: Record<string, unknown>;
  secrets: { account: string; secret: string }[];
} {
  const secrets: { account: string; secret: string }[] = [];
  if (!Array.isArray(raw.providers)) return { raw, secrets };
  const providers = raw.providers.map((entry: unknown) => {
    if (!entry || typeof entry !== 'object') return entry;
    const provider = entry as { id?: unknown; proxy?: { mode?: unknown; url?: unknown; username?: unknown } };
    const proxy = provider.proxy;
    if (!proxy || proxy.mode !== 'custom' || typeof proxy.url !== 'string') return entry;
    const split = splitProxyUrl(proxy.url);
    if (split.url === proxy.url) return entry;
    if (split.password && typeof provider.id === 'string')
      secrets.push({ account: secretAccount(provider.id, 'proxy-password'), secret: split.password });
    const username = typeof proxy.username === 'string' && proxy.username ? proxy.username : split.username;
    return { ...provider, proxy: { ...proxy, url: split.url, ...(username ? { username } : {}) } };
  });
  return { raw: { ...raw, providers }, secrets };
}
