import { mcpServerNameSchema, mcpServerSchema, type McpServerConfig } from '../shared/mcp.ts';
import { CliUsageError, parseArgs } from './args.ts';

/**
 * `parley mcp …` read into what to do: `add NAME [--env NAME=VALUE]... -- COMMAND [ARGS...]`,
 * `add NAME --url URL [--header 'Name: value']...`, `list [--json]`, `remove NAME`. Everything after
 * the first `--` is the server's command line, taken as it is (its own flags are not Parley's).
 * Bad input throws CliUsageError in plain words; nothing here touches settings or the keychain.
 */

export type McpAction =
  | { action: 'help' }
  | { action: 'list'; json: boolean }
  | { action: 'remove' | 'enable' | 'disable'; name: string }
  /** A file in the `mcpServers` JSON format (Claude Desktop, Cursor…), or `-`: standard input. */
  | { action: 'import'; file: string }
  | { action: 'add'; config: McpServerConfig; secrets: McpSecretValues };

/** The secret values given on the command line, by name: they go to the keychain, never to settings. */
export interface McpSecretValues {
  env: Record<string, string>;
  headers: Record<string, string>;
}

const ACTIONS = 'add, list, remove, enable, disable or import';

const flagSpec = { env: 'list', url: 'string', header: 'list', json: 'boolean', help: 'boolean' } as const;

export function readMcpArgs(args: readonly string[], env: Record<string, string | undefined>): McpAction {
  const dash = args.indexOf('--');
  const own = dash >= 0 ? args.slice(0, dash) : args;
  const commandLine = dash >= 0 ? args.slice(dash + 1) : null;
  const { flags, positionals } = parseArgs(own, flagSpec, { h: 'help' });
  if (flags.help === true) return { action: 'help' };
  const [action, name, ...extra] = positionals;
  const given = (Object.keys(flags) as (keyof typeof flagSpec)[]).filter((flag) => flag !== 'help');
  const only = (...allowed: (keyof typeof flagSpec)[]) => {
    const other = given.find((flag) => !allowed.includes(flag));
    if (other) throw new CliUsageError(`parley mcp ${action} takes no --${other}.`);
  };
  if (action === undefined) throw new CliUsageError(`Say what to do: ${ACTIONS}.`);
  if (action !== 'add' && commandLine !== null)
    throw new CliUsageError(`parley mcp ${action} takes no command after --.`);
  if (action === 'list') {
    if (name !== undefined) throw new CliUsageError('parley mcp list takes no name.');
    only('json');
    return { action: 'list', json: flags.json === true };
  }
  if (action === 'import') {
    only();
    if (name === undefined || extra.length)
      throw new CliUsageError('parley mcp import takes one FILE (or - for standard input).');
    return { action: 'import', file: name };
  }
  if (action !== 'add' && action !== 'remove' && action !== 'enable' && action !== 'disable')
    throw new CliUsageError(`Unknown action "${action}": use ${ACTIONS}.`);
  if (name === undefined) throw new CliUsageError(`parley mcp ${action} needs the server's NAME.`);
  serverName(name);
  if (extra.length)
    throw new CliUsageError(
      action === 'add'
        ? `Put the server's command after --: parley mcp add ${name} -- ${extra.join(' ')}`
        : `parley mcp ${action} takes one NAME, not "${extra.join(' ')}".`,
    );
  if (action !== 'add') {
    only();
    return { action, name };
  }
  only('env', 'url', 'header');
  return added(name, flags, commandLine, env);
}

/** Checks a server name, in the words of its schema. */
function serverName(name: string): void {
  const checked = mcpServerNameSchema.safeParse(name);
  if (!checked.success)
    throw new CliUsageError(
      `"${name}" is not a server name. ${checked.error.issues[0]?.message ?? ''}`.trim(),
    );
}

function added(
  name: string,
  flags: ReturnType<typeof parseArgs>['flags'],
  commandLine: string[] | null,
  env: Record<string, string | undefined>,
): McpAction {
  const url = typeof flags.url === 'string' ? flags.url : undefined;
  const envFlags = Array.isArray(flags.env) ? flags.env : [];
  const headerFlags = Array.isArray(flags.header) ? flags.header : [];
  if (url !== undefined && commandLine !== null)
    throw new CliUsageError('Give either --url URL (an HTTP server) or a command after --, not both.');
  let input: Record<string, unknown>;
  const secrets: McpSecretValues = { env: {}, headers: {} };
  if (url !== undefined) {
    if (envFlags.length)
      throw new CliUsageError('--env is for a server Parley starts; an HTTP server takes --header.');
    for (const header of headerFlags) {
      const [key, value] = splitHeader(header);
      secrets.headers[key] = value;
    }
    input = { name, transport: 'http', url, secretHeaders: Object.keys(secrets.headers) };
  } else {
    if (commandLine === null || commandLine.length === 0)
      throw new CliUsageError(
        `Give the command that starts the server after --, e.g. parley mcp add ${name} -- npx -y @modelcontextprotocol/server-everything`,
      );
    if (headerFlags.length) throw new CliUsageError('--header is for an HTTP server (--url URL).');
    for (const variable of envFlags) {
      const [key, value] = splitEnv(variable, env);
      secrets.env[key] = value;
    }
    const [command, ...rest] = commandLine;
    input = { name, transport: 'stdio', command, args: rest, secretEnv: Object.keys(secrets.env) };
  }
  const checked = mcpServerSchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const [field, index] = issue?.path ?? [];
    const names = { secretEnv: '--env', secretHeaders: '--header' } as Record<string, string>;
    const where =
      typeof field === 'string' && names[field]
        ? `${names[field]} ${String((input[field] as string[])[Number(index)])}`
        : String(field ?? 'server');
    throw new CliUsageError(`Not saved: ${where}: ${issue?.message}`);
  }
  return { action: 'add', config: checked.data, secrets };
}

/** `NAME=VALUE`, or `NAME` alone: its value in this shell's environment (kept out of shell history). */
function splitEnv(text: string, env: Record<string, string | undefined>): [string, string] {
  const equals = text.indexOf('=');
  const key = equals >= 0 ? text.slice(0, equals) : text;
  if (!key) throw new CliUsageError('--env needs NAME=VALUE (or NAME, from this shell).');
  const value = equals >= 0 ? text.slice(equals + 1) : env[key];
  if (!value)
    throw new CliUsageError(
      equals >= 0
        ? `--env ${key}= has no value.`
        : `--env ${key}: ${key} is not set in this shell (or give ${key}=VALUE).`,
    );
  return [key, value];
}

/** `Name: value`, as curl takes it. */
function splitHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const key = colon > 0 ? text.slice(0, colon).trim() : '';
  const value = colon > 0 ? text.slice(colon + 1).trim() : '';
  // Never echoed: what was typed may be the secret itself.
  if (!key || !value)
    throw new CliUsageError("--header needs 'Name: value' (e.g. 'Authorization: Bearer …').");
  return [key, value];
}
