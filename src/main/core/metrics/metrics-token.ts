import type { SecretStore } from '../secrets/secret-store.ts';

/**
 * The OpenMetrics endpoint's optional bearer token, kept where keys are (the SecretStore), never in
 * settings, never sent to a window: a window learns only whether one is set.
 * The account cannot be a provider's (provider ids are never empty and refuse `:`).
 */
export const METRICS_TOKEN_ACCOUNT = ':metrics-token';

export class MetricsToken {
  readonly #secrets: SecretStore;

  constructor(secrets: SecretStore) {
    this.#secrets = secrets;
  }

  read(): Promise<string | null> {
    return this.#secrets.get(METRICS_TOKEN_ACCOUNT);
  }

  async isSet(): Promise<boolean> {
    return (await this.read()) !== null;
  }

  async set(token: string): Promise<void> {
    await this.#secrets.set(METRICS_TOKEN_ACCOUNT, token);
  }

  async remove(): Promise<void> {
    await this.#secrets.delete(METRICS_TOKEN_ACCOUNT);
  }
}
