import type { ProviderConfig, ProviderKind } from './providers.ts';
import { providerKinds } from './providers.ts';

/**
 * The built-in provider kinds: what Parley knows about each before the user types anything.
 * The one owner of default base URLs, suggested models and key environment variables; the settings
 * form, the default settings and the CLI all read them from here.
 */
export interface ProviderKindInfo {
  kind: ProviderKind;
  /** The name a new provider of this kind gets. */
  name: string;
  /** The address a new provider of this kind starts with (a placeholder where there is no one address). */
  defaultBaseUrl: string;
  /** Whether `defaultBaseUrl` works as is (false: the user must replace it, e.g. Azure's resource). */
  baseUrlIsReal: boolean;
  /** Models offered before the list is fetched; the first is the default. Empty: the user names one. */
  models: readonly string[];
  /** The environment variable that conventionally holds this kind's key; null when there is none. */
  keyEnv: string | null;
}

export const providerCatalogue: Readonly<Record<ProviderKind, ProviderKindInfo>> = {
  openai: {
    kind: 'openai',
    name: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    baseUrlIsReal: true,
    models: ['gpt-4o-mini', 'gpt-4o'],
    keyEnv: 'OPENAI_API_KEY',
  },
  anthropic: {
    kind: 'anthropic',
    name: 'Anthropic',
    defaultBaseUrl: 'https://api.anthropic.com',
    baseUrlIsReal: true,
    models: ['claude-3-5-haiku-latest'],
    keyEnv: 'ANTHROPIC_API_KEY',
  },
  azure: {
    kind: 'azure',
    name: 'Azure OpenAI',
    defaultBaseUrl: 'https://YOUR-RESOURCE.openai.azure.com',
    baseUrlIsReal: false,
    models: [],
    keyEnv: 'AZURE_OPENAI_API_KEY',
  },
  'openai-compatible': {
    kind: 'openai-compatible',
    name: 'OpenAI-compatible',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    baseUrlIsReal: true,
    models: [],
    keyEnv: null,
  },
};

/** Every built-in kind, in the order the settings form lists them. */
export const catalogueKinds: readonly ProviderKindInfo[] = providerKinds.map((k) => providerCatalogue[k]);

/** The provider a kind starts as: its defaults, an API key, no proxy. */
export function catalogueProvider(kind: ProviderKind, id: string = kind): ProviderConfig {
  const info = providerCatalogue[kind];
  return {
    id,
    name: info.name,
    kind,
    baseUrl: info.defaultBaseUrl,
    models: [...info.models],
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
  };
}

/** The provider a fresh install has (OpenAI), and the default model on it. */
export const defaultProviderKind: ProviderKind = 'openai';
