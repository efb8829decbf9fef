import type { Dispatcher } from 'undici';
import type { Agent as AgentClass, ProxyAgent as ProxyAgentClass } from 'undici';
// undici's own files for the parts Parley uses: its index also loads fetch, WebSocket, caches, mock
// agents and every interceptor, which a cold `parley ask` would pay for before its first byte.
import AgentModule from 'undici/lib/dispatcher/agent.js';
import requestModule from 'undici/lib/api/api-request.js';

export type { Dispatcher };

/** Keep-alive connection pools per origin (undici's Agent). */
export const Agent = AgentModule as unknown as typeof AgentClass;

/** One request over `dispatcher`, as undici's `request(url, options)` makes it. */
export function request(
  url: string | URL,
  options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher },
): Promise<Dispatcher.ResponseData> {
  const target = new URL(url);
  const { dispatcher, ...rest } = options;
  const call = requestModule as unknown as (
    this: Dispatcher,
    options: Dispatcher.RequestOptions,
  ) => Promise<Dispatcher.ResponseData>;
  return call.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: options.method ?? 'GET',
  });
}

/** undici's ProxyAgent, loaded only when a provider goes through an HTTP(S) proxy. */
export async function loadProxyAgent(): Promise<typeof ProxyAgentClass> {
  return (await import('undici/lib/dispatcher/proxy-agent.js')).default as unknown as typeof ProxyAgentClass;
}
