import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/**
 * The linter is what keeps the layers of docs/ARCHITECTURE.md apart; these prove each rule bites,
 * by linting a probe file placed in a layer and reading the errors it gets.
 */
const eslint = new ESLint({ cwd: process.cwd() });
const layerRules = new Set(['no-restricted-imports', 'parley/layers']);

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId && layerRules.has(m.ruleId)).map((m) => m.message);
}

/** A probe module that imports `source` and uses it. */
const probe = (source: string) => `import * as probe from '${source}';\nexport const x = probe;\n`;

describe('layering rules', () => {
  it('fails on an electron import in the core and in the browser-edition host', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await importErrors('src/main/core/llm/probe.ts', code)).toHaveLength(1);
    expect(await importErrors('src/shared/probe.ts', code)).toHaveLength(1);
    expect(await importErrors('src/web/probe.ts', code)).toHaveLength(1);
    expect(await importErrors('src/main/probe.ts', code)).toHaveLength(0);
    expect(await importErrors('src/main/shell/probe.ts', code)).toHaveLength(0);
  });

  it('fails on React or Node built-ins in shared code', async () => {
    expect(await importErrors('src/shared/probe.ts', probe('react'))).toHaveLength(1);
    expect(await importErrors('src/shared/probe.ts', probe('node:fs'))).toHaveLength(1);
    expect(await importErrors('src/shared/probe.ts', probe('undici'))).toHaveLength(1);
  });

  it('fails on a core import of the desktop shell, the browser-edition host or the CLI', async () => {
    for (const source of [
      '../../shell/shell.ts',
      '../../ipc.ts',
      '../../index.ts',
      '../../../web/host.ts',
      '../../../cli/main.ts',
    ]) {
      const errors = await importErrors('src/main/core/chat/probe.ts', probe(source));
      expect(errors, source).toEqual([expect.stringMatching(/^the core \(src\/main\/core\) may not import/)]);
    }
    const own = ['../store/settings.ts', '../../../shared/contract.ts', 'zod', 'node:fs'];
    for (const source of own)
      expect(await importErrors('src/main/core/chat/probe.ts', probe(source)), source).toEqual([]);
  });

  it('fails on imports between the browser-edition host and the CLI, and from either into the shell', async () => {
    expect(await importErrors('src/web/probe.ts', probe('../cli/main.ts'))).toEqual([
      expect.stringContaining('may not import the CLI (src/cli)'),
    ]);
    expect(await importErrors('src/cli/probe.ts', probe('../web/renderer-build.ts'))).toEqual([
      expect.stringContaining('may not import the browser-edition host (src/web)'),
    ]);
    expect(await importErrors('src/web/probe.ts', probe('../main/ipc.ts'))).toHaveLength(1);
    expect(await importErrors('src/cli/probe.ts', probe('../main/shell/hotkey.ts'))).toHaveLength(1);
    expect(await importErrors('src/web/probe.ts', probe('../main/core/app-core.ts'))).toEqual([]);
    expect(await importErrors('src/cli/probe.ts', probe('../main/core/app-core.ts'))).toEqual([]);
  });

  it('fails on a renderer import of main-side code', async () => {
    expect(
      await importErrors('src/renderer/src/probe.ts', probe('../../main/core/chat/chat-service.ts')),
    ).toHaveLength(1);
    expect(await importErrors('src/renderer/src/probe.ts', probe('../../web/host.ts'))).toHaveLength(1);
    expect(await importErrors('src/renderer/src/probe.ts', probe('../../shared/contract.ts'))).toHaveLength(
      0,
    );
  });

  it('fails on Node-only packages in the renderer, static or dynamic, and lets browser packages through', async () => {
    const nodeOnly = [
      'node:fs',
      'fs',
      'path',
      'undici',
      'keytar',
      'ws',
      'yauzl',
      'stream-json/streamers/stream-array.js',
      'fetch-socks',
      'conf',
      'electron-store',
    ];
    for (const source of nodeOnly) {
      expect(await importErrors('src/renderer/src/probe.ts', probe(source)), source).toEqual([
        expect.stringContaining('needs Node'),
      ]);
    }
    expect(await importErrors('src/renderer/src/probe.ts', probe('electron'))).toEqual([
      expect.stringContaining('reach main only through window.parley'),
    ]);
    const dynamic = "export const load = () => import('node:child_process');\n";
    expect(await importErrors('src/renderer/src/lib/probe.ts', dynamic)).toHaveLength(1);
    for (const source of ['react', 'marked', 'katex', 'i18next', 'zod']) {
      expect(await importErrors('src/renderer/src/probe.ts', probe(source)), source).toEqual([]);
    }
  });

  it('lets the preload use only contextBridge and ipcRenderer, and only src/shared', async () => {
    const ok =
      "import { contextBridge, ipcRenderer } from 'electron';\nexport const x = [contextBridge, ipcRenderer];\n";
    expect(await importErrors('src/preload/probe.ts', ok)).toHaveLength(0);
    const bad = "import { shell } from 'electron';\nexport const x = shell;\n";
    expect(await importErrors('src/preload/probe.ts', bad)).toHaveLength(1);
    expect(await importErrors('src/preload/probe.ts', probe('../main/ipc.ts'))).toHaveLength(1);
    expect(await importErrors('src/preload/probe.ts', probe('../renderer/src/lib/api.ts'))).toHaveLength(1);
    expect(await importErrors('src/preload/probe.ts', probe('node:fs'))).toHaveLength(1);
    expect(await importErrors('src/preload/probe.ts', probe('../shared/bridge.ts'))).toHaveLength(0);
  });
});
