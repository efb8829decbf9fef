import { ParleyError } from '../shared/errors.ts';
import type { ModelRef } from '../shared/providers.ts';
import type { ChatHistory } from '../main/core/chat/chat-service.ts';
import type { ChatSettings } from '../main/core/chat/create-chat.ts';
import type { MetricsSink } from '../main/core/metrics/request-metrics.ts';
import type { SecretStore } from '../main/core/secrets/secret-store.ts';
import { CliUsageError, parseArgs } from './args.ts';
import { apis, keyVariableFor, oneOffProvider } from './ask-provider.ts';
import { CliSecrets } from './cli-secrets.ts';
import type { CommandIo } from './io.ts';
import { TerminalPeer, type StreamDone } from './terminal-peer.ts';
import { askUsage } from './usage.ts';

const flagSpec = {
  provider: 'string',
  model: 'string',
  conversation: 'string',
  continue: 'boolean',
  api: 'string',
  'base-url': 'string',
  'api-key-env': 'string',
  'api-version': 'string',
  'idle-timeout': 'string',
  'max-retries': 'string',
  'no-save': 'boolean',
  help: 'boolean',
} as const;

/** What `parley ask` needs from its process; `runFromProcess` passes the real ones, tests their own. */
export interface AskDeps {
  /** Parley's data folder (settings and history). */
  dataDir: string;
  /** The user's settings, read once. */
  settings: () => ChatSettings;
  /** The keychain. Failures to open it are not fatal: the environment fallbacks still apply. */
  secrets?: () => Promise<SecretStore>;
  /** Opens the history the answer is saved to (never called with --no-save). */
  openHistory?: () => Promise<SavedHistory>;
  /** Where a --no-save answer lives while it streams. */
  memoryHistory: () => ChatHistory;
  /** Ctrl-C: stop the answer, keep what was printed. */
  signal?: AbortSignal;
}

/** The history store as `parley ask` uses it. */
export interface SavedHistory {
  store: ChatHistory;
  recordMetrics: MetricsSink;
  /** The most recently updated conversation, if any. */
  mostRecentConversation(): string | null;
  close(): void;
}

interface AskPlan {
  prompt: string;
  settings: ChatSettings;
  model: ModelRef;
  conversation: string | 'latest' | null;
  save: boolean;
  secrets: CliSecrets;
  /** The call's own provider sends no key because none was found (say so if the server wants one). */
  noKeyFound: string | null;
}

async function readStdin(io: CommandIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function positiveNumber(value: string | undefined, check: (n: number) => boolean, message: string) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!check(n)) throw new CliUsageError(`${message}, not "${value}".`);
  return n;
}

/** Reads the flags and the settings into what to send where; usage and setup errors throw CliUsageError. */
async function plan(args: readonly string[], io: CommandIo, deps: AskDeps): Promise<AskPlan | 'help'> {
  const { flags, positionals } = parseArgs(args, flagSpec, { c: 'conversation' });
  if (flags.help === true) return 'help';
  const text = (name: keyof typeof flagSpec) => (typeof flags[name] === 'string' ? flags[name] : undefined);
  const idle = positiveNumber(
    text('idle-timeout'),
    (n) => Number.isFinite(n) && n > 0,
    '--idle-timeout must be a number of seconds above 0',
  );
  const maxRetries = positiveNumber(
    text('max-retries'),
    (n) => Number.isInteger(n) && n >= 0 && n <= 10,
    '--max-retries must be a whole number from 0 to 10',
  );
  const save = flags['no-save'] !== true;
  const conversation = flags.continue === true ? 'latest' : (text('conversation') ?? null);
  if (flags.continue === true && text('conversation'))
    throw new CliUsageError('Give either --conversation ID or --continue, not both.');
  if (conversation && !save)
    throw new CliUsageError('--no-save starts a conversation that is not kept; it cannot continue one.');
  const oneOff = ['api', 'base-url', 'api-key-env', 'api-version'].some((name) => flags[name] !== undefined);
  if (oneOff && text('provider'))
    throw new CliUsageError(
      '--provider picks a provider from your settings; --api, --base-url, --api-key-env and --api-version describe one for this call. Use one or the other.',
    );

  const secrets = new CliSecrets(deps.secrets ?? (() => Promise.reject(new Error('no keychain'))));
  const settings = deps.settings();
  let target: { settings: ChatSettings; model: ModelRef };
  let noKeyFound: string | null = null;
  if (oneOff) {
    const call = oneOffProvider({
      api: text('api'),
      baseUrl: text('base-url'),
      model: text('model'),
      apiVersion: text('api-version'),
    });
    const { provider } = call;
    const keyEnv = text('api-key-env');
    if (keyEnv !== undefined) {
      const value = io.env[keyEnv]?.trim();
      if (!value)
        throw new CliUsageError(
          `The environment variable ${keyEnv} (from --api-key-env) is empty or not set.`,
        );
      secrets.give(provider.id, value);
    }
    const keyEnvOfApi = apis[(text('api') ?? 'openai') as keyof typeof apis].keyEnv;
    secrets.fallBackTo(provider.id, () => io.env[keyEnvOfApi]?.trim() || null);
    // The keychain's key for this API only goes to that API's own address.
    const key =
      keyEnv !== undefined || call.atDefaultAddress
        ? await secrets.get(provider.id)
        : io.env[keyEnvOfApi]?.trim();
    if (!key && call.atDefaultAddress) {
      throw new CliUsageError(
        `No API key for ${provider.name}. Save one with "parley key set ${provider.id}", set ${keyEnvOfApi}, or name a variable with --api-key-env.`,
      );
    }
    if (!key) {
      provider.auth = { type: 'none' };
      noKeyFound = `No API key was found for ${provider.name} (none given with --api-key-env, none in ${keyEnvOfApi}), so none was sent, and the server asks for one. Name a variable that holds it with --api-key-env VAR.`;
    } else secrets.give(provider.id, key);
    target = {
      settings: {
        providers: [provider],
        defaultModel: null,
        failoverChain: [],
        priceOverrides: settings.priceOverrides,
      },
      model: { providerId: provider.id, model: call.model },
    };
  } else {
    target = { settings, model: configuredModel(settings, text('provider'), text('model')) };
    const provider = settings.providers.find((p) => p.id === target.model.providerId)!;
    for (const configured of settings.providers) {
      const variable = keyVariableFor(configured);
      if (variable) secrets.fallBackTo(configured.id, () => io.env[variable]?.trim() || null);
    }
    if (provider.auth.type === 'api-key' && !(await secrets.get(provider.id))) {
      const variable = keyVariableFor(provider);
      throw new CliUsageError(
        `No API key for ${provider.name}. Save one with "parley key set ${provider.id}"${variable ? `, set ${variable}` : ''}, or add it in Parley's settings.`,
      );
    }
  }
  // This call's timeouts and retries apply to the model asked first.
  target.settings = {
    ...target.settings,
    providers: target.settings.providers.map((p) =>
      p.id !== target.model.providerId
        ? p
        : {
            ...p,
            ...(idle === undefined ? {} : { timeouts: { ...p.timeouts, idleMs: Math.round(idle * 1000) } }),
            ...(maxRetries === undefined ? {} : { maxRetries }),
          },
    ),
  };

  let prompt = positionals.join(' ').trim();
  if (!prompt && !io.stdinIsTTY) prompt = (await readStdin(io)).trim();
  if (!prompt) throw new CliUsageError('Nothing to ask: give a PROMPT, or pipe one to standard input.');
  return { prompt, ...target, conversation, save, secrets, noKeyFound };
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

export async function runAskCommand(args: string[], io: CommandIo, deps: AskDeps): Promise<number> {
  let call: AskPlan;
  try {
    const planned = await plan(args, io, deps);
    if (planned === 'help') {
      io.stdout(`${askUsage}\n`);
      return 0;
    }
    call = planned;
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`${error.message}\n\nUsage:\n${askUsage}\n`);
    return 2;
  }
  const history = call.save ? await deps.openHistory!() : null;
  try {
    return await answer(call, io, deps, history);
  } finally {
    history?.close();
  }
}

async function answer(
  call: AskPlan,
  io: CommandIo,
  deps: AskDeps,
  saved: SavedHistory | null,
): Promise<number> {
  const { createChat } = await import('../main/core/chat/create-chat.ts');
  const { client, chat } = createChat({
    settings: () => call.settings,
    secrets: call.secrets,
    history: saved?.store ?? deps.memoryHistory(),
    metrics: saved ? (record) => saved.recordMetrics(record) : undefined,
    env: io.env,
  });
  const peer = new TerminalPeer(io);
  let done: StreamDone;
  try {
    const conversationId =
      call.conversation === 'latest' ? saved!.mostRecentConversation() : call.conversation;
    if (call.conversation === 'latest' && !conversationId)
      io.stderr('There is no saved conversation yet; starting one.\n');
    const started = chat.send(
      { content: call.prompt, conversationId, model: call.model, source: 'parley' },
      peer,
    );
    const stop = () => chat.stop(started.streamId);
    if (deps.signal?.aborted) stop();
    deps.signal?.addEventListener('abort', stop, { once: true });
    done = await peer.done;
    deps.signal?.removeEventListener('abort', stop);
  } catch (error) {
    if (!(error instanceof ParleyError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  } finally {
    await chat.settled();
    await client.close();
  }
  if (!peer.endsWithNewline) io.stdout('\n');
  return report(done, peer, io, call);
}

/** The end of the answer on standard error, and the exit status. */
function report(done: StreamDone, peer: TerminalPeer, io: CommandIo, call: AskPlan): number {
  if (done.state === 'complete') return 0;
  if (done.stopped) {
    io.stderr(peer.printed ? 'Stopped; the answer above is incomplete.\n' : 'Stopped.\n');
    return 130;
  }
  const error = done.error ?? { code: 'internal' as const, message: 'The answer failed.' };
  const message =
    error.code === 'bad_key' && call.noKeyFound
      ? call.noKeyFound
      : error.detail
        ? `${error.message}\n  (${error.detail})`
        : error.message;
  io.stderr(`${done.state === 'interrupted' ? 'The answer was cut off. ' : ''}${message}\n`);
  return 1;
}
