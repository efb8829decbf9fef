import { ParleyError } from '../../../shared/errors.ts';
import { openSecretStore } from './open-secret-store.ts';
import type { OpenSecretStoreOptions } from './open-secret-store.ts';

export interface ResolveKeyOptions extends Partial<OpenSecretStoreOptions> {
  dataDir: string;
  providerId: string;
  /** `--api-key-env NAME`: take the key from that variable instead of the keychain. */
  apiKeyEnv?: string | null;
  env?: Record<string, string | undefined>;
}

/** The key for a command-line request: from `--api-key-env`, else the provider's saved key. */
export async function resolveApiKey(options: ResolveKeyOptions): Promise<string> {
  const { providerId, apiKeyEnv, env = process.env, ...storeOptions } = options;
  if (apiKeyEnv) {
    const value = env[apiKeyEnv]?.trim();
    if (!value) {
      throw new ParleyError({
        code: 'bad_key',
        message: `The environment variable ${apiKeyEnv} is not set or is empty.`,
      });
    }
    return value;
  }
  const { store, reason } = await openSecretStore(storeOptions);
  const key = await store.get(providerId);
  if (key) return key;
  throw new ParleyError({
    code: 'bad_key',
    message: `No API key is saved for "${providerId}". Save one with: parley key set ${providerId} (it reads the key from standard input), or pass --api-key-env VARIABLE.`,
    ...(reason ? { detail: reason } : {}),
  });
}
