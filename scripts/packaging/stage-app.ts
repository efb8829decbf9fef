/**
 * Runs electron-builder's own packing stage (its `files` selection, production dependencies,
 * asar and asarUnpack from electron-builder.yml) into `outDir` without the Electron runtime: a
 * stub stands in for the Electron distribution, native modules are not rebuilt and the fuses are
 * not flipped (there is no binary). Returns the `resources` folder holding app.asar.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Arch, Platform, build } from 'electron-builder';

export async function stageApp(projectDir: string, outDir: string): Promise<string> {
  const stub = join(outDir, 'electron-stub');
  mkdirSync(join(stub, 'resources'), { recursive: true });
  writeFileSync(join(stub, 'electron'), '');
  await build({
    projectDir,
    targets: Platform.LINUX.createTarget('dir', process.arch === 'arm64' ? Arch.arm64 : Arch.x64),
    publish: 'never',
    config: {
      electronDist: stub,
      npmRebuild: false,
      afterPack: null,
      directories: { output: join(outDir, 'release') },
    },
  });
  const unpacked = process.arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked';
  return join(outDir, 'release', unpacked, 'resources');
}
