/**
 * Electron fuses for a packaged Parley, flipped in the binary itself so no environment variable or
 * flag can turn them back: no running as plain Node, no NODE_OPTIONS or --inspect, cookies
 * encrypted, the app loaded only from its ASAR archive and only if that archive is intact, and no
 * extra privileges for file:// (Parley's pages come from parley://app).
 *
 * electron-builder: `afterPack: scripts/electron-fuses.ts`. By hand, on a packaged app:
 * `node scripts/electron-fuses.ts <Parley executable, or Parley.app on macOS>`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';

export const parleyFuses = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const;

/** The part of electron-builder's AfterPackContext used here. */
export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** Where electron-builder put the Electron binary (the .app bundle on macOS). */
export function packagedBinary(context: AfterPackContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName ?? name);
}

/** `macApp`: flipping fuses breaks a macOS ad-hoc signature; it is redone so Apple Silicon still runs it. */
export async function setFuses(binary: string, macApp: boolean): Promise<void> {
  await flipFuses(binary, { ...parleyFuses, resetAdHocDarwinSignature: macApp });
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  await setFuses(packagedBinary(context), packagedBinary(context).endsWith('.app'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const binary = process.argv[2];
  if (!binary) {
    console.error('Usage: node scripts/electron-fuses.ts <packaged Parley executable, or Parley.app>');
    process.exit(2);
  }
  setFuses(binary, binary.endsWith('.app')).then(
    () => console.log(`Fuses set in ${binary}.`),
    (error: unknown) => {
      console.error(`Could not set the fuses: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
