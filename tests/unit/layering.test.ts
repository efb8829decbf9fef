import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/** The linter is what keeps the layers of DESIGN.md apart; these prove its rules bite. */
const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rules', () => {
  it('fails on an electron import in the core and in the browser-edition host', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await importErrors('src/main/core/llm/probe.ts', code)).toHaveLength(1);
    expect(await importErrors('src/shared/probe.ts', code)).toHaveLength(1);
    expect(await importErrors('src/web/probe.ts', code)).toHaveLength(1);
    expect(await importErrors('src/main/probe.ts', code)).toHaveLength(0);
  });

  it('fails on React or Node built-ins in shared code', async () => {
    expect(
      await importErrors('src/shared/probe.ts', "import React from 'react';\nexport const x = React;\n"),
    ).toHaveLength(1);
    expect(
      await importErrors('src/shared/probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n"),
    ).toHaveLength(1);
  });

  it('fails on a renderer import of main-side code', async () => {
    const code =
      "import { ChatService } from '../../main/core/chat/chat-service.ts';\nexport const x = ChatService;\n";
    expect(await importErrors('src/renderer/src/probe.ts', code)).toHaveLength(1);
    const ok = "import { contract } from '../../shared/contract.ts';\nexport const x = contract;\n";
    expect(await importErrors('src/renderer/src/probe.ts', ok)).toHaveLength(0);
  });

  it('lets the preload use only contextBridge and ipcRenderer', async () => {
    const ok =
      "import { contextBridge, ipcRenderer } from 'electron';\nexport const x = [contextBridge, ipcRenderer];\n";
    expect(await importErrors('src/preload/probe.ts', ok)).toHaveLength(0);
    const bad = "import { shell } from 'electron';\nexport const x = shell;\n";
    expect(await importErrors('src/preload/probe.ts', bad)).toHaveLength(1);
    const main = "import { x } from '../main/ipc.ts';\nexport const y = x;\n";
    expect(await importErrors('src/preload/probe.ts', main)).toHaveLength(1);
  });
});
