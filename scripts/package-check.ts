/**
 * `npm run package:check`: packs the built app (out/, run `electron-vite build` first) with
 * electron-builder's own file selection into a temporary folder, without the Electron runtime,
 * and checks what the archive holds (scripts/packaging/check-pack.ts). Exits 1 with the problems.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPack } from './packaging/check-pack.ts';
import { stageApp } from './packaging/stage-app.ts';

const projectDir = join(import.meta.dirname, '..');
const outDir = mkdtempSync(join(tmpdir(), 'parley-pack-'));
try {
  const started = Date.now();
  const resources = await stageApp(projectDir, outDir);
  const problems = checkPack(resources, join(projectDir, 'package-lock.json'));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length) {
    console.error(`The packed app is not fit to ship (${problems.length} problems):`);
    for (const problem of problems.slice(0, 50)) console.error(`  - ${problem}`);
    process.exitCode = 1;
  } else {
    console.log(`Packed app checked in ${seconds} s: bundles present, production files only.`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
// electron-builder leaves handles open and its exit hooks would end the process with 0.
process.exit(process.exitCode ?? 0);
