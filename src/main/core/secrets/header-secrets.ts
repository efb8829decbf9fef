import type { ProviderConfig } from '../../../shared/providers.ts';
import { forbiddenHeaderNames, type ProviderHeader } from '../../../shared/request-extras.ts';
import { originOf } from './provider-secrets.ts';
import type { SecretStore } from './secret-store.ts';

/**
 * The values of a provider's secret headers (a header marked secret in Settings, e.g. a gateway's
 * own token): kept together in the SecretStore as one JSON object under `${id}:headers` (a provider
 * id never has `:`), bound to the base URL's origin like the API key. Settings keep only the names;
 * the values go nowhere but that origin, and never back to the renderer.
 */

const account = (providerId: string) => `${providerId}:headers`;
const binding = (providerId: string) => `${account(providerId)}#origin`;

export class HeaderSecrets {
  readonly #store: SecretStore;

  constructor(store: SecretStore) {
    this.#store = store;
  }

  /** The saved values by lower-case header name; none when they were saved for another origin. */
  async values(provider: Pick<ProviderConfig, 'id' | 'baseUrl'>): Promise<Record<string, string>> {
    const raw = await this.#store.get(account(provider.id));
    if (!raw) return {};
    if ((await this.#store.get(binding(provider.id))) !== originOf(provider.baseUrl)) return {};
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null) return {};
      return Object.fromEntries(
        Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    } catch {
      return {};
    }
  }

  /**
   * Keeps the secret values of `next`'s headers: a value typed now, else the one saved before (at the
   * same origin). Returns the headers as settings keep them: secret ones without their value.
   */
  async save(
    previous: ProviderConfig | undefined,
    next: ProviderConfig,
  ): Promise<ProviderHeader[] | undefined> {
    if (!next.headers) {
      await this.remove(next.id);
      return undefined;
    }
    const before = previous ? await this.values(previous) : {};
    const sameOrigin = previous !== undefined && originOf(previous.baseUrl) === originOf(next.baseUrl);
    const values: Record<string, string> = {};
    for (const header of next.headers) {
      if (!header.secret) continue;
      const name = header.name.toLowerCase();
      const value = header.value || (sameOrigin ? before[name] : undefined);
      if (value) values[name] = value;
    }
    if (Object.keys(values).length === 0) await this.remove(next.id);
    else {
      await this.#store.set(account(next.id), JSON.stringify(values));
      await this.#store.set(binding(next.id), originOf(next.baseUrl) ?? '');
    }
    return next.headers.map((header) => (header.secret ? { ...header, value: '' } : header));
  }

  async remove(providerId: string): Promise<void> {
    await Promise.all([this.#store.delete(account(providerId)), this.#store.delete(binding(providerId))]);
  }
}

/** Every custom header to send: the plain ones from settings, the secret ones from the store. */
export async function customHeaders(
  secrets: HeaderSecrets,
  provider: ProviderConfig,
): Promise<{ headers: Record<string, string>; secrets: string[] }> {
  const list = provider.headers ?? [];
  if (list.length === 0) return { headers: {}, secrets: [] };
  const saved = list.some((header) => header.secret) ? await secrets.values(provider) : {};
  const headers: Record<string, string> = {};
  const secretValues: string[] = [];
  for (const header of list) {
    const value = header.secret ? (saved[header.name.toLowerCase()] ?? header.value) : header.value;
    // Settings refuse these names; a hand-edited file does not get to set them either.
    if (!value || forbiddenHeaderNames.includes(header.name.toLowerCase())) continue;
    headers[header.name] = value;
    if (header.secret) secretValues.push(value);
  }
  return { headers, secrets: secretValues };
}
