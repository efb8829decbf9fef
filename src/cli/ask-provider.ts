import { providerCatalogue } from '../shared/provider-catalogue.ts';
import type { ProviderConfig, ProviderKind } from '../shared/providers.ts';
import { CliUsageError } from './args.ts';

/**
 * The provider a `parley ask` call talks to when its flags describe one (`--api`, `--base-url`,
 * `--api-key-env`, `--api-version`), from the provider catalogue's defaults; and where the
 * environment may hold a built-in kind's key.
 */

const apis = ['openai', 'azure', 'anthropic'] as const;
type Api = (typeof apis)[number];

export interface OneOffFlags {
  api?: string;
  baseUrl?: string;
  model?: string;
  apiVersion?: string;
}

export interface OneOffProvider {
  provider: ProviderConfig;
  model: string;
  /** The catalogue's key variable for this API (it applies to this call whatever the address). */
  keyEnv: string | null;
  /** True when the flags point at the API's own address (a key saved for it may then be used). */
  atDefaultAddress: boolean;
}

/** A provider for this call only, from the flags and the catalogue. */
export function oneOffProvider(flags: OneOffFlags): OneOffProvider {
  const api = (flags.api ?? 'openai') as Api;
  if (!apis.includes(api)) throw new CliUsageError(`--api must be openai, azure or anthropic, not "${api}".`);
  const info = providerCatalogue[api];
  const defaultUrl = info.baseUrlIsReal ? info.defaultBaseUrl : undefined;
  const baseUrl = flags.baseUrl ?? defaultUrl;
  if (!baseUrl) throw new CliUsageError('--api azure needs --base-url https://RESOURCE.openai.azure.com.');
  let url: URL;
  try {
    url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliUsageError(`--base-url must be an http:// or https:// address, not "${baseUrl}".`);
  }
  const model = flags.model ?? info.models[0];
  if (!model) throw new CliUsageError('--api azure needs --model DEPLOYMENT (the deployment name).');
  const atDefaultAddress = baseUrl === defaultUrl;
  // Another address is an OpenAI-compatible server, unless --api openai says it is OpenAI's API.
  const kind: ProviderKind = !flags.api && !atDefaultAddress ? 'openai-compatible' : api;
  const provider: ProviderConfig = {
    id: api,
    name: atDefaultAddress ? info.name : url.host,
    kind,
    baseUrl,
    apiVersion: flags.apiVersion,
    models: [model],
    auth: { type: 'api-key' },
    proxy: { mode: 'system' },
  };
  return { provider, model, keyEnv: info.keyEnv, atDefaultAddress };
}

/**
 * The environment variable that may hold a configured provider's key: its kind's usual one, and only
 * while the provider talks to that kind's own address (a key never goes to a host it was not made
 * for). Azure has no single address, so its variable applies to any Azure provider.
 */
export function keyVariableFor(provider: ProviderConfig): string | null {
  const info = providerCatalogue[provider.kind];
  if (!info.keyEnv) return null;
  if (!info.baseUrlIsReal) return info.keyEnv;
  return new URL(provider.baseUrl).origin === new URL(info.defaultBaseUrl).origin ? info.keyEnv : null;
}
