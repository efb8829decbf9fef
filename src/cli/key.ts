import { providerIdSchema } from '../shared/providers.ts';
import { defaultDataDir } from '../main/core/paths.ts';
import { keyStatusOf, normalizeKey } from '../main/core/secrets/key-status.ts';
import { ProviderSecrets } from '../main/core/secrets/provider-secrets.ts';
import { openSecretStore } from '../main/core/secrets/open-secret-store.ts';
import type { OpenSecretStoreOptions } from '../main/core/secrets/open-secret-store.ts';
import type { CommandIo } from './io.ts';
import { readAll, withPlainErrors } from './io.ts';
import { readSettings } from './read-settings.ts';
import { keyUsage } from './usage.ts';

/** `parley key …`: keys go to the OS keychain (service "Parley", account = provider id), never to a file in clear. */
export function runKeyCommand(
  args: string[],
  io: CommandIo,
  options: Partial<OpenSecretStoreOptions> = {},
): Promise<number> {
  return withPlainErrors(io, () => keyCommand(args, io, options));
}

async function keyCommand(
  args: string[],
  io: CommandIo,
  options: Partial<OpenSecretStoreOptions>,
): Promise<number> {
  const [action, provider] = args;
  if (!action || !['set', 'delete', 'status'].includes(action) || !provider || args.length > 2) {
    io.stderr(`Usage:\n${keyUsage}\n`);
    return 2;
  }
  const id = providerIdSchema.safeParse(provider);
  if (!id.success) {
    io.stderr(`"${provider}" is not a provider id. ${id.error.issues[0]?.message ?? ''}\n`);
    return 2;
  }
  const dataDir = options.dataDir ?? defaultDataDir({ env: io.env });
  const { store, reason } = await openSecretStore({ ...options, dataDir });
  const where = store.kind === 'keychain' ? 'the system keychain' : 'encrypted safe storage';

  if (action === 'status') {
    const status = keyStatusOf(await store.get(provider));
    io.stdout(
      status.hasKey
        ? `${provider}: key saved in ${where}${status.last4 ? ` (…${status.last4})` : ''}\n`
        : `${provider}: no key saved\n`,
    );
    if (reason) io.stderr(`${reason}\n`);
    return 0;
  }
  const secrets = new ProviderSecrets(store);
  if (action === 'delete') {
    const removed = await secrets.delete(provider, 'api-key');
    io.stdout(removed ? `Deleted the key for ${provider}.\n` : `There was no saved key for ${provider}.\n`);
    return 0;
  }
  if (store.kind === 'memory') {
    // A command-line process ends at once: a key kept in memory would be lost, so say so and stop.
    io.stderr(`The key was not saved. ${reason ?? ''}\nUse --api-key-env with parley ask instead.\n`);
    return 1;
  }
  if (io.stdinIsTTY) io.stderr(`Paste the API key for ${provider}, then press Enter and Ctrl-D:\n`);
  const key = normalizeKey(await readAll(io));
  // A provider in the settings gets its key bound to its address now; another id, on first use.
  const configured = readSettings(dataDir, io).providers.find((p) => p.id === provider);
  if (configured) await secrets.set(configured, 'api-key', key);
  else await store.set(provider, key);
  const status = keyStatusOf(key);
  io.stdout(`Saved the key for ${provider} in ${where}${status.last4 ? ` (…${status.last4})` : ''}.\n`);
  return 0;
}
