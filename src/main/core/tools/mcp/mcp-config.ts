import { ParleyError } from '../../../../shared/errors.ts';
import {
  mcpSaveInputSchema,
  mcpSecretAccount,
  mcpServerSchema,
  mcpServersSchema,
  type McpImportResult,
  type McpSaveInput,
  type McpSecretInput,
  type McpServerConfig,
} from '../../../../shared/mcp.ts';
import type { SecretStore } from '../../secrets/secret-store.ts';
import type { SettingsStore } from '../../store/settings.ts';
import { parseMcpImport } from './mcp-import.ts';

/**
 * The one owner of changes to the MCP server list (Settings' requests and `parley mcp`): a server
 * saved, removed or imported. A secret's value goes to the SecretStore under `mcpSecretAccount`;
 * settings keep its name. Removing a server (or pointing it at another program) also forgets the
 * tools the person allowed "always" for it. The McpManager follows the settings (it stops what changed).
 */

export interface McpConfigDeps {
  settings: Pick<SettingsStore, 'get' | 'update'>;
  secrets: SecretStore;
}

type SecretKind = 'env' | 'header';

export class McpConfig {
  readonly #settings: McpConfigDeps['settings'];
  readonly #secrets: SecretStore;

  constructor(deps: McpConfigDeps) {
    this.#settings = deps.settings;
    this.#secrets = deps.secrets;
  }

  /** The configured servers, in their order. */
  list(): McpServerConfig[] {
    return this.#settings.get('mcpServers');
  }

  /** Each of the server's secret names and whether a value is saved for it (never the value). */
  async savedSecrets(server: McpServerConfig): Promise<{ name: string; saved: boolean }[]> {
    const { kind, names } = secretsOf(server);
    return Promise.all(
      names.map(async (name) => ({
        name,
        saved: (await this.#secrets.get(mcpSecretAccount(server.name, kind, name))) !== null,
      })),
    );
  }

  /** Adds the server, or replaces the one with its name (its place in the list kept). */
  async save(input: McpSaveInput): Promise<{ server: McpServerConfig; added: boolean }> {
    const parsed = mcpSaveInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'The server is not valid.');
    const { server, secrets } = parsed.data;
    const servers = this.list();
    const previous = servers.find((s) => s.name === server.name);
    const next = withSecretNames(server, secrets);
    const list = previous ? servers.map((s) => (s.name === next.name ? next : s)) : [...servers, next];
    checkList(list);
    await this.#writeSecrets(next, secrets);
    this.#settings.update({ mcpServers: list, toolsAlwaysAllowed: this.#allowedAfter(previous, next) });
    if (previous) await this.#dropStale(previous, next);
    return { server: next, added: !previous };
  }

  /** Removes the server and its secrets; false when there was none by that name. */
  async remove(name: string): Promise<{ removed: boolean }> {
    const servers = this.list();
    const previous = servers.find((s) => s.name === name);
    if (!previous) return { removed: false };
    this.#settings.update({
      mcpServers: servers.filter((s) => s !== previous),
      toolsAlwaysAllowed: this.#allowedAfter(previous, null),
    });
    await this.#dropStale(previous, null);
    return { removed: true };
  }

  /**
   * Adds or updates every usable server of a pasted `mcpServers` JSON; the others are reported
   * with their reasons. Throws (in plain words) only when the text as a whole is not such a config.
   */
  async importJson(text: string): Promise<McpImportResult> {
    const { entries, skipped } = parseMcpImport(text);
    const result: McpImportResult = { added: [], updated: [], skipped: [...skipped] };
    let list = this.list();
    let allowed = this.#settings.get('toolsAlwaysAllowed');
    const replaced: [McpServerConfig, McpServerConfig][] = [];
    for (const { server, secrets } of entries) {
      const previous = list.find((s) => s.name === server.name);
      const next = previous ? list.map((s) => (s.name === server.name ? server : s)) : [...list, server];
      const problem = mcpServersSchema.safeParse(next);
      if (!problem.success) {
        const reason = problem.error.issues[0]?.message ?? 'Not valid.';
        result.skipped.push({ name: server.name, reason, code: 'limit', params: {} });
        continue;
      }
      await this.#writeSecrets(server, secrets);
      list = next;
      if (previous) {
        replaced.push([previous, server]);
        allowed = allowedAfter(allowed, previous, server);
      }
      (previous ? result.updated : result.added).push(server.name);
    }
    if (result.added.length + result.updated.length > 0)
      this.#settings.update({ mcpServers: list, toolsAlwaysAllowed: allowed });
    for (const [previous, next] of replaced) await this.#dropStale(previous, next);
    return result;
  }

  async #writeSecrets(server: McpServerConfig, secrets: McpSecretInput[]): Promise<void> {
    const { kind } = secretsOf(server);
    for (const secret of secrets)
      await this.#secrets.set(mcpSecretAccount(server.name, kind, secret.name), secret.value);
  }

  /** Deletes the secrets `previous` had that `next` (the same server, changed; or none) no longer names. */
  async #dropStale(previous: McpServerConfig, next: McpServerConfig | null): Promise<void> {
    const before = secretsOf(previous);
    const after = next ? secretsOf(next) : null;
    for (const name of before.names) {
      if (after?.kind === before.kind && after.names.includes(name)) continue;
      await this.#secrets.delete(mcpSecretAccount(previous.name, before.kind, name));
    }
  }

  #allowedAfter(previous: McpServerConfig | undefined, next: McpServerConfig | null): string[] {
    return allowedAfter(this.#settings.get('toolsAlwaysAllowed'), previous, next);
  }
}

function secretsOf(server: McpServerConfig): { kind: SecretKind; names: string[] } {
  return server.transport === 'stdio'
    ? { kind: 'env', names: server.secretEnv }
    : { kind: 'header', names: server.secretHeaders };
}

/** The server with the names of the secrets typed now added to its list (each once). */
function withSecretNames(server: McpServerConfig, secrets: McpSecretInput[]): McpServerConfig {
  const names = [...new Set([...secretsOf(server).names, ...secrets.map((secret) => secret.name)])];
  const result = mcpServerSchema.safeParse(
    server.transport === 'stdio' ? { ...server, secretEnv: names } : { ...server, secretHeaders: names },
  );
  if (!result.success) throw invalid(result.error.issues[0]?.message ?? 'The server is not valid.');
  return result.data;
}

function checkList(list: McpServerConfig[]): void {
  const result = mcpServersSchema.safeParse(list);
  if (!result.success) throw invalid(result.error.issues[0]?.message ?? 'The server list is not valid.');
}

/** What runs: a server pointed elsewhere is another program, which the person has not trusted yet. */
const identity = (server: McpServerConfig) =>
  JSON.stringify(
    server.transport === 'stdio'
      ? [server.transport, server.command, server.args, server.cwd ?? null]
      : [server.transport, server.url],
  );

/** The "always allowed" tools, without the server's (`server__tool`) when it goes or runs something else. */
function allowedAfter(
  allowed: string[],
  previous: McpServerConfig | undefined,
  next: McpServerConfig | null,
): string[] {
  if (!previous || (next && identity(previous) === identity(next))) return allowed;
  const prefix = `${previous.name}__`;
  return allowed.filter((tool) => !tool.startsWith(prefix));
}

function invalid(message: string): ParleyError {
  return new ParleyError({ code: 'invalid_input', message });
}
