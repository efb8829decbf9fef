import type { ModelRef } from '../shared/providers.ts';
import type { ChatSettings } from '../main/core/chat/create-chat.ts';
import type { SecretStore } from '../main/core/secrets/secret-store.ts';
import { CliUsageError, type ParsedArgs } from './args.ts';
import { keyVariableFor, oneOffProvider } from './ask-provider.ts';
import { CliSecrets } from './cli-secrets.ts';
import type { CommandIo } from './io.ts';
import { withCallHeaders, type RequestFlags } from './request-flags.ts';

/**
 * Where a command's requests go, from its flags: a configured `--provider` (and `--model`), or a
 * provider described for this call only (`--api`, `--base-url`, `--api-key-env`, `--api-version`);
 * the key from the flags, the keychain or the environment; this call's timeouts, retries and headers
 * applied to the model asked first. `parley ask` and `parley batch` both read their target here.
 */

export const targetFlagSpec = {
  provider: 'string',
  model: 'string',
  api: 'string',
  'base-url': 'string',
  'api-key-env': 'string',
  'api-version': 'string',
  'idle-timeout': 'string',
  'max-retries': 'string',
} as const;

type Flag = (name: keyof typeof targetFlagSpec) => string | undefined;

export interface CallTarget {
  settings: ChatSettings;
  model: ModelRef;
  secrets: CliSecrets;
  /** The call's own provider sends no key because none was found (say so if the server wants one). */
  noKeyFound: string | null;
}

export interface TargetDeps {
  settings: () => ChatSettings;
  secrets?: () => Promise<SecretStore>;
}

function positiveNumber(value: string | undefined, check: (n: number) => boolean, message: string) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!check(n)) throw new CliUsageError(`${message}, not "${value}".`);
  return n;
}

/** Reads the target flags; usage and setup errors throw CliUsageError. */
export async function resolveTarget(
  flags: ParsedArgs['flags'],
  io: CommandIo,
  deps: TargetDeps,
  options: { preferred?: ModelRef | null; request: RequestFlags; maxRetries?: number },
): Promise<CallTarget> {
  const text: Flag = (name) => (typeof flags[name] === 'string' ? flags[name] : undefined);
  const idle = positiveNumber(
    text('idle-timeout'),
    (n) => Number.isFinite(n) && n > 0,
    '--idle-timeout must be a number of seconds above 0',
  );
  const maxRetries =
    positiveNumber(
      text('max-retries'),
      (n) => Number.isInteger(n) && n >= 0 && n <= 10,
      '--max-retries must be a whole number from 0 to 10',
    ) ?? options.maxRetries;
  const oneOff = ['api', 'base-url', 'api-key-env', 'api-version'].some((name) => flags[name] !== undefined);
  if (oneOff && text('provider'))
    throw new CliUsageError(
      '--provider picks a provider from your settings; --api, --base-url, --api-key-env and --api-version describe one for this call. Use one or the other.',
    );
  const secrets = new CliSecrets(deps.secrets ?? (() => Promise.reject(new Error('no keychain'))));
  const settings = deps.settings();
  const { target, noKeyFound } = oneOff
    ? await oneOffTarget(text, io, settings, secrets)
    : {
        target: await configuredTarget(text, io, settings, secrets, options.preferred ?? null),
        noKeyFound: null,
      };
  // This call's timeouts, retries and headers apply to the model asked first.
  target.settings = {
    ...target.settings,
    providers: target.settings.providers.map((p) =>
      p.id !== target.model.providerId
        ? p
        : {
            ...withCallHeaders(p, options.request.headers),
            ...(idle === undefined ? {} : { timeouts: { ...p.timeouts, idleMs: Math.round(idle * 1000) } }),
            ...(maxRetries === undefined ? {} : { maxRetries }),
          },
    ),
  };
  return { ...target, secrets, noKeyFound };
}

interface Target {
  settings: ChatSettings;
  model: ModelRef;
}

/** A provider described by the flags, for this call only; its key from the flags, the keychain or the environment. */
async function oneOffTarget(
  text: Flag,
  io: CommandIo,
  settings: ChatSettings,
  secrets: CliSecrets,
): Promise<{ target: Target; noKeyFound: string | null }> {
  const call = oneOffProvider({
    api: text('api'),
    baseUrl: text('base-url'),
    model: text('model'),
    apiVersion: text('api-version'),
  });
  const { provider } = call;
  const keyEnv = text('api-key-env');
  let key: string | null = null;
  if (keyEnv !== undefined) {
    key = io.env[keyEnv]?.trim() || null;
    if (!key)
      throw new CliUsageError(`The environment variable ${keyEnv} (from --api-key-env) is empty or not set.`);
  }
  // A key saved for this API is used only at this API's own address (it is bound to that origin).
  const saved = !key && call.atDefaultAddress && (await secrets.lookup(provider)).state === 'saved';
  if (!key && !saved && call.keyEnv) key = io.env[call.keyEnv]?.trim() || null;
  if (key) await secrets.give(provider, key);
  const where = call.keyEnv ? `, none in ${call.keyEnv}` : '';
  let noKeyFound: string | null = null;
  if (!key && !saved) {
    if (call.atDefaultAddress)
      throw new CliUsageError(
        `No API key for ${provider.name}. Save one with "parley key set ${provider.id}"${call.keyEnv ? `, set ${call.keyEnv}` : ''}, or name a variable with --api-key-env.`,
      );
    provider.auth = { type: 'none' };
    noKeyFound = `No API key was found for ${provider.name} (none given with --api-key-env${where}), so none was sent, and the server asks for one. Name a variable that holds it with --api-key-env VAR.`;
  }
  const only = { providers: [provider], defaultModel: null, failoverChain: [] };
  return {
    target: {
      // A call's own provider still goes through the person's content filters.
      settings: { ...only, priceOverrides: settings.priceOverrides, contentFilter: settings.contentFilter },
      model: { providerId: provider.id, model: call.model },
    },
    noKeyFound,
  };
}

/**
 * The user's settings, with --provider/--model choosing the model asked first. Keys come from the
 * keychain; a built-in kind at its own address may also take its usual environment variable.
 */
async function configuredTarget(
  text: Flag,
  io: CommandIo,
  settings: ChatSettings,
  secrets: CliSecrets,
  preferred: ModelRef | null,
): Promise<Target> {
  const model = configuredModel(
    settings,
    text('provider') ?? preferred?.providerId,
    text('model') ?? preferred?.model,
  );
  const chain = [model, ...settings.failoverChain].flatMap((ref) =>
    settings.providers.filter((p) => p.id === ref.providerId),
  );
  for (const [index, provider] of [...new Set(chain)].entries()) {
    if (provider.auth.type !== 'api-key') continue;
    const found = await secrets.lookup(provider);
    if (found.state === 'saved') continue;
    const variable = keyVariableFor(provider);
    const key = found.state === 'none' && variable ? io.env[variable]?.trim() : undefined;
    if (key) await secrets.give(provider, key);
    else if (index === 0 && found.state === 'moved')
      throw new CliUsageError(
        `The key for ${provider.name} was saved for ${found.savedFor}, but ${provider.name} now points at ${found.now ?? 'another address'}; Parley does not send it there. Save it again with "parley key set ${provider.id}" or in Parley's settings.`,
      );
    else if (index === 0)
      throw new CliUsageError(
        `No API key for ${provider.name}. Save one with "parley key set ${provider.id}"${variable ? `, set ${variable}` : ''}, or add it in Parley's settings.`,
      );
  }
  return { settings, model };
}

/** The model to ask first: --provider and --model over the settings' default model. */
function configuredModel(settings: ChatSettings, providerId?: string, model?: string): ModelRef {
  const ids = settings.providers.map((p) => p.id).join(', ') || 'none';
  const id = providerId ?? settings.defaultModel?.providerId;
  if (!id) throw new CliUsageError(`Choose a provider with --provider ID (configured: ${ids}).`);
  const provider = settings.providers.find((p) => p.id === id);
  if (!provider)
    throw new CliUsageError(`There is no provider "${id}" in your settings (configured: ${ids}).`);
  const name =
    model ?? (settings.defaultModel?.providerId === id ? settings.defaultModel.model : provider.models[0]);
  if (!name) throw new CliUsageError(`${provider.name} has no models listed; choose one with --model NAME.`);
  return { providerId: id, model: name };
}
