import { ParleyError } from '../../../../shared/errors.ts';
import {
  MCP_IMPORT_MAX_CHARS,
  envNameSchema,
  headerNameSchema,
  mcpServerSchema,
  type McpImportResult,
  type McpSecretInput,
  type McpSkip,
  type McpSkipCode,
  type McpServerConfig,
} from '../../../../shared/mcp.ts';

/**
 * Reads the `mcpServers` JSON that Claude Desktop, Cursor, Cherry Studio and others write:
 * `{"mcpServers": {"name": {"command", "args", "env", "cwd"} | {"url", "headers", "type"}}}` (also
 * VS Code's `servers`, or the inner object alone). Each entry is checked on its own: a bad one is
 * skipped with its reason in plain words, the others come through. Every environment value and
 * header becomes a secret (for the keychain); the configs keep only their names. Never throws on
 * what the text holds, except when the text as a whole is not such a config.
 */

export interface ParsedMcpEntry {
  server: McpServerConfig;
  secrets: McpSecretInput[];
}

export interface ParsedMcpImport {
  entries: ParsedMcpEntry[];
  skipped: McpImportResult['skipped'];
}

/** More entries than this are not read (Parley keeps at most 50 servers anyway). */
const MAX_ENTRIES = 200;
const HTTP_TYPES = new Set(['http', 'streamable-http', 'streamablehttp', 'streamable_http']);

type Json = Record<string, unknown>;

/** The config's own names for the fields settings name otherwise (in a skip reason). */
const FIELD_NAMES: Record<string, string> = { secretEnv: 'env', secretHeaders: 'headers' };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const refuse = (message: string) => new ParleyError({ code: 'invalid_input', message });

/** Thrown for a reason that skips one entry. */
class Skip extends Error {
  readonly code: McpSkipCode;
  readonly params: McpSkip['params'];

  constructor(code: McpSkipCode, message: string, params: McpSkip['params'] = {}) {
    super(message);
    this.code = code;
    this.params = params;
  }
}

export function parseMcpImport(text: string): ParsedMcpImport {
  if (text.length > MCP_IMPORT_MAX_CHARS)
    throw refuse(`The pasted text is too long (${MCP_IMPORT_MAX_CHARS} characters at most).`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw refuse(`The pasted text is not valid JSON (${(error as Error).message.slice(0, 120)}).`);
  }
  const servers = serverMap(parsed);
  const entries: ParsedMcpEntry[] = [];
  const skipped: McpImportResult['skipped'] = [];
  const names = new Set<string>();
  const all = Object.entries(servers);
  for (const [rawName, entry] of all.slice(0, MAX_ENTRIES)) {
    const shown = rawName.slice(0, 64);
    try {
      const name = serverName(rawName);
      if (names.has(name))
        throw new Skip('duplicate', `Another entry already has the name “${name}”.`, { name });
      const read = readEntry(name, entry);
      names.add(name);
      entries.push(read);
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      skipped.push({ name: shown, reason: error.message, code: error.code, params: error.params });
    }
  }
  if (all.length > MAX_ENTRIES)
    skipped.push({
      name: '…',
      reason: `${all.length - MAX_ENTRIES} more entries were not read.`,
      code: 'more',
      params: { count: all.length - MAX_ENTRIES },
    });
  return { entries, skipped };
}

/** The object of servers by name, wherever the pasted config keeps it. */
function serverMap(parsed: unknown): Json {
  if (!isObject(parsed)) throw refuse('Paste a JSON object like {"mcpServers": {"name": {"command": "…"}}}.');
  if (Object.hasOwn(parsed, 'mcpServers') || Object.hasOwn(parsed, 'servers')) {
    const inner = Object.hasOwn(parsed, 'mcpServers') ? parsed.mcpServers : parsed.servers;
    if (!isObject(inner)) throw refuse('"mcpServers" must be an object of servers by name.');
    return inner;
  }
  if (typeof parsed.command === 'string' || typeof parsed.url === 'string')
    throw refuse('This looks like one server without a name: put it inside {"mcpServers": {"a-name": …}}.');
  return parsed;
}

/** A name Parley accepts (letters, digits, dashes, underscores; 32 at most), made from the one written. */
export function serverName(raw: string): string {
  const name = raw
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  if (!name) throw new Skip('no-name', 'The name has no letters or digits Parley can use.');
  return name;
}

function readEntry(name: string, entry: unknown): ParsedMcpEntry {
  if (!isObject(entry)) throw new Skip('not-object', 'It is not an object with a "command" or a "url".');
  const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : undefined;
  if (entry.type !== undefined && type === undefined)
    throw new Skip('type-not-text', 'Its "type" is not text.');
  const enabled = entry.disabled !== true;
  if (type === 'sse')
    throw new Skip(
      'sse',
      'It uses the older SSE transport, which Parley does not support. Use the server’s Streamable HTTP address (often ending in /mcp).',
    );
  if (typeof entry.command === 'string' && (type === undefined || type === 'stdio'))
    return commandEntry(name, entry, enabled);
  if (typeof entry.url === 'string' && (type === undefined || HTTP_TYPES.has(type)))
    return httpEntry(name, entry, enabled);
  if (type !== undefined && type !== 'stdio' && !HTTP_TYPES.has(type))
    throw new Skip(
      'unknown-type',
      `Its type “${type.slice(0, 40)}” is not one Parley knows (stdio or http).`,
      {
        type: type.slice(0, 40),
      },
    );
  if (type === 'stdio') throw new Skip('no-command', 'It has no "command".');
  throw new Skip('no-target', 'It has no "command" and no "url".');
}

function commandEntry(name: string, entry: Json, enabled: boolean): ParsedMcpEntry {
  const args = entry.args ?? [];
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string'))
    throw new Skip('args', 'Its "args" must be a list of text values.');
  if (entry.cwd !== undefined && typeof entry.cwd !== 'string')
    throw new Skip('cwd', 'Its "cwd" must be text.');
  const secrets = values(entry.env, 'env', (key) => envNameSchema.safeParse(key).success);
  return {
    server: checked({
      name,
      enabled,
      transport: 'stdio',
      command: entry.command,
      args,
      ...(entry.cwd ? { cwd: entry.cwd } : {}),
      secretEnv: secrets.map((secret) => secret.name),
    }),
    secrets,
  };
}

function httpEntry(name: string, entry: Json, enabled: boolean): ParsedMcpEntry {
  const secrets = values(entry.headers, 'headers', (key) => headerNameSchema.safeParse(key).success);
  if (secrets.some((secret) => /[\r\n]/.test(secret.value)))
    throw new Skip('header-line', 'A header value must be one line.');
  return {
    server: checked({
      name,
      enabled,
      transport: 'http',
      url: entry.url,
      secretHeaders: secrets.map((secret) => secret.name),
    }),
    secrets,
  };
}

/** `env` or `headers`: names checked, values as text (numbers and booleans written as text); empty ones left out. */
function values(
  raw: unknown,
  field: 'env' | 'headers',
  validName: (key: string) => boolean,
): McpSecretInput[] {
  if (raw === undefined || raw === null) return [];
  if (!isObject(raw))
    throw new Skip('map', `Its "${field}" must be an object of names and values.`, { field });
  const out: McpSecretInput[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const name = key.slice(0, 40);
    if (!validName(key))
      throw new Skip(
        field === 'env' ? 'env-name' : 'header-name',
        `“${name}” is not ${field === 'env' ? 'an environment variable' : 'a header'} name.`,
        { name },
      );
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw new Skip('value-type', `The value of “${name}” must be text.`, { name });
    const text = String(value);
    if (text.length > 16_000) throw new Skip('value-long', `The value of “${name}” is too long.`, { name });
    if (text.includes('\0'))
      throw new Skip('value-nul', `The value of “${name}” holds a NUL character.`, { name });
    if (text !== '') out.push({ name: key, value: text });
  }
  return out;
}

/** The entry as settings keep it, or the first problem the schema finds, as the skip reason. */
function checked(input: Json): McpServerConfig {
  const result = mcpServerSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = String(issue.path[0] ?? '');
  const field = FIELD_NAMES[path] ?? path;
  throw new Skip('invalid', `${field ? `“${field}”: ` : ''}${issue.message}`, { field });
}
