import type { McpServerConfig, McpServerView } from '../../../shared/mcp.ts';
import type { Handlers } from '../rpc/bind-contract.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { SettingsStore } from '../store/settings.ts';
import { McpConfig } from '../tools/mcp/mcp-config.ts';
import type { McpManager } from '../tools/mcp/mcp-manager.ts';

export interface McpHandlerDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  mcp: McpManager;
  /** Tells every window the settings changed (the server list is one of them). */
  settingsChanged(): Promise<void>;
}

type McpHandlers = Pick<Handlers, 'mcp.list' | 'mcp.save' | 'mcp.remove' | 'mcp.import' | 'mcp.test'>;

/** Settings' MCP server list: changes through McpConfig, states from the McpManager; secrets go in, never out. */
export function mcpHandlers(deps: McpHandlerDeps): McpHandlers {
  const config = new McpConfig(deps);

  const view = async (server: McpServerConfig): Promise<McpServerView> => ({
    config: server,
    status: deps.mcp.statuses().find((status) => status.name === server.name)!,
    secrets: await config.savedSecrets(server),
  });

  return {
    'mcp.list': () => Promise.all(config.list().map(view)),
    'mcp.save': async (input) => {
      const { server, added } = await config.save(input);
      await deps.settingsChanged();
      return { server: await view(server), added };
    },
    'mcp.remove': async ({ name }) => {
      const result = await config.remove(name);
      if (result.removed) await deps.settingsChanged();
      return result;
    },
    'mcp.import': async ({ text }) => {
      const result = await config.importJson(text);
      if (result.added.length + result.updated.length > 0) await deps.settingsChanged();
      return result;
    },
    'mcp.test': ({ name }) => deps.mcp.test(name),
  };
}
