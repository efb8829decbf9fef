import { defaultDataDir } from '../main/core/paths.ts';
import type { OpenSecretStoreOptions } from '../main/core/secrets/open-secret-store.ts';
import { readFile } from 'node:fs/promises';
import { McpConfig } from '../main/core/tools/mcp/mcp-config.ts';
import { parseMcpImport } from '../main/core/tools/mcp/mcp-import.ts';
import { MCP_IMPORT_MAX_CHARS } from '../shared/mcp.ts';
import { ParleyError } from '../shared/errors.ts';
import type { McpServerConfig } from '../shared/mcp.ts';
import type { CommandIo } from './io.ts';
import { readAll, withUsageErrors } from './io.ts';
import { CliUsageError } from './args.ts';
import { terminalText } from './terminal-text.ts';
import { readMcpArgs, type McpSecretValues } from './mcp-args.ts';
import { listMcpServers, serverTarget } from './mcp-list.ts';
import { openSettingsAccess, type SettingsAccess } from './settings-access.ts';
import { mcpUsage } from './usage.ts';

/**
 * `parley mcp add|list|remove|enable|disable|import`: the MCP servers of Parley's settings, the same list as
 * Settings → Tools. Changes go through the core's McpConfig, as the app's do: secret values to the
 * keychain, settings keep their names only.
 */
export function runMcpCommand(
  args: string[],
  io: CommandIo,
  options: Partial<OpenSecretStoreOptions> = {},
): Promise<number> {
  return withUsageErrors(io, mcpUsage, async () => {
    const action = readMcpArgs(args, io.env);
    if (action.action === 'help') {
      io.stdout(`${mcpUsage}\n`);
      return 0;
    }
    // The file is read first: one that cannot be read changes nothing.
    const text = action.action === 'import' ? await readConfig(action.file, io) : '';
    const dataDir = options.dataDir ?? defaultDataDir({ env: io.env });
    const access = await openSettingsAccess(io, { ...options, dataDir });
    try {
      if (action.action === 'list')
        return await listMcpServers(
          access.settings.get('mcpServers'),
          { dataDir, secrets: access.store },
          io,
          action.json,
        );
      const servers = new McpConfig({ settings: access.settings, secrets: access.store });
      if (action.action === 'import') return await importConfig(text, { access, servers }, io);
      if (action.action === 'add') return await add(action.config, action.secrets, { access, servers }, io);
      if (action.action === 'remove') return await remove(action.name, servers, io);
      return await switchOn(action.name, action.action === 'enable', servers, io);
    } finally {
      await access.close();
    }
  });
}

async function add(
  config: McpServerConfig,
  values: McpSecretValues,
  { access, servers }: { access: SettingsAccess; servers: McpConfig },
  io: CommandIo,
): Promise<number> {
  const names = [...Object.keys(values.env), ...Object.keys(values.headers)];
  if (names.length && access.store.kind === 'memory') {
    // A command-line process ends at once: values kept in memory would be lost.
    io.stderr(`Not saved: there is no keychain to keep ${names.join(', ')} in. ${access.reason ?? ''}\n`);
    return 1;
  }
  const secrets = Object.entries({ ...values.env, ...values.headers }).map(([name, value]) => ({
    name,
    value,
  }));
  const { added } = await servers.save({ server: config, secrets });
  io.stdout(`${added ? 'Added' : 'Replaced'} ${config.name} (${terminalText(serverTarget(config))}).\n`);
  if (names.length === 1) io.stdout(`The value of ${names[0]} is in the keychain.\n`);
  else if (names.length) io.stdout(`The values of ${names.join(', ')} are in the keychain.\n`);
  io.stdout(`Its tools: parley mcp list. Use them: parley ask --tools PROMPT\n`);
  return 0;
}

const noSuchServer = (name: string, io: CommandIo): number => {
  io.stderr(`There is no MCP server "${name}" (parley mcp list shows them).\n`);
  return 2;
};

async function remove(name: string, servers: McpConfig, io: CommandIo): Promise<number> {
  if (!(await servers.remove(name)).removed) return noSuchServer(name, io);
  io.stdout(`Removed ${name} and its secrets.\n`);
  return 0;
}

/** On: its tools are offered (parley ask --tools, conversations that use it); off: never started. */
async function switchOn(name: string, enabled: boolean, servers: McpConfig, io: CommandIo): Promise<number> {
  const server = servers.list().find((s) => s.name === name);
  if (!server) return noSuchServer(name, io);
  // Its saved secrets stay as they are (none given anew).
  await servers.save({ server: { ...server, enabled }, secrets: [] });
  io.stdout(`${name} is ${enabled ? 'enabled' : 'disabled'}.\n`);
  return 0;
}

/** The config file's text (`-`: standard input); one that cannot be read is a usage error. */
async function readConfig(file: string, io: CommandIo): Promise<string> {
  try {
    if (file === '-' && io.stdinIsTTY) io.stderr('Paste the config, then press Enter and Ctrl-D:\n');
    const text = file === '-' ? await readAll(io) : await readFile(file, 'utf8');
    if (text.length > MCP_IMPORT_MAX_CHARS)
      throw new CliUsageError(
        `${file} is too long for an MCP config (${MCP_IMPORT_MAX_CHARS} characters at most).`,
      );
    return text;
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
}

/** `parley mcp import`: every usable entry added or updated; each skipped one named with its reason. */
async function importConfig(
  text: string,
  { access, servers }: { access: SettingsAccess; servers: McpConfig },
  io: CommandIo,
): Promise<number> {
  let parsed: ReturnType<typeof parseMcpImport>;
  try {
    parsed = parseMcpImport(text);
  } catch (error) {
    // Not an mcpServers config at all: nothing is changed.
    throw error instanceof ParleyError ? new CliUsageError(error.message) : error;
  }
  if (access.store.kind === 'memory' && parsed.entries.some((entry) => entry.secrets.length)) {
    io.stderr(
      `Not imported: there is no keychain to keep its env and header values in. ${access.reason ?? ''}\n`,
    );
    return 1;
  }
  const result = await servers.importJson(text);
  if (result.added.length) io.stdout(`Added ${result.added.join(', ')}.\n`);
  if (result.updated.length) io.stdout(`Replaced ${result.updated.join(', ')}.\n`);
  for (const skipped of result.skipped)
    io.stderr(`Skipped ${terminalText(skipped.name)}: ${terminalText(skipped.reason)}\n`);
  if (!result.added.length && !result.updated.length) io.stderr('No server was imported.\n');
  return result.skipped.length ? 1 : 0;
}
