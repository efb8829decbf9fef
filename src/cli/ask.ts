import { ParleyError } from '../shared/errors.ts';
import type { ModelRef } from '../shared/providers.ts';
import type { ChatHistory } from '../main/core/chat/chat-ports.ts';
import type { ChatSettings } from '../main/core/chat/create-chat.ts';
import { MemoryChatHistory } from '../main/core/chat/memory-history.ts';
import type { MetricsSink } from '../main/core/metrics/request-metrics.ts';
import type { SecretStore } from '../main/core/secrets/secret-store.ts';
import { CliUsageError, parseArgs } from './args.ts';
import { keyVariableFor, oneOffProvider } from './ask-provider.ts';
import { CliSecrets } from './cli-secrets.ts';
import { readAll, type CommandIo } from './io.ts';
import { TerminalPeer, type StreamDone } from './terminal-peer.ts';
import { readRequestFlags, requestFlagSpec, setsConversation, withCallHeaders } from './request-flags.ts';
import type { RequestFlags } from './request-flags.ts';
import { askUsage } from './usage.ts';
import type { Assistant } from '../shared/assistants.ts';
import type { AssistantStore } from '../main/core/assistants/assistant-store.ts';
import { findAssistant } from './assistant.ts';
import type { AttachmentChoice } from '../shared/attachments.ts';
import { ATTACHMENT_LIMITS } from '../shared/attachments.ts';
import type { AttachmentKeeper } from '../main/core/attachments/attach-file.ts';
import { MemoryAttachments } from '../main/core/attachments/memory-attachments.ts';
import type { AttachmentReader } from '../main/core/chat/attachment-parts.ts';
import { attachFiles } from './attach.ts';
import { filterFlagSpec, flaggedExit, heldExit, readFilterFlags, withModeration } from './ask-filters.ts';
import type { AskFilters } from './ask-filters.ts';

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
  assistant: 'string',
  attach: 'list',
  help: 'boolean',
  ...requestFlagSpec,
  ...filterFlagSpec,
} as const;

/** What `parley ask` needs from its process; `runFromProcess` passes the real ones, tests their own. */
export interface AskDeps {
  /** The user's settings, read once. */
  settings: () => ChatSettings;
  /** The keychain. Failures to open it are not fatal: keys from the environment still apply. */
  secrets?: () => Promise<SecretStore>;
  /** Opens the history the answer is saved to (never called with --no-save). */
  openHistory: () => Promise<SavedHistory>;
  /** The assistant library (`--assistant NAME`). */
  assistants?: () => AssistantStore;
  /** Ctrl-C: stop the answer, keep what was printed. */
  signal?: AbortSignal;
}

/** The history store as `parley ask` uses it. */
export interface SavedHistory {
  store: ChatHistory;
  recordMetrics: MetricsSink;
  /** Where `--attach` files are kept (the history's attachment store), for the send to read. */
  attachments?: AttachmentKeeper & AttachmentReader;
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
  /** `--assistant`: a new conversation starts from it (its system prompt, parameters, model). */
  assistant: { store: AssistantStore; found: Assistant } | null;
  request: RequestFlags;
  /** `--attach`: the files, in the order given. */
  files: string[];
  filters: AskFilters;
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
  const text: Flag = (name) => (typeof flags[name] === 'string' ? flags[name] : undefined);
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
  const request = readRequestFlags(flags);
  const save = flags['no-save'] !== true;
  const conversation = flags.continue === true ? 'latest' : (text('conversation') ?? null);
  if (flags.continue === true && text('conversation'))
    throw new CliUsageError('Give either --conversation ID or --continue, not both.');
  if (conversation && !save)
    throw new CliUsageError('--no-save starts a conversation that is not kept; it cannot continue one.');
  if (conversation && setsConversation(request))
    throw new CliUsageError(
      '--system and the parameter flags start a new conversation; a saved one keeps its own (change them in Parley).',
    );
  const oneOff = ['api', 'base-url', 'api-key-env', 'api-version'].some((name) => flags[name] !== undefined);
  if (oneOff && text('provider'))
    throw new CliUsageError(
      '--provider picks a provider from your settings; --api, --base-url, --api-key-env and --api-version describe one for this call. Use one or the other.',
    );

  const assistant = chosenAssistant(text('assistant'), conversation, deps);
  // The assistant's model unless the flags choose one.
  const preferred = text('provider') || text('model') ? null : (assistant?.found.model ?? null);
  const secrets = new CliSecrets(deps.secrets ?? (() => Promise.reject(new Error('no keychain'))));
  const settings = deps.settings();
  const { target, noKeyFound } = oneOff
    ? await oneOffTarget(text, io, settings, secrets)
    : { target: await configuredTarget(text, io, settings, secrets, preferred), noKeyFound: null };
  // This call's timeouts, retries and headers apply to the model asked first.
  target.settings = {
    ...target.settings,
    providers: target.settings.providers.map((p) =>
      p.id !== target.model.providerId
        ? p
        : {
            ...withCallHeaders(p, request.headers),
            ...(idle === undefined ? {} : { timeouts: { ...p.timeouts, idleMs: Math.round(idle * 1000) } }),
            ...(maxRetries === undefined ? {} : { maxRetries }),
          },
    ),
  };

  let prompt = positionals.join(' ').trim();
  if (!prompt && !io.stdinIsTTY) prompt = (await readAll(io)).trim();
  const files = Array.isArray(flags.attach) ? flags.attach : [];
  if (!prompt && files.length === 0)
    throw new CliUsageError('Nothing to ask: give a PROMPT, or pipe one to standard input.');
  if (files.length > ATTACHMENT_LIMITS.maxFilesPerMessage)
    throw new CliUsageError(`At most ${ATTACHMENT_LIMITS.maxFilesPerMessage} files a message (--attach).`);
  const filters = readFilterFlags(flags);
  target.settings = withModeration(target.settings, filters, target.model.providerId);
  return { prompt, ...target, conversation, save, secrets, noKeyFound, assistant, request, files, filters };
}

/** `--assistant NAME`: the assistant of the library, for a new conversation only. */
function chosenAssistant(name: string | undefined, conversation: string | null, deps: AskDeps) {
  if (name === undefined) return null;
  if (conversation)
    throw new CliUsageError(
      '--assistant starts a new conversation; it cannot continue one (-c or --continue).',
    );
  if (!deps.assistants) throw new CliUsageError('There are no assistants here.');
  const store = deps.assistants();
  try {
    return { store, found: findAssistant(store, name) };
  } catch (error) {
    throw error instanceof ParleyError ? new CliUsageError(error.message) : error;
  }
}

type Flag = (name: keyof typeof flagSpec) => string | undefined;

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
  const history = call.save ? await deps.openHistory() : null;
  try {
    // Files are kept where the send reads them: the history's store, or memory with --no-save.
    const store = history?.attachments ?? new MemoryAttachments();
    let attachments: AttachmentChoice[];
    try {
      attachments = await attachFiles(call.files, store, io);
    } catch (error) {
      if (!(error instanceof ParleyError)) throw error;
      io.stderr(`${error.message}\n`);
      return error instanceof CliUsageError ? 2 : 1;
    }
    return await answer(call, io, deps, history, { store, attachments });
  } finally {
    history?.close();
  }
}

async function answer(
  call: AskPlan,
  io: CommandIo,
  deps: AskDeps,
  saved: SavedHistory | null,
  attached: { store: AttachmentReader; attachments: AttachmentChoice[] },
): Promise<number> {
  const { createChat } = await import('../main/core/chat/create-chat.ts');
  const { client, chat } = createChat({
    settings: () => call.settings,
    secrets: call.secrets,
    history: saved?.store ?? new MemoryChatHistory(),
    assistants: call.assistant?.store,
    attachments: attached.store,
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
    const started = await chat.send(
      {
        content: call.prompt,
        attachments: attached.attachments,
        conversationId,
        model: call.model,
        source: 'parley',
        assistantId: call.assistant?.found.id ?? null,
        settings: { systemPrompt: call.request.systemPrompt, parameters: call.request.parameters },
        filters: call.filters.override,
      },
      peer,
    );
    const stop = () => chat.stop(started.streamId);
    if (deps.signal?.aborted) stop();
    deps.signal?.addEventListener('abort', stop, { once: true });
    done = await peer.done;
    deps.signal?.removeEventListener('abort', stop);
  } catch (error) {
    if (!(error instanceof ParleyError)) throw error;
    const held = heldExit(error, io);
    if (held === null) io.stderr(`${error.message}\n`);
    return held ?? 1;
  } finally {
    await chat.settled();
    await client.close();
  }
  if (!peer.endsWithNewline) io.stdout('\n');
  return report(done, peer, io, call);
}

/** The end of the answer on standard error, and the exit status. */
function report(done: StreamDone, peer: TerminalPeer, io: CommandIo, call: AskPlan): number {
  const flagged = flaggedExit(done, io);
  if (flagged !== null) return flagged;
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
