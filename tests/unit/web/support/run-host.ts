// The real browser-edition host (real core, binder and transport) in a process of its own, so a
// test can throw hostile bytes at it and see whether the process survives. Prints one JSON line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../../../src/main/core/app-core.ts';
import { startWebHost } from '../../../../src/web/host.ts';
import { browserQuickHandlers } from '../../../../src/web/quick-handlers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'parley-host-data-'));
const staticDir = mkdtempSync(join(tmpdir(), 'parley-host-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Parley</title>');
const core = await createCore({ dataDir, edition: 'web', env: {}, host: browserQuickHandlers });
const host = await startWebHost({ staticDir, handlers: core.handlers, port: 0 });
console.log(JSON.stringify({ url: host.url, origin: host.origin, token: host.token }));
process.on('SIGTERM', () => {
  void host
    .close()
    .then(() => core.close())
    .then(() => process.exit(0));
});
