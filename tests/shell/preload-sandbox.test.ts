// The windows run sandboxed (src/main/shell/windows.ts), and a sandboxed preload's `require`
// knows only `electron` and a few built-ins. The preload is built here from the real config and
// run with exactly that `require`: it must load and expose `window.parley` over the shared channels.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNEL } from '../../src/shared/wire.ts';

async function buildPreload(): Promise<string> {
  const resolved = await resolveConfig({ configFile: 'electron.vite.config.ts' }, 'build', 'production');
  const preload = resolved.config!.preload!;
  const outDir = mkdtempSync(join(tmpdir(), 'parley-preload-'));
  await build({ ...preload, logLevel: 'silent', build: { ...preload.build, outDir, emptyOutDir: true } });
  const files = readdirSync(outDir);
  expect(files).toEqual(['index.cjs']);
  return readFileSync(join(outDir, 'index.cjs'), 'utf8');
}

describe('the preload', () => {
  it('is one file that runs with a sandboxed require and exposes the contract', async () => {
    const code = await buildPreload();
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: {
        on: () => {},
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: 'pong' });
        },
      },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return electron;
      throw new Error(`Cannot find module '${id}' (a sandboxed preload loads no packages)`);
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
    const parley = exposed.parley as { app: { info(): Promise<unknown> } };
    expect(await parley.app.info()).toEqual({ ok: true, value: 'pong' });
    expect(invoked).toEqual([[REQUEST_CHANNEL, 'app.info', {}]]);
  }, 60_000);
});
