import { defaultDataDir } from '../main/core/paths.ts';
import type { OpenSecretStoreOptions } from '../main/core/secrets/open-secret-store.ts';
import { McpConfig } from '../main/core/tools/mcp/mcp-config.ts';
import type { McpServerConfig } from '../shared/mcp.ts';
import type { CommandIo } from './io.ts';
import { withUsageErrors } from './io.ts';
import { readMcpArgs, type McpSecretValues } from './mcp-args.ts';
import { listMcpServers } from './mcp-list.ts';
import { openSettingsAccess, type SettingsAccess } from './settings-access.ts';
import { mcpUsage } from './usage.ts';

/**
 * `parley mcp add|list|remove`: the MCP servers of Parley's settings, the same list as Settings →
 * MCP servers. Secret values go to the keychain through the same core as the app's; settings keep
 * their names only.
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
      const config = new McpConfig({ settings: access.settings, secrets: access.store });
      if (action.action === 'remove') return await remove(action.name, config, io);
      return await add(action.config, action.secrets, { access, config }, io);
    } finally {
      await access.close();
    }
  });
}

async function add(
  config: McpServerConfig,
  values: McpSecretValues,
  { access, config: servers }: { access: SettingsAccess; config: McpConfig },
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
  const runs = config.transport === 'stdio' ? [config.command, ...config.args].join(' ') : config.url;
  io.stdout(`${added ? 'Added' : 'Replaced'} ${config.name} (${runs}).\n`);
  if (names.length) io.stdout(`The values of ${names.join(', ')} are in the keychain.\n`);
  io.stdout(`Its tools: parley mcp list. Use them: parley ask --tools PROMPT\n`);
  return 0;
}

async function remove(name: string, servers: McpConfig, io: CommandIo): Promise<number> {
  if (!(await servers.remove(name)).removed) {
    io.stderr(`There is no MCP server "${name}" (parley mcp list shows them).\n`);
    return 2;
  }
  io.stdout(`Removed ${name} and its secrets.\n`);
  return 0;
}
