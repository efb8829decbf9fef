import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  mcpSecretAccount,
  type McpServerConfig,
  type McpServerState,
  type McpServerStatus,
} from '../../../../shared/mcp.ts';
import type { ToolOutcome } from '../../../../shared/tools.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import { outcomeOf } from './tool-output.ts';
import { ServerLog } from './server-log.ts';

/**
 * One MCP server: started when first needed, its tools listed, calls made with a cancel signal,
 * stopped on quit. A server that dies on its own is restarted with backoff (1 s, 2 s, 4 s … 30 s)
 * and reported; after MAX_RESTARTS failures in a row it stays `failed` until started again.
 */

export interface McpTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ConnectionDeps {
  secrets: SecretStore;
  /** Where each server's stderr log goes (`<data>/mcp-logs`). */
  logDir: string;
  /** Every change of state, for Settings and the window. */
  onStatus(status: McpServerStatus): void;
  /** Waits before a restart; tests shorten it. */
  restartDelay?: (attempt: number) => number;
}

const MAX_RESTARTS = 5;
const START_TIMEOUT_MS = 30_000;
/** A call may run this long; the person can Stop it sooner. */
const CALL_TIMEOUT_MS = 10 * 60_000;

const defaultDelay = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

export class McpConnection {
  readonly config: McpServerConfig;
  readonly #deps: ConnectionDeps;
  readonly #log: ServerLog;
  #client: Client | null = null;
  #starting: Promise<Client> | null = null;
  #state: McpServerState = 'stopped';
  #tools: McpTool[] = [];
  #lastError: string | null = null;
  #failure: McpServerStatus['failure'] = null;
  #restarts = 0;
  #failuresInARow = 0;
  #restartTimer: ReturnType<typeof setTimeout> | null = null;
  #stopping = false;

  constructor(config: McpServerConfig, deps: ConnectionDeps) {
    this.config = config;
    this.#deps = deps;
    this.#log = new ServerLog(deps.logDir, config.name);
  }

  status(): McpServerStatus {
    return {
      name: this.config.name,
      state: this.#state,
      tools: this.#tools.map(({ name, description }) => ({ name, description })),
      lastError: this.#lastError,
      failure: this.#failure,
      restarts: this.#restarts,
    };
  }

  /** Its tools, starting it first if needed. Throws an Error in plain words when it cannot start. */
  async tools(): Promise<McpTool[]> {
    await this.#connected();
    return this.#tools;
  }

  /** Calls one tool; never throws (a failure, a timeout or a Stop is an error outcome). */
  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    try {
      const client = await this.#connected();
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        signal,
        timeout: CALL_TIMEOUT_MS,
      });
      return outcomeOf(result);
    } catch (error) {
      if (signal.aborted) return { text: 'The call was stopped by the user.', isError: true };
      return { text: `The tool ${tool} failed: ${messageOf(error)}`, isError: true };
    }
  }

  /** Stops it (on quit, or when its settings change); no restart follows. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    const client = this.#client ?? (await this.#starting?.catch(() => null));
    this.#client = null;
    this.#starting = null;
    await client?.close().catch(() => undefined);
    if (this.#state !== 'failed') this.#setState('stopped');
  }

  #connected(): Promise<Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#stopping = false;
    this.#starting ??= this.#start().finally(() => (this.#starting = null));
    return this.#starting;
  }

  async #start(): Promise<Client> {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#setState(this.#restarts > 0 && this.#state === 'restarting' ? 'restarting' : 'starting');
    const client = new Client({ name: 'Parley', version: '1.0.0' });
    try {
      const transport = await this.#transport();
      transport.onclose = () => this.#closed(client);
      await client.connect(transport, { timeout: START_TIMEOUT_MS });
      const listed = await client.listTools(undefined, { timeout: START_TIMEOUT_MS });
      this.#tools = listed.tools.map((tool) => ({
        name: tool.name,
        description: tool.description ?? '',
        inputSchema: tool.inputSchema as Record<string, unknown>,
      }));
      this.#client = client;
      this.#failuresInARow = 0;
      this.#log.note(`started; ${this.#tools.length} tools`);
      this.#setState('running');
      return client;
    } catch (error) {
      await client.close().catch(() => undefined);
      const why = this.#failed('not-started', messageOf(error));
      this.#setState('failed');
      throw new Error(why, { cause: error });
    }
  }

  async #transport(): Promise<Transport> {
    const { config } = this;
    const { secrets } = this.#deps;
    if (config.transport === 'http') {
      const headers: Record<string, string> = {};
      for (const name of config.secretHeaders) {
        const value = await secrets.get(mcpSecretAccount(config.name, 'header', name));
        if (value) headers[name] = value;
      }
      return new StreamableHTTPClientTransport(new URL(config.url), { requestInit: { headers } });
    }
    const env: Record<string, string> = {};
    for (const name of config.secretEnv) {
      const value = await secrets.get(mcpSecretAccount(config.name, 'env', name));
      if (value !== null) env[name] = value;
    }
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args,
      cwd: config.cwd,
      // The SDK's safe defaults (PATH, HOME…) plus the server's own secrets; never Parley's whole environment.
      env: Object.keys(env).length ? env : undefined,
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => this.#log.write(chunk.toString('utf8')));
    return transport;
  }

  /** The transport closed: on purpose (stop), or the server died and is restarted with backoff. */
  #closed(client: Client): void {
    // Stopped on purpose, or closed while starting (#start reports that): no restart.
    if (this.#stopping || this.#client !== client) return;
    this.#client = null;
    this.#failuresInARow++;
    this.#failed('crashed', null);
    if (this.#failuresInARow > MAX_RESTARTS) {
      this.#setState('failed');
      return;
    }
    this.#restarts++;
    this.#setState('restarting');
    const delay = (this.#deps.restartDelay ?? defaultDelay)(this.#failuresInARow - 1);
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      if (!this.#stopping) this.#connected().catch(() => undefined);
    }, delay);
  }

  /** Keeps a failure with the last thing the server said on stderr (which usually names the cause); returns its words. */
  #failed(kind: 'crashed' | 'not-started', detail: string | null): string {
    const said = this.#log.lastLine || null;
    const message =
      kind === 'crashed' ? 'The server stopped unexpectedly.' : `It could not be started: ${detail}`;
    this.#failure = { kind, detail, said };
    this.#lastError = said ? `${message} It said: ${said}` : message;
    this.#log.note(this.#lastError);
    return this.#lastError;
  }

  #setState(state: McpServerState): void {
    this.#state = state;
    try {
      this.#deps.onStatus(this.status());
    } catch {
      // A listener's failure is not the server's.
    }
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^MCP error -?\d+:\s*/, '').slice(0, 500) || 'no reason given';
}
