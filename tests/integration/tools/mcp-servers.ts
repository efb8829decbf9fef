import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mcpServerSchema } from '../../../src/shared/mcp.ts';

/** The real MCP servers from npm the tests start (installed as dev dependencies). */

const modules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
export const EVERYTHING = join(modules, '@modelcontextprotocol/server-everything/dist/index.js');
export const FILESYSTEM = join(modules, '@modelcontextprotocol/server-filesystem/dist/index.js');

export function server(input: Record<string, unknown>) {
  return mcpServerSchema.parse({ transport: 'stdio', ...input });
}

export const everything = (name = 'everything') =>
  server({ name, command: process.execPath, args: [EVERYTHING, 'stdio'] });

/**
 * server-everything behind a wrapper that crashes it (exit 3, with a line on stderr) when `crash()`
 * is called, the first time it runs only: the restarted server stays up.
 */
export function crashingEverything(dir: string) {
  const marker = join(dir, 'crashed-once');
  const trigger = join(dir, 'crash-now');
  const wrapper = join(dir, 'crash-once.mjs');
  writeFileSync(
    wrapper,
    `import { existsSync, writeFileSync } from 'node:fs';
if (!existsSync(${JSON.stringify(marker)})) {
  const watch = setInterval(() => {
    if (!existsSync(${JSON.stringify(trigger)})) return;
    clearInterval(watch);
    writeFileSync(${JSON.stringify(marker)}, '1');
    process.stderr.write('crashing on purpose\\n');
    process.exit(3);
  }, 20);
}
process.argv[2] = 'stdio';
await import(${JSON.stringify(EVERYTHING)});
`,
  );
  return {
    config: server({ name: 'crashy', command: process.execPath, args: [wrapper] }),
    crash: () => writeFileSync(trigger, '1'),
  };
}
