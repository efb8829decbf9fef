import type { ProviderConfig, ProviderKind } from '../shared/providers.ts';
import { CliUsageError } from './args.ts';

/**
 * The provider a `parley ask` call talks to when its flags describe one (`--api`, `--base-url`,
 * `--api-key-env`, `--api-version`), and where the environment may hold a built-in kind's key.
 */

export type Api = 'openai' | 'azure' | 'anthropic';

interface ApiDefaults {
  name: string;
  baseUrl?: string;
  model?: string;
  keyEnv: string;
}

export const apis: Record<Api, ApiDefaults> = {
  openai: {
    name: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    keyEnv: 'OPENAI_API_KEY',
  },
  anthropic: {
    name: 'Anthropic',
    baseUrl: 'https://api.anthropic.com',
    model: 'claude-3-5-haiku-latest',
    keyEnv: 'ANTHROPIC_API_KEY',
  },
  azure: { name: 'Azure OpenAI', keyEnv: 'AZURE_OPENAI_API_KEY' },
};

export interface OneOffFlags {
  api?: string;
  baseUrl?: string;
  model?: string;
  apiVersion?: string;
}

export interface OneOffProvider {
  provider: ProviderConfig;
  model: string;
  /** True when the flags point at the API's own address (its usual key variable then applies). */
  atDefaultAddress: boolean;
}

/** A provider for this call only, from the flags and the API's defaults. */
export function oneOffProvider(flags: OneOffFlags): OneOffProvider {
  const api = (flags.api ?? 'openai') as Api;
  if (!Object.hasOwn(apis, api))
    throw new CliUsageError(`--api must be openai, azure or anthropic, not "${api}".`);
  const defaults = apis[api];
  const baseUrl = flags.baseUrl ?? defaults.baseUrl;
  if (!baseUrl) throw new CliUsageError('--api azure needs --base-url https://RESOURCE.openai.azure.com.');
  let url: URL;
  try {
    url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliUsageError(`--base-url must be an http:// or https:// address, not "${baseUrl}".`);
  }
  const model = flags.model ?? defaults.model;
  if (!model) throw new CliUsageError('--api azure needs --model DEPLOYMENT (the deployment name).');
  const atDefaultAddress = baseUrl === defaults.baseUrl;
  // Another address is an OpenAI-compatible server, unless --api openai says it is OpenAI's API.
  const kind: ProviderKind = !flags.api && !atDefaultAddress ? 'openai-compatible' : api;
  const provider: ProviderConfig = {
    id: api,
    name: atDefaultAddress ? defaults.name : url.host,
    kind,
    baseUrl,
    apiVersion: flags.apiVersion,
    models: [model],
    auth: { type: 'api-key' },
    proxy: { mode: 'system' },
  };
  return { provider, model, atDefaultAddress };
}

/**
 * The environment variable that may hold this provider's key: the kind's usual one, and only while
 * the provider talks to that kind's own address (a key never goes to a host it was not made for).
 * Azure has no single address, so its variable applies to any Azure provider.
 */
export function keyVariableFor(provider: ProviderConfig): string | null {
  const kind = provider.kind === 'openai-compatible' ? null : provider.kind;
  if (!kind) return null;
  const defaults = apis[kind];
  if (!defaults.baseUrl) return defaults.keyEnv;
  return new URL(provider.baseUrl).origin === new URL(defaults.baseUrl).origin ? defaults.keyEnv : null;
}
