import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { icnsTypes, iconFiles } from '../../../scripts/packaging/icon-files.ts';

const root = join(import.meta.dirname, '../../..');
const source = (path: string) => readFileSync(join(root, path));
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
const generated = await iconFiles(source('build/icon.svg'), source('build/tray-template.svg'));

describe('icons (npm run icons)', () => {
  // Byte for byte where the committed files were made (x64 Linux): another CPU may round a few
  // anti-aliased pixels differently.
  const whereMade = process.platform === 'linux' && process.arch === 'x64';
  it.runIf(whereMade)(
    'has every committed icon file as the SVG sources make it (run `npm run icons` after editing them)',
    () => {
      for (const [path, bytes] of generated) {
        expect(source(path).equals(bytes), `${path} is out of date`).toBe(true);
      }
    },
  );

  it('writes an ICNS container that macOS reads: header, total length, typed PNG chunks of the right size', () => {
    const file = generated.get('build/icon.icns')!;
    expect(file.toString('latin1', 0, 4)).toBe('icns');
    expect(file.readUInt32BE(4)).toBe(file.length);
    const found: [string, number[]][] = [];
    for (let at = 8; at < file.length;) {
      const length = file.readUInt32BE(at + 4);
      const png = file.subarray(at + 8, at + length);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      found.push([file.toString('latin1', at, at + 4), pngSize(png)]);
      at += length;
    }
    expect(found).toEqual(icnsTypes.map(([type, size]) => [type, [size, size]]));
  });

  it('writes an ICO with the Windows sizes up to 256 px', () => {
    const ico = generated.get('build/icon.ico')!;
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    // In the directory a width of 0 means 256.
    const widths = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths.sort((a, b) => a - b)).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('renders every Linux size at its size', () => {
    for (const size of [16, 32, 256, 1024]) {
      expect(pngSize(generated.get(`build/icons/png/${size}x${size}.png`)!)).toEqual([size, size]);
    }
  });
});
