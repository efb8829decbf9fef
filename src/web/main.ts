// `npm run web`: the browser edition. The same main-side core and handlers as the desktop app,
// served to a browser on 127.0.0.1 behind a per-start token.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { createCore } from '../main/core/app-core.ts';
import { defaultDataDir } from '../main/core/paths.ts';
import { ensureRendererBuilt } from './renderer-build.ts';
import { startWebHost } from './host.ts';
import { keptToken } from './kept-token.ts';
import { browserQuickHandlers } from './quick-handlers.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const usage = `Usage: npm run web -- [--port N] [--data-dir DIR] [--keep-token]

Starts Parley's browser edition on 127.0.0.1 and prints the address to open.
  --port N        port to listen on (default 5199; 0 picks a free one)
  --data-dir DIR  where settings and history live (default: PARLEY_DATA_DIR or the app's data folder)
  --keep-token    keep the access token across restarts (saved in the data folder, owner-only),
                  so a bookmarked address keeps working; without it each start makes a new one

Where there is no system keychain, keys can be kept in a key vault unlocked by a passphrase:
from the page, or from the environment variable PARLEY_VAULT_PASSPHRASE.`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '5199' },
        'data-dir': { type: 'string' },
        'keep-token': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535.\n\n${usage}`);
    process.exit(2);
  }

  const staticDir = await ensureRendererBuilt(root);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const core = await createCore({
    dataDir,
    edition: 'web',
    host: browserQuickHandlers,
    ingestWorker: new URL('../main/core/attachments/ingest-worker.ts', import.meta.url),
  });
  for (const notice of core.notices) console.warn(`Note: ${notice.message}`);
  const host = await startWebHost({
    staticDir,
    handlers: core.handlers,
    port,
    token: values['keep-token'] ? keptToken(dataDir) : undefined,
    onUnexpectedError: (name, error) => console.error(`Parley: "${name}" failed unexpectedly:`, error),
  });
  console.log(
    `Parley (browser edition) is running. Open:\n\n  ${host.url}\n\nData folder: ${dataDir}\nPress Ctrl+C to stop.`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Parley could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
