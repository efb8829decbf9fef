import { createLlmClient } from '../main/core/llm/client.ts';
import { formatWait } from '../main/core/llm/errors.ts';
import { costUsd, defaultPrices } from '../main/core/metrics/prices.ts';
import { MemorySecretStore, type SecretStore } from '../main/core/secrets/secret-store.ts';
import type { ExchangeRecorder } from '../main/core/store/exchange-recorder.ts';
import type { AppError } from '../shared/errors.ts';
import type { LlmEvent, Usage } from '../shared/llm-events.ts';
import type { ModelRef, ProviderConfig, ProviderKind } from '../shared/providers.ts';
import { CliUsageError, parseArgs } from './args.ts';
import type { CommandIo } from './history.ts';

export const askUsage = `parley ask [--api openai|azure|anthropic] [--base-url URL] [--model NAME] [--api-key-env VAR]
          [--api-version VERSION] [--idle-timeout SECONDS] [--max-retries N] [--no-save] PROMPT...
    Streams the answer to standard output. Without PROMPT, reads it from standard input.
    The key comes from --api-key-env, else the keychain (parley key set), else OPENAI_API_KEY /
    ANTHROPIC_API_KEY / AZURE_OPENAI_API_KEY. Exit status: 0 answered, 1 failed or cut off, 2 usage.`;

type Api = 'openai' | 'azure' | 'anthropic';

interface ApiDefaults {
  name: string;
  baseUrl?: string;
  model?: string;
  keyEnv: string;
}

const apis: Record<Api, ApiDefaults> = {
  openai: {
    name: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    keyEnv: 'OPENAI_API_KEY',
  },
  anthropic: {
    name: 'Anthropic',
    baseUrl: 'https://api.anthropic.com',
    model: 'claude-3-5-haiku-latest',
    keyEnv: 'ANTHROPIC_API_KEY',
  },
  azure: { name: 'Azure OpenAI', keyEnv: 'AZURE_OPENAI_API_KEY' },
};

const flagSpec = {
  api: 'string',
  'base-url': 'string',
  model: 'string',
  'api-key-env': 'string',
  'api-version': 'string',
  'idle-timeout': 'string',
  'max-retries': 'string',
  'no-save': 'boolean',
  help: 'boolean',
} as const;

export interface AskDeps {
  /** The keychain. Failures to open it are not fatal: the environment fallbacks still apply. */
  secrets?: () => Promise<SecretStore>;
  /**
   * The seam for saving to history: called once the question is sent (never with --no-save); the
   * recorder receives the answer as it streams and how it ended.
   */
  record?: (init: { prompt: string; model: ModelRef }) => Promise<ExchangeRecorder> | ExchangeRecorder;
  /** Ctrl-C: stop the answer, keep what was printed. */
  signal?: AbortSignal;
}

interface AskOptions {
  api: Api;
  provider: ProviderConfig;
  model: string;
  prompt: string;
  keyEnv?: string;
  save: boolean;
}

function readOptions(args: readonly string[]): {
  options: Omit<AskOptions, 'prompt'>;
  words: string[];
  help: boolean;
} {
  const { flags, positionals } = parseArgs(args, flagSpec);
  const text = (name: keyof typeof flagSpec): string | undefined => {
    const value = flags[name];
    return typeof value === 'string' ? value : undefined;
  };
  const api = (text('api') ?? 'openai') as Api;
  if (!(api in apis)) throw new CliUsageError(`--api must be openai, azure or anthropic, not "${api}".`);
  const defaults = apis[api];
  const baseUrl = text('base-url') ?? defaults.baseUrl;
  if (!baseUrl) throw new CliUsageError('--api azure needs --base-url https://RESOURCE.openai.azure.com.');
  let url: URL;
  try {
    url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliUsageError(`--base-url must be an http:// or https:// address, not "${baseUrl}".`);
  }
  const model = text('model') ?? defaults.model;
  if (!model) throw new CliUsageError('--api azure needs --model DEPLOYMENT (the deployment name).');
  const idle = text('idle-timeout');
  const idleSeconds = idle === undefined ? undefined : Number(idle);
  if (idleSeconds !== undefined && !(Number.isFinite(idleSeconds) && idleSeconds > 0))
    throw new CliUsageError(`--idle-timeout must be a number of seconds above 0, not "${idle}".`);
  const retries = text('max-retries');
  const maxRetries = retries === undefined ? undefined : Number(retries);
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10))
    throw new CliUsageError(`--max-retries must be a whole number from 0 to 10, not "${retries}".`);

  const custom = text('base-url') !== undefined && baseUrl !== defaults.baseUrl;
  const kind: ProviderKind = api === 'openai' && custom ? 'openai-compatible' : api;
  const provider: ProviderConfig = {
    id: api,
    name: custom ? url.host : defaults.name,
    kind,
    baseUrl,
    apiVersion: text('api-version'),
    models: [model],
    auth: { type: 'api-key' },
    proxy: { mode: 'system' },
    timeouts: idleSeconds === undefined ? undefined : { idleMs: Math.round(idleSeconds * 1000) },
    maxRetries,
  };
  return {
    options: { api, provider, model, keyEnv: text('api-key-env'), save: flags['no-save'] !== true },
    words: positionals,
    help: flags.help === true,
  };
}

/** The key: --api-key-env, else the keychain, else the usual environment variable; null when there is none. */
async function findKey(
  options: Omit<AskOptions, 'prompt'>,
  io: CommandIo,
  deps: AskDeps,
): Promise<string | null> {
  if (options.keyEnv !== undefined) {
    const value = io.env[options.keyEnv]?.trim();
    if (!value)
      throw new CliUsageError(
        `The environment variable ${options.keyEnv} (from --api-key-env) is empty or not set.`,
      );
    return value;
  }
  if (deps.secrets) {
    try {
      const saved = await (await deps.secrets()).get(options.provider.id);
      if (saved) return saved;
    } catch {
      // No usable keychain: fall through to the environment.
    }
  }
  return io.env[apis[options.api].keyEnv]?.trim() || null;
}

function seconds(ms: number): string {
  return ms < 10_000 && ms % 1000 !== 0 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function describeError(error: AppError): string {
  return error.detail ? `${error.message}\n  (${error.detail})` : error.message;
}

/** What each event means on the terminal: text to stdout, notices to stderr. */
function notice(event: LlmEvent): string | null {
  switch (event.type) {
    case 'retrying':
      return `${event.error.message} Retrying in ${seconds(event.delayMs)}, attempt ${event.attempt} of ${event.maxAttempts}.`;
    case 'queued': {
      const what =
        event.reason === 'concurrency' ? 'other requests to finish' : `the ${event.reason}-per-minute limit`;
      return `Waiting for ${what}${event.waitMs ? ` (about ${formatWait(event.waitMs)})` : ''}.`;
    }
    case 'failover':
      return `${event.error.message} Trying ${event.to.model} on ${event.to.providerId} instead.`;
    default:
      return null;
  }
}

async function readStdin(io: CommandIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Opens the history recorder; a failure to save never stops the answer. */
async function startRecording(
  io: CommandIo,
  deps: AskDeps,
  prompt: string,
  model: ModelRef,
): Promise<ExchangeRecorder | null> {
  if (!deps.record) return null;
  try {
    return await deps.record({ prompt, model });
  } catch (error) {
    io.stderr(
      `This answer will not be saved to history: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return null;
  }
}

export async function runAskCommand(args: string[], io: CommandIo, deps: AskDeps = {}): Promise<number> {
  let parsed: ReturnType<typeof readOptions>;
  let key: string | null;
  let prompt: string;
  try {
    parsed = readOptions(args);
    if (parsed.help) {
      io.stdout(`${askUsage}\n`);
      return 0;
    }
    prompt = parsed.words.join(' ').trim();
    if (!prompt && !io.stdinIsTTY) prompt = (await readStdin(io)).trim();
    if (!prompt) throw new CliUsageError('Nothing to ask: give a PROMPT, or pipe one to standard input.');
    key = await findKey(parsed.options, io, deps);
    if (!key && parsed.options.provider.baseUrl === apis[parsed.options.api].baseUrl) {
      const api = parsed.options.api;
      throw new CliUsageError(
        `No API key for ${apis[api].name}. Save one with "parley key set ${api}", set ${apis[api].keyEnv}, or name a variable with --api-key-env.`,
      );
    }
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`${error.message}\n\nUsage:\n${askUsage}\n`);
    return 2;
  }

  const { provider, model, save } = parsed.options;
  const secrets = new MemorySecretStore();
  if (key) await secrets.set(provider.id, key);
  else provider.auth = { type: 'none' };
  const client = createLlmClient({ secrets });
  const recorder = save ? await startRecording(io, deps, prompt, { providerId: provider.id, model }) : null;
  let endsWithNewline = true;
  let finish: Extract<LlmEvent, { type: 'finish' }> | null = null;
  let usage: Usage | null = null;
  let failure: { error: AppError; interrupted: boolean } | null = null;
  try {
    const request = { chain: [{ provider, model }], messages: [{ role: 'user' as const, content: prompt }] };
    for await (const event of client.stream(request, deps.signal)) {
      if (event.type === 'text') {
        io.stdout(event.text);
        endsWithNewline = event.text.endsWith('\n');
        recorder?.text(event.text);
      } else if (event.type === 'reasoning') recorder?.reasoning(event.text);
      else if (event.type === 'usage') usage = event.usage;
      else if (event.type === 'finish') finish = event;
      else if (event.type === 'error') failure = { error: event.error, interrupted: event.interrupted };
      else {
        const line = notice(event);
        if (line) io.stderr(`${line}\n`);
      }
    }
  } finally {
    await client.close();
  }
  if (!endsWithNewline) io.stdout('\n');

  let code = 0;
  if (failure) {
    const { error, interrupted } = failure;
    if (error.code === 'cancelled')
      io.stderr(interrupted ? 'Stopped; the answer above is incomplete.\n' : 'Stopped.\n');
    else io.stderr(`${interrupted ? 'The answer was cut off. ' : ''}${describeError(error)}\n`);
    code = error.code === 'cancelled' ? 130 : 1;
  } else if (finish?.reason === 'content_filter') {
    io.stderr(`${provider.name}'s content filter stopped the answer.\n`);
    code = 1;
  } else if (finish?.reason === 'length') {
    io.stderr('The answer stopped at the length limit.\n');
  }

  try {
    recorder?.finish({
      state: failure ? (failure.interrupted ? 'interrupted' : 'error') : 'complete',
      error: failure?.error ?? null,
      usage,
      costUsd: usage ? costUsd(defaultPrices, model, usage) : null,
      answeredBy: finish?.answeredBy ?? null,
    });
  } catch (error) {
    io.stderr(
      `The answer was not saved to history: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  return code;
}
