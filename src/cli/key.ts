import type { SecretKind } from '../shared/providers.ts';
import { providerIdSchema, secretKinds } from '../shared/providers.ts';
import { keyStatusOf, saveKey } from '../main/core/secrets/key-status.ts';
import type { OpenSecretStoreOptions } from '../main/core/secrets/open-secret-store.ts';
import { CliUsageError, parseArgs } from './args.ts';
import type { CommandIo } from './io.ts';
import { readAll, withPlainErrors } from './io.ts';
import { openSettingsAccess, type SettingsAccess } from './settings-access.ts';
import { keyUsage } from './usage.ts';
import { keyListCommand } from './key-list.ts';

const secretNames: Record<SecretKind, string> = {
  'api-key': 'key',
  'oauth-client-secret': 'OAuth client secret',
  'proxy-password': 'proxy password',
};

/** `parley key …`: secrets go to the OS keychain (service "Parley"), never to a file in clear. */
export function runKeyCommand(
  args: string[],
  io: CommandIo,
  options: Partial<OpenSecretStoreOptions> = {},
): Promise<number> {
  return withPlainErrors(io, async () => {
    let parsed;
    try {
      parsed = parseArgs(args, { secret: 'string' });
    } catch (error) {
      if (!(error instanceof CliUsageError)) throw error;
      io.stderr(`${error.message}\nUsage:\n${keyUsage}\n`);
      return 2;
    }
    const [action, provider, keyId] = parsed.positionals;
    const secret = (parsed.flags.secret ?? 'api-key') as SecretKind;
    if (
      !action ||
      !['set', 'delete', 'status', 'add', 'list', 'remove'].includes(action) ||
      !provider ||
      parsed.positionals.length > (action === 'remove' ? 3 : 2) ||
      !secretKinds.includes(secret)
    ) {
      io.stderr(`Usage:\n${keyUsage}\n`);
      return 2;
    }
    const id = providerIdSchema.safeParse(provider);
    if (!id.success) {
      io.stderr(`"${provider}" is not a provider id. ${id.error.issues[0]?.message ?? ''}\n`);
      return 2;
    }
    const access = await openSettingsAccess(io, options);
    try {
      if (action === 'add' || action === 'list' || action === 'remove') {
        if (action === 'add' && access.store.kind === 'memory') return notSaved('key', access, io);
        return await keyListCommand(action, provider, keyId, io, access);
      }
      return await keyCommand(action, provider, secret, io, access);
    } finally {
      await access.close();
    }
  });
}

/** A command-line process ends at once: a secret kept in memory would be lost, so say so and stop. */
function notSaved(name: string, access: SettingsAccess, io: CommandIo): number {
  io.stderr(
    `The ${name} was not saved. ${access.reason ?? ''}\nUse --api-key-env with parley ask instead.\n`,
  );
  return 1;
}

async function keyCommand(
  action: string,
  provider: string,
  secret: SecretKind,
  io: CommandIo,
  access: SettingsAccess,
): Promise<number> {
  const { store, reason } = access;
  const where = store.kind === 'keychain' ? 'the system keychain' : 'encrypted safe storage';
  const configured = access.settings.get('providers').some((p) => p.id === provider);
  const name = secretNames[secret];

  if (action === 'status') {
    if (!configured) {
      // A key saved before its provider was added: it is bound to the provider's address at first use.
      const status = keyStatusOf(await store.get(provider));
      io.stdout(
        status.hasKey
          ? `${provider}: key saved in ${where}${status.last4 ? ` (…${status.last4})` : ''}\n`
          : `${provider}: no key saved\n`,
      );
    } else {
      const view = (await access.call('settings.get', {})).providers.find((p) => p.id === provider)!;
      const { hasKey, last4 } = view.key;
      io.stdout(
        hasKey
          ? `${provider}: key saved in ${where}${last4 ? ` (…${last4})` : ''}\n`
          : `${provider}: no key saved\n`,
      );
      for (const kind of ['oauth-client-secret', 'proxy-password'] as const)
        if (view.saved[kind]) io.stdout(`${provider}: ${secretNames[kind]} saved\n`);
    }
    if (reason) io.stderr(`${reason}\n`);
    return 0;
  }
  if (action === 'delete') {
    const before = configured ? null : await store.get(provider);
    if (configured) await access.call('keys.delete', { providerId: provider, secret });
    else await store.delete(provider);
    const removed = configured ? true : before !== null;
    io.stdout(
      removed ? `Deleted the ${name} for ${provider}.\n` : `There was no saved ${name} for ${provider}.\n`,
    );
    return 0;
  }
  if (store.kind === 'memory') return notSaved(name, access, io);
  if (!configured && secret !== 'api-key') {
    io.stderr(`There is no provider "${provider}". Add it first (parley provider set ${provider} …).\n`);
    return 1;
  }
  if (io.stdinIsTTY) io.stderr(`Paste the ${name} for ${provider}, then press Enter and Ctrl-D:\n`);
  const input = await readAll(io);
  const status = configured
    ? await access.call('keys.set', { providerId: provider, key: input, secret })
    : await saveKey(store, provider, input);
  io.stdout(`Saved the ${name} for ${provider} in ${where}${status.last4 ? ` (…${status.last4})` : ''}.\n`);
  return 0;
}
