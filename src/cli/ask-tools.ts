import type { McpServerConfig } from '../shared/mcp.ts';
import type { ToolDecisionChoice } from '../shared/tools.ts';
import { defaultDataDir } from '../main/core/paths.ts';
import type { SecretStore } from '../main/core/secrets/secret-store.ts';
import { McpManager } from '../main/core/tools/mcp/mcp-manager.ts';
import { CliUsageError, type ParsedArgs } from './args.ts';
import type { CommandIo } from './io.ts';
import { TerminalTools } from './terminal-tools.ts';
import { terminalText } from './terminal-text.ts';

/**
 * `parley ask --tools [--yes]`: the answer may use the tools of every enabled MCP server of the
 * settings. The servers run for this command only (started when the answer first needs them,
 * stopped when it ends); the terminal asks before each call unless --yes.
 */

export const toolFlagSpec = { tools: 'boolean', yes: 'boolean' } as const;

/** What `--tools` reads from the settings. */
export interface ToolSettings {
  mcpServers?: McpServerConfig[];
  toolsAlwaysAllowed?: string[];
}

export interface AskTools {
  servers: McpServerConfig[];
  consent: 'ask' | 'yes';
}

/** Reads --tools and --yes against the configured servers; usage errors throw CliUsageError. */
export function readToolFlags(flags: ParsedArgs['flags'], settings: ToolSettings): AskTools | null {
  if (flags.tools !== true) {
    if (flags.yes === true) throw new CliUsageError('--yes allows tool calls; it goes with --tools.');
    return null;
  }
  const configured = settings.mcpServers ?? [];
  const servers = configured.filter((server) => server.enabled);
  if (servers.length === 0)
    throw new CliUsageError(
      configured.length
        ? '--tools: every MCP server is disabled; enable one (parley mcp enable NAME).'
        : '--tools: there is no MCP server yet. Add one: parley mcp add NAME -- COMMAND [ARGS...]',
    );
  return { servers, consent: flags.yes === true ? 'yes' : 'ask' };
}

/** The MCP servers and the terminal's questions for one answer. Close it when the answer is over. */
export class AskToolSession {
  readonly manager: McpManager;
  readonly terminal: TerminalTools;
  readonly names: string[];

  constructor(
    tools: AskTools,
    deps: {
      io: CommandIo;
      secrets: SecretStore;
      decide: (streamId: string, callId: string, decision: ToolDecisionChoice) => unknown;
    },
  ) {
    const { io } = deps;
    this.names = tools.servers.map((server) => server.name);
    const told = new Set<string>();
    this.manager = new McpManager({
      dataDir: defaultDataDir({ env: io.env }),
      secrets: deps.secrets,
      servers: () => tools.servers,
      // A server that cannot start gives no tools; say why, once per failure.
      onStatus: (status) => {
        if (status.state !== 'failed' && status.state !== 'restarting') return;
        const line = `MCP server ${status.name}: ${terminalText(status.lastError ?? status.state)}`;
        if (told.has(line)) return;
        told.add(line);
        io.stderr(`${line}${status.state === 'restarting' ? ' Restarting it.' : ''}\n`);
      },
    });
    this.terminal = new TerminalTools(io, { consent: tools.consent, decide: deps.decide });
  }

  async close(): Promise<void> {
    this.terminal.close();
    await this.manager.stopAll();
  }
}
