import { z } from 'zod';
import { httpUrlSchema } from './providers.ts';

/**
 * MCP servers as settings keep them and every side shows them. Never a secret: the values of a
 * server's environment (and an HTTP server's headers) live in the keychain, settings keep their names.
 */

export const mcpServerNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,32}$/, 'Use letters, digits, dashes and underscores (up to 32).');

const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'Not an environment variable name.');
const headerNameSchema = z.string().regex(/^[A-Za-z0-9-]{1,128}$/, 'Not a header name.');

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
  /** Restarts after crashes since it was started. */
  restarts: number;
}
