import { join } from 'node:path';
import { ParleyError } from '../../../../shared/errors.ts';
import type { McpServerConfig, McpServerStatus } from '../../../../shared/mcp.ts';
import { parseToolArguments, type ToolCall } from '../../../../shared/tools.ts';
import type { ServerToolBox, ToolBox } from '../tool-loop.ts';
import { McpConnection, type ConnectionDeps } from './mcp-connection.ts';
import { modelToolName } from './tool-names.ts';

/**
 * Every configured MCP server, by name: started when a conversation first needs its tools, stopped
 * and started again when its settings change, all stopped on quit. The tools of the servers a
 * conversation uses become one ToolBox for the tool loop; a server that cannot start gives no tools
 * (its status says why) rather than failing the answer.
 */

export interface McpManagerDeps extends Omit<ConnectionDeps, 'logDir'> {
  /** The data folder: logs go to `<dataDir>/mcp-logs`. */
  dataDir: string;
  servers(): McpServerConfig[];
}

export class McpManager {
  readonly #deps: McpManagerDeps;
  readonly #connections = new Map<string, McpConnection>();

  constructor(deps: McpManagerDeps) {
    this.#deps = deps;
  }

  /** Every configured server's status (a server never started reads `stopped`). */
  statuses(): McpServerStatus[] {
    return this.#deps.servers().map((config) => this.#connection(config).status());
  }

  /** Starts the server (if needed) and lists its tools: Settings' Test button. */
  async test(name: string): Promise<McpServerStatus> {
    const connection = this.#named(name);
    await connection.tools().catch(() => undefined);
    return connection.status();
  }

  /** The tools of these servers (the enabled ones), for one answer. */
  async toolbox(names: readonly string[]): Promise<ServerToolBox> {
    const wanted = this.#deps.servers().filter((config) => config.enabled && names.includes(config.name));
    const routes = new Map<string, { connection: McpConnection; tool: string }>();
    const definitions: ToolBox['definitions'] = [];
    const listed = await Promise.all(
      wanted.map(async (config) => {
        const connection = this.#connection(config);
        return { connection, tools: await connection.tools().catch(() => []) };
      }),
    );
    for (const { connection, tools } of listed)
      for (const tool of tools) {
        const name = modelToolName(connection.config.name, tool.name);
        routes.set(name, { connection, tool: tool.name });
        definitions.push({ name, description: tool.description, inputSchema: tool.inputSchema });
      }
    return {
      definitions,
      origin: (name) => {
        const route = routes.get(name);
        return route ? { server: route.connection.config.name, tool: route.tool } : null;
      },
      run: async (call: ToolCall, signal: AbortSignal) => {
        const route = routes.get(call.name);
        if (!route) return { text: `There is no tool named ${call.name}.`, isError: true };
        const args = parseToolArguments(call);
        if (!args.ok) return { text: args.error, isError: true };
        return route.connection.call(route.tool, args.value, signal);
      },
    };
  }

  /** Settings changed: servers removed or changed are stopped (a changed one starts again when needed). */
  async sync(): Promise<void> {
    const configs = new Map(this.#deps.servers().map((config) => [config.name, config]));
    const stale = [...this.#connections].filter(
      ([name, connection]) => JSON.stringify(configs.get(name)) !== JSON.stringify(connection.config),
    );
    for (const [name] of stale) this.#connections.delete(name);
    await Promise.all(stale.map(([, connection]) => connection.stop()));
  }

  /** Stops every server (on quit). */
  async stopAll(): Promise<void> {
    const all = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(all.map((connection) => connection.stop()));
  }

  #named(name: string): McpConnection {
    const config = this.#deps.servers().find((server) => server.name === name);
    if (!config)
      throw new ParleyError({ code: 'not_found', message: `There is no MCP server named “${name}”.` });
    return this.#connection(config);
  }

  #connection(config: McpServerConfig): McpConnection {
    let connection = this.#connections.get(config.name);
    if (!connection) {
      const { dataDir, servers: _servers, ...deps } = this.#deps;
      connection = new McpConnection(config, { ...deps, logDir: join(dataDir, 'mcp-logs') });
      this.#connections.set(config.name, connection);
    }
    return connection;
  }
}
