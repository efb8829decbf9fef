/**
 * The system proxy as the environment states it: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (either case)
 * and NO_PROXY (`*`, host names and domain suffixes, optional ports, IP addresses).
 */
export type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() ? value.trim() : undefined;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** Splits a NO_PROXY entry into host and optional port: `host`, `host:port`, `[v6]:port`, bare IPv6. */
function splitEntry(entry: string): { name: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, port: bracketed[2] };
  const colons = entry.split(':').length - 1;
  if (colons !== 1) return { name: entry };
  const [name, port] = entry.split(':');
  return /^\d+$/.test(port!) ? { name: name!, port } : { name: entry };
}

export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || defaultPort(target.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const split = splitEntry(entry);
    if (split.port && split.port !== port) continue;
    const name = split.name.replace(/^\*?\./, '.');
    if (
      name.startsWith('.')
        ? host.endsWith(name) || host === name.slice(1)
        : host === name || host.endsWith(`.${name}`)
    )
      return true;
  }
  return false;
}

/** The proxy URL the environment picks for this target, or null for a direct connection. */
export function systemProxyFor(target: URL, env: Env): string | null {
  if (bypassesProxy(target, read(env, 'no_proxy'))) return null;
  const chosen =
    target.protocol === 'https:'
      ? (read(env, 'https_proxy') ?? read(env, 'all_proxy'))
      : (read(env, 'http_proxy') ?? read(env, 'all_proxy'));
  if (!chosen) return null;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`;
}
