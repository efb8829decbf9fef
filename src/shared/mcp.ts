import { z } from 'zod';
import { httpUrlSchema } from './providers.ts';

/**
 * MCP servers as settings keep them and every side shows them. Never a secret: the values of a
 * server's environment (and an HTTP server's headers) live in the keychain, settings keep their names.
 */

export const mcpServerNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,32}$/, 'Use letters, digits, dashes and underscores (up to 32).');

export const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'Not an environment variable name.');
export const headerNameSchema = z.string().regex(/^[A-Za-z0-9-]{1,128}$/, 'Not a header name.');

const common = {
  name: mcpServerNameSchema,
  /** Off: its tools are not offered and it is never started. */
  enabled: z.boolean().default(true),
};

export const mcpServerSchema = z.discriminatedUnion('transport', [
  z
    .object({
      ...common,
      transport: z.literal('stdio'),
      /** Started by main (never through a shell): the program and its arguments. */
      command: z.string().trim().min(1).max(1000),
      args: z.array(z.string().max(4000)).max(100).default([]),
      cwd: z.string().max(1000).optional(),
      /** Names of the environment variables it gets from the keychain. */
      secretEnv: z.array(envNameSchema).max(50).default([]),
    })
    .strict(),
  z
    .object({
      ...common,
      transport: z.literal('http'),
      /** A Streamable HTTP endpoint. */
      url: httpUrlSchema,
      /** Names of the headers it gets from the keychain (e.g. Authorization). */
      secretHeaders: z.array(headerNameSchema).max(20).default([]),
    })
    .strict(),
]);
export type McpServerConfig = z.infer<typeof mcpServerSchema>;
export type McpServerInput = z.input<typeof mcpServerSchema>;

export const mcpServersSchema = z
  .array(mcpServerSchema)
  .max(50, 'At most 50 MCP servers.')
  .refine((servers) => new Set(servers.map((s) => s.name)).size === servers.length, {
    message: 'Two MCP servers have the same name.',
  });

/** The keychain account of one secret of a server (an environment variable or a header). */
export function mcpSecretAccount(server: string, kind: 'env' | 'header', name: string): string {
  return `mcp:${server}:${kind}:${name}`;
}

export type McpServerState = 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';

export interface McpToolInfo {
  name: string;
  description: string;
}

export interface McpServerStatus {
  name: string;
  state: McpServerState;
  tools: McpToolInfo[];
  /** The last failure in plain words (a crash, a refused start), kept after a restart. */
  lastError: string | null;
  /**
   * The same failure for a window to word in its own language: a crash, or a start that failed
   * (`detail`: why, as the system or the SDK put it); `said`: the server's last line on stderr.
   */
  failure?: { kind: 'crashed' | 'not-started'; detail: string | null; said: string | null } | null;
  /** Restarts after crashes since it was started. */
  restarts: number;
}

/** The most characters a pasted `mcpServers` JSON may have (a config of 50 servers fits many times over). */
export const MCP_IMPORT_MAX_CHARS = 200_000;

/**
 * A secret typed for a server: the value of one of its environment variables (a command) or headers
 * (an HTTP server). It goes to the keychain; settings keep the name.
 */
export const mcpSecretInputSchema = z
  .object({
    name: z.string().min(1).max(128),
    value: z
      .string()
      .max(16_000, 'A secret value can have at most 16,000 characters.')
      .refine((value) => !value.includes('\0'), 'A secret value cannot hold a NUL character.'),
  })
  .strict();
export type McpSecretInput = z.infer<typeof mcpSecretInputSchema>;

/**
 * Adds or replaces one server. `secrets` are new values by name: each name joins the server's
 * secret names; a name kept from before without a new value keeps its saved value; a name left out
 * of the server's list is deleted from the keychain.
 */
export const mcpSaveInputSchema = z
  .object({
    server: mcpServerSchema,
    secrets: z.array(mcpSecretInputSchema).max(50).default([]),
  })
  .strict()
  .superRefine(({ server, secrets }, ctx) => {
    const http = server.transport === 'http';
    secrets.forEach((secret, index) => {
      const why = !(http ? headerNameSchema : envNameSchema).safeParse(secret.name).success
        ? `“${secret.name.slice(0, 40)}” is not ${http ? 'a header' : 'an environment variable'} name.`
        : http && /[\r\n]/.test(secret.value)
          ? 'A header value must be one line.'
          : null;
      if (why) ctx.addIssue({ code: 'custom', path: ['secrets', index], message: why });
    });
  });
export type McpSaveInput = z.input<typeof mcpSaveInputSchema>;

export const mcpNameInputSchema = z.object({ name: mcpServerNameSchema }).strict();
export const mcpImportInputSchema = z
  .object({
    text: z.string().max(MCP_IMPORT_MAX_CHARS, 'The pasted text is too long (200,000 characters at most).'),
  })
  .strict();

/** One server as Settings lists it: its config, its state, and which secrets are saved (never their values). */
export interface McpServerView {
  config: McpServerConfig;
  status: McpServerStatus;
  secrets: { name: string; saved: boolean }[];
}

export interface McpSaveResult {
  server: McpServerView;
  /** False when it replaced a server of that name. */
  added: boolean;
}

/** Why an entry of a pasted config was left out (a window words it in its own language by code). */
export type McpSkipCode =
  | 'duplicate'
  | 'no-name'
  | 'not-object'
  | 'type-not-text'
  | 'sse'
  | 'unknown-type'
  | 'no-command'
  | 'no-target'
  | 'args'
  | 'cwd'
  | 'map'
  | 'env-name'
  | 'header-name'
  | 'value-type'
  | 'value-long'
  | 'value-nul'
  | 'header-line'
  | 'invalid'
  | 'limit'
  | 'more';

export interface McpSkip {
  /** As it was written, cut short. */
  name: string;
  /** In plain English words (the CLI shows it). */
  reason: string;
  code: McpSkipCode;
  params: Record<string, string | number>;
}

/** What a pasted `mcpServers` config did, server by server. */
export interface McpImportResult {
  added: string[];
  updated: string[];
  skipped: McpSkip[];
}
