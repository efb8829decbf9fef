import type { McpServerConfig, McpServerStatus } from '../shared/mcp.ts';
import type { SecretStore } from '../main/core/secrets/secret-store.ts';
import { McpManager } from '../main/core/tools/mcp/mcp-manager.ts';
import type { CommandIo } from './io.ts';
import { terminalText } from './terminal-text.ts';

/**
 * `parley mcp list [--json]`: every configured server, enabled or not, its command line or address,
 * the names of its secrets (never their values) and its tools: each enabled server is started to
 * list them (all at once), then stopped. One that cannot start shows why instead.
 */

export interface ListedServer {
  name: string;
  enabled: boolean;
  transport: McpServerConfig['transport'];
  command?: string;
  args?: string[];
  url?: string;
  /** Names of the environment variables (or headers) whose values are in the keychain. */
  secrets: string[];
  state: McpServerStatus['state'];
  tools: { name: string; description: string }[];
  error: string | null;
}

export async function listMcpServers(
  servers: McpServerConfig[],
  deps: { dataDir: string; secrets: SecretStore },
  io: CommandIo,
  json: boolean,
): Promise<number> {
  const manager = new McpManager({ ...deps, servers: () => servers, onStatus: () => {} });
  let statuses: Map<string, McpServerStatus>;
  try {
    const started = await Promise.all(
      servers.map((server) => (server.enabled ? manager.test(server.name) : null)),
    );
    statuses = new Map(started.flatMap((status) => (status ? [[status.name, status]] : [])));
  } finally {
    await manager.stopAll();
  }
  const listed = servers.map((server) => listedServer(server, statuses.get(server.name)));
  if (json) {
    io.stdout(`${JSON.stringify({ servers: listed })}\n`);
    return 0;
  }
  if (listed.length === 0) {
    io.stderr('No MCP servers yet. Add one: parley mcp add NAME -- COMMAND [ARGS...]\n');
    return 0;
  }
  for (const server of listed) io.stdout(describe(server));
  return 0;
}

function listedServer(server: McpServerConfig, status: McpServerStatus | undefined): ListedServer {
  const where =
    server.transport === 'stdio' ? { command: server.command, args: server.args } : { url: server.url };
  return {
    name: server.name,
    enabled: server.enabled,
    transport: server.transport,
    ...where,
    secrets: server.transport === 'stdio' ? server.secretEnv : server.secretHeaders,
    state: status?.state ?? 'stopped',
    tools: status?.tools ?? [],
    error: status?.lastError ?? null,
  };
}

/** A server as lines of text: name, enabled, what it runs; its secrets; its tools or why it did not start. */
function describe(server: ListedServer): string {
  const lines = [
    `${server.name}\t${server.enabled ? 'enabled' : 'disabled'}\t${terminalText(serverTarget(server))}`,
  ];
  if (server.secrets.length)
    lines.push(
      `    ${server.transport === 'stdio' ? 'environment' : 'headers'} from the keychain: ${server.secrets.join(', ')}`,
    );
  if (!server.enabled) lines.push('    not started (disabled)');
  else if (server.state === 'running')
    lines.push(
      server.tools.length
        ? `    tools: ${server.tools.map((tool) => terminalText(tool.name)).join(', ')}`
        : '    tools: none',
    );
  else lines.push(`    could not start: ${terminalText(server.error ?? server.state)}`);
  return `${lines.join('\n')}\n`;
}

/** What a server runs: its command line (as a shell would need it typed), or its address. */
export function serverTarget(server: { url?: string; command?: string; args?: string[] }): string {
  return server.url ?? [server.command ?? '', ...(server.args ?? [])].map(shellWord).join(' ');
}

/** An argument as a shell would need it written (single quotes when it holds anything special). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
