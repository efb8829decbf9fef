import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import afterPack, { packagedBinary } from '../../scripts/electron-fuses.ts';

/**
 * A stand-in for the Electron binary: the real fuse wire format (sentinel, version 1, length, one
 * byte per fuse) inside filler bytes, with every fuse as a stock Electron ships it.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-fuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const stock = '110111011'; // RunAsNode on, cookies off, NODE_OPTIONS on, --inspect on, ASAR checks off…
function fakeElectron(path: string): void {
  const wire = Buffer.concat([
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
    Buffer.from([1, stock.length]),
    Buffer.from(stock),
  ]);
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 7), wire, Buffer.alloc(4096, 9)]));
}

describe('Electron fuses (afterPack)', () => {
  it('finds the packaged binary where electron-builder puts it', () => {
    const packager = { appInfo: { productFilename: 'Parley' }, executableName: 'parley' };
    expect(packagedBinary({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe('/o/parley');
    expect(packagedBinary({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(
      '/o/Parley.exe',
    );
    expect(packagedBinary({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(
      '/o/Parley.app',
    );
  });

  it('turns off running as Node, NODE_OPTIONS and --inspect; turns on cookie encryption and ASAR-only, checked', async () => {
    fakeElectron(join(dir, 'parley'));
    await afterPack({
      appOutDir: dir,
      electronPlatformName: 'linux',
      packager: { appInfo: { productFilename: 'Parley' }, executableName: 'parley' },
    });
    const wire = await getCurrentFuseWire(join(dir, 'parley'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    // Not Parley's to decide: left as Electron ships them.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.WasmTrapHandlers]).toBe(FuseState.ENABLE);
  });

  it('refuses a file that is not an Electron binary, loudly', async () => {
    writeFileSync(join(dir, 'not-electron'), 'plain text');
    await expect(
      afterPack({
        appOutDir: dir,
        electronPlatformName: 'linux',
        packager: { appInfo: { productFilename: 'x' }, executableName: 'not-electron' },
      }),
    ).rejects.toThrow(/sentinel/);
  });
});
