import { readFileSync, statSync } from 'node:fs';
import type { Assistant } from '../shared/assistants.ts';
import { ASSISTANTS_IMPORT_MAX_BYTES } from '../shared/assistants.ts';
import { ParleyError } from '../shared/errors.ts';
import { AssistantStore } from '../main/core/assistants/assistant-store.ts';
import { exportAssistants, importAssistants } from '../main/core/assistants/assistant-transfer.ts';
import { writeFileAtomic } from '../main/core/store/files.ts';
import { defaultDataDir } from '../main/core/paths.ts';
import { CliUsageError, parseArgs } from './args.ts';
import type { CommandIo } from './io.ts';
import { withPlainErrors } from './io.ts';
import { readSettings } from './read-settings.ts';
import { assistantUsage } from './usage.ts';

/** `parley assistant`: the same assistant library as the app's, in the data folder. */

const addFlags = {
  system: 'string',
  model: 'string',
  provider: 'string',
  temperature: 'string',
  emoji: 'string',
  description: 'string',
} as const;

/** The assistant library of the data folder (PARLEY_DATA_DIR or the platform's); its notices go to stderr. */
export function openAssistants(io: CommandIo): AssistantStore {
  const store = new AssistantStore({ dataDir: defaultDataDir({ env: io.env }) });
  store.list(); // reads the file now, so a damaged one is reported first
  for (const notice of store.notices) io.stderr(`${notice.message}\n`);
  return store;
}

/** The assistant a person names (by name in English or Chinese, or by id); a plain refusal if none. */
export function findAssistant(store: AssistantStore, name: string): Assistant {
  const found = store.find(name);
  if (found) return found;
  const names = store
    .list()
    .filter((a) => !a.hidden)
    .map((a) => a.name)
    .join(', ');
  throw new ParleyError({
    code: 'not_found',
    message: `There is no assistant named "${name}". Assistants: ${names}. See them with: parley assistant list`,
  });
}

export function runAssistantCommand(args: string[], io: CommandIo): Promise<number> {
  return withPlainErrors(io, async () => {
    const [action, ...rest] = args;
    const store = openAssistants(io);
    try {
      const status = run(store, action, rest, io);
      if (status === 2) io.stderr(`Usage:\n${assistantUsage}\n`);
      return status;
    } catch (error) {
      if (!(error instanceof CliUsageError)) throw error;
      io.stderr(`${error.message}\n\nUsage:\n${assistantUsage}\n`);
      return 2;
    }
  });
}

function run(store: AssistantStore, action: string | undefined, rest: string[], io: CommandIo): number {
  const name = rest.join(' ').trim();
  switch (action) {
    case 'list':
      if (rest.length) return 2;
      for (const a of store.list()) io.stdout(`${listLine(a)}\n`);
      return 0;
    case 'show':
      if (!name) return 2;
      io.stdout(details(findAssistant(store, name)));
      return 0;
    case 'add':
      return add(store, rest, io);
    case 'remove': {
      if (!name) return 2;
      const found = findAssistant(store, name);
      store.remove(found.id);
      io.stdout(`Removed ${found.name}.\n`);
      return 0;
    }
    case 'hide':
    case 'unhide': {
      if (!name) return 2;
      const found = store.setHidden(findAssistant(store, name).id, action === 'hide');
      io.stdout(`${found.name} is ${found.hidden ? 'hidden' : 'shown again'}.\n`);
      return 0;
    }
    case 'export': {
      if (rest.length !== 1) return 2;
      const exported = exportAssistants(store);
      writeFileAtomic(rest[0]!, exported.content);
      const count = (JSON.parse(exported.content) as { assistants: unknown[] }).assistants.length;
      io.stdout(`Exported ${count} assistant${count === 1 ? '' : 's'} to ${rest[0]}.\n`);
      return 0;
    }
    case 'import': {
      if (rest.length !== 1) return 2;
      const result = importAssistants(store, readImport(rest[0]!));
      io.stdout(
        `Imported: ${result.added} added, ${result.updated} updated, ${result.skipped} skipped (not valid).\n`,
      );
      return 0;
    }
    default:
      return 2;
  }
}

function add(store: AssistantStore, args: string[], io: CommandIo): number {
  const { flags, positionals } = parseArgs(args, addFlags);
  const text = (flag: keyof typeof addFlags) => (typeof flags[flag] === 'string' ? flags[flag] : undefined);
  const name = positionals.join(' ').trim();
  if (!name) throw new CliUsageError('Name the assistant: parley assistant add NAME --system TEXT');
  const system = text('system');
  if (system === undefined) throw new CliUsageError('Give its instructions with --system TEXT.');
  const temperature = text('temperature');
  if (temperature !== undefined && !(Number(temperature) >= 0 && Number(temperature) <= 2))
    throw new CliUsageError(`--temperature must be a number from 0 to 2, not "${temperature}".`);
  const model = text('model');
  const providerId =
    text('provider') ??
    (model ? readSettings(defaultDataDir({ env: io.env }), io).defaultModel?.providerId : undefined);
  if (model && !providerId)
    throw new CliUsageError('Say which provider serves that model with --provider ID.');
  const saved = store.save({
    name,
    systemPrompt: system,
    ...(text('emoji') ? { emoji: text('emoji') } : {}),
    ...(text('description') ? { description: text('description') } : {}),
    model: model && providerId ? { providerId, model } : null,
    parameters: temperature === undefined ? {} : { temperature: Number(temperature) },
  });
  io.stdout(
    `Added ${saved.name} (${saved.id}). Use it with: parley ask --assistant "${saved.name}" PROMPT\n`,
  );
  return 0;
}

function readImport(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ParleyError({ code: 'not_found', message: `There is no file ${file}.` });
  }
  if (size > ASSISTANTS_IMPORT_MAX_BYTES)
    throw new ParleyError({
      code: 'invalid_input',
      message: `${file} is too large to be an assistants file (over 2 MB); nothing was imported.`,
    });
  return readFileSync(file, 'utf8');
}

function listLine(a: Assistant): string {
  const marks = [a.builtIn ? 'built-in' : '', a.hidden ? 'hidden' : ''].filter(Boolean).join(', ');
  return `${a.id}\t${a.emoji} ${a.name}${a.nameZh ? ` (${a.nameZh})` : ''}${marks ? `\t[${marks}]` : ''}`;
}

function details(a: Assistant): string {
  const parameters = Object.entries(a.parameters).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [
    `${a.emoji} ${a.name}${a.nameZh ? ` (${a.nameZh})` : ''}`,
    `id: ${a.id}${a.builtIn ? ' (built-in)' : ''}${a.hidden ? ' (hidden)' : ''}`,
    ...(a.description ? [`description: ${a.description}`] : []),
    `model: ${a.model ? `${a.model.model} (${a.model.providerId})` : 'the default model'}`,
    `parameters: ${parameters.length ? parameters.join(', ') : 'the API defaults'}`,
    `history: ${a.historyLimit === null ? 'all earlier messages' : `the last ${a.historyLimit} messages`}`,
    'system prompt:',
    a.systemPrompt || '(none)',
    '',
  ].join('\n');
}
