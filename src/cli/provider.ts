import { catalogueProvider } from '../shared/provider-catalogue.ts';
import type { AuthConfig, ProviderConfig, ProviderKind, ProxyConfig } from '../shared/providers.ts';
import { providerConfigSchema, providerIdSchema, providerKinds } from '../shared/providers.ts';
import { CliUsageError, parseArgs } from './args.ts';
import type { CommandIo } from './io.ts';
import { withPlainErrors } from './io.ts';
import { openSettingsAccess } from './settings-access.ts';
import { providerUsage } from './usage.ts';

const flagSpec = {
  kind: 'string',
  name: 'string',
  'base-url': 'string',
  models: 'string',
  'api-version': 'string',
  auth: 'string',
  'token-url': 'string',
  'client-id': 'string',
  scope: 'string',
  proxy: 'string',
  'proxy-user': 'string',
} as const;

type Flags = Partial<Record<keyof typeof flagSpec, string>>;

/** `parley provider …`: the same handlers as Settings → Providers, so the same rules apply. */
export function runProviderCommand(args: string[], io: CommandIo): Promise<number> {
  return withPlainErrors(io, async () => {
    let flags: Flags;
    let positionals: string[];
    try {
      const parsed = parseArgs(args, flagSpec);
      flags = parsed.flags as Flags;
      positionals = parsed.positionals;
    } catch (error) {
      if (!(error instanceof CliUsageError)) throw error;
      io.stderr(`${error.message}\nUsage:\n${providerUsage}\n`);
      return 2;
    }
    const [action, id] = positionals;
    const known = action === 'list' ? !id : (action === 'set' || action === 'remove') && !!id;
    if (!known || positionals.length > 2) {
      io.stderr(`Usage:\n${providerUsage}\n`);
      return 2;
    }
    const access = await openSettingsAccess(io);
    try {
      if (action === 'list') {
        for (const p of (await access.call('settings.get', {})).providers) {
          const key = p.auth.type === 'none' ? 'no key needed' : p.key.hasKey ? 'key saved' : 'no key saved';
          io.stdout(`${p.id}\t${p.kind}\t${p.baseUrl}\t${p.auth.type}\t${key}\t${p.models.join(',')}\n`);
        }
        return 0;
      }
      if (action === 'remove') {
        const { removed } = await access.call('providers.remove', { providerId: id! });
        io.stdout(removed ? `Removed ${id}.\n` : `There is no provider "${id}".\n`);
        return removed ? 0 : 1;
      }
      const current = access.settings.get('providers').find((p) => p.id === id);
      let next: ProviderConfig;
      try {
        next = edited(id!, current, flags);
      } catch (error) {
        if (!(error instanceof CliUsageError)) throw error;
        io.stderr(`${error.message}\n`);
        return 2;
      }
      const valid = providerConfigSchema.safeParse(next);
      if (!valid.success) {
        const issue = valid.error.issues[0];
        io.stderr(`Not saved: ${issue?.path.join('.') || 'provider'}: ${issue?.message}\n`);
        return 1;
      }
      const saved = await access.call('providers.save', valid.data);
      io.stdout(`Saved ${saved.id} (${saved.kind}, ${saved.baseUrl}).\n`);
      for (const kind of saved.dropped ?? [])
        io.stderr(
          `The ${kind === 'api-key' ? 'key' : kind.replace(/-/g, ' ')} saved for ${saved.id} was for another address, so it was removed. Save it again: parley key set ${saved.id} --secret ${kind}\n`,
        );
      if (saved.proxy.mode === 'custom' && saved.saved['proxy-password'] && flags.proxy?.includes('@'))
        io.stdout('The proxy password was moved to the keychain; the settings keep the address only.\n');
      return 0;
    } finally {
      await access.close();
    }
  });
}

/** The provider with the flags applied: a new one starts from the catalogue's defaults for its kind. */
function edited(id: string, current: ProviderConfig | undefined, flags: Flags): ProviderConfig {
  if (!providerIdSchema.safeParse(id).success)
    throw new CliUsageError(`"${id}" is not a provider id: use lowercase letters, digits and dashes.`);
  const kind = (flags.kind ?? current?.kind) as ProviderKind | undefined;
  if (!kind || !providerKinds.includes(kind))
    throw new CliUsageError(`--kind must be one of ${providerKinds.join(', ')}.`);
  const base = current ? { ...current, kind } : catalogueProvider(kind, id);
  return {
    ...base,
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    ...(flags['base-url'] !== undefined ? { baseUrl: flags['base-url'] } : {}),
    ...(flags['api-version'] !== undefined ? { apiVersion: flags['api-version'] } : {}),
    ...(flags.models !== undefined
      ? {
          models: flags.models
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean),
        }
      : {}),
    auth: editedAuth(base.auth, flags),
    proxy: editedProxy(base.proxy, flags),
  };
}

function editedAuth(auth: AuthConfig, flags: Flags): AuthConfig {
  const type = (flags.auth ?? auth.type) as AuthConfig['type'];
  if (type !== 'oauth2-client-credentials') {
    if (!['api-key', 'azure-entra', 'none'].includes(type))
      throw new CliUsageError('--auth must be api-key, azure-entra, oauth2-client-credentials or none.');
    return { type } as AuthConfig;
  }
  const was = auth.type === 'oauth2-client-credentials' ? auth : undefined;
  const scope = flags.scope ?? was?.scope;
  return {
    type,
    tokenUrl: flags['token-url'] ?? was?.tokenUrl ?? '',
    clientId: flags['client-id'] ?? was?.clientId ?? '',
    ...(scope ? { scope } : {}),
  };
}

function editedProxy(proxy: ProxyConfig, flags: Flags): ProxyConfig {
  const given = flags.proxy;
  const user = flags['proxy-user'];
  if (given === undefined && user === undefined) return proxy;
  if (given === 'none' || given === 'system') return { mode: given };
  const url = given ?? (proxy.mode === 'custom' ? proxy.url : undefined);
  if (!url) throw new CliUsageError('--proxy-user needs a proxy: --proxy URL.');
  const username = user ?? (proxy.mode === 'custom' ? proxy.username : undefined);
  return { mode: 'custom', url, ...(username ? { username } : {}) };
}
