import {
  mcpSaveInputSchema,
  type McpSaveInput,
  type McpServerStatus,
  type McpServerView,
} from '../../../../shared/mcp.ts';

/** The "Add server" form as typed, and what it becomes: a checked `mcp.save` input or the fields to fix. */

export interface McpVarRow {
  name: string;
  value: string;
}

export interface McpDraft {
  name: string;
  transport: 'stdio' | 'http';
  command: string;
  args: string;
  url: string;
  /** Environment variables (a command) or headers (an HTTP server); values go to the keychain. */
  vars: McpVarRow[];
}

export type McpField = 'name' | 'command' | 'args' | 'url' | 'vars';

export const emptyDraft: McpDraft = {
  name: '',
  transport: 'stdio',
  command: '',
  args: '',
  url: '',
  vars: [],
};

/**
 * Arguments as a shell would split them, without running one: spaces separate, "double" or 'single'
 * quotes keep spaces, a backslash keeps the next character. Null when a quote is left open.
 */
export function splitArgs(text: string): string[] | null {
  const args: string[] = [];
  let current = '';
  let started = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) return null;
  if (started) args.push(current);
  return args;
}

export function checkDraft(
  draft: McpDraft,
): { ok: true; input: McpSaveInput } | { ok: false; problems: Set<McpField> } {
  const args = splitArgs(draft.args);
  const rows = draft.vars.filter((row) => row.name.trim() || row.value);
  const input = {
    server:
      draft.transport === 'stdio'
        ? { name: draft.name.trim(), transport: 'stdio' as const, command: draft.command, args: args ?? [] }
        : { name: draft.name.trim(), transport: 'http' as const, url: draft.url.trim() },
    secrets: rows.map((row) => ({ name: row.name.trim(), value: row.value })),
  };
  const result = mcpSaveInputSchema.safeParse(input);
  const problems = new Set<McpField>(args === null && draft.transport === 'stdio' ? ['args'] : []);
  for (const issue of result.success ? [] : result.error.issues) {
    const [first, second] = issue.path;
    if (first === 'secrets') problems.add('vars');
    else if (first === 'server' && (second === 'name' || second === 'command' || second === 'url'))
      problems.add(second);
    else if (first === 'server' && second === 'args') problems.add('args');
  }
  // A value without a name is a row to fix, not one to drop.
  if (rows.some((row) => !row.name.trim())) problems.add('vars');
  if (!result.success || problems.size > 0)
    return { ok: false, problems: problems.size ? problems : new Set(['name']) };
  return { ok: true, input };
}

/** The list with one server's new state (from the `mcp.status` event); other servers unchanged. */
export function withStatus(list: McpServerView[], status: McpServerStatus): McpServerView[] {
  return list.map((server) => (server.config.name === status.name ? { ...server, status } : server));
}
