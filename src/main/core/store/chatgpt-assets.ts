import { lstatSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import yauzl from 'yauzl';
import { ATTACHMENT_LIMITS } from '../../../shared/attachments.ts';
import { listDir } from './attachment-files.ts';
import { isZip, safeName } from './chatgpt-export-source.ts';
import type { ImportLimits } from './import-limits.ts';

/**
 * The image files of a ChatGPT export, found by the asset id their messages point to: a file
 * whose name starts with the id (`file-AbC123-photo.png`, `file_00…-uuid.png`), in the export .zip
 * (read from it, never extracted to disk) or in the folder it unzips to (and its subfolders one
 * level down). Each is read only when asked for, within the limits: a file over the size of an
 * attachment, or a zip entry that inflates far more than an image does, is not read (its message
 * keeps an `[image]` placeholder). Nothing here throws.
 */
export interface ImageAssets {
  read(asset: string): Promise<{ bytes: Buffer; name: string } | null>;
  close(): void;
}

type AssetLimits = Pick<ImportLimits, 'maxZipRatio' | 'ratioFloorBytes' | 'maxNodes'>;

const NONE: ImageAssets = { read: async () => null, close: () => {} };
const MAX_BYTES = ATTACHMENT_LIMITS.maxFileBytes;

/** The asset id a file name starts with, if any. */
export function assetIdOf(name: string): string | null {
  return /^(file[-_][A-Za-z0-9]{1,100})(?=[-_.]|$)/.exec(name)?.[1] ?? null;
}

/** The images of the export at `path` (a .zip or a folder; a lone conversations.json has none). */
export async function openImageAssets(path: string, limits: AssetLimits): Promise<ImageAssets> {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return folderAssets(path, limits);
    if (stats.isFile() && isZip(path)) return await zipAssets(path, limits);
  } catch {
    // The conversations' reader reports what is wrong with the file.
  }
  return NONE;
}

function folderAssets(dir: string, limits: AssetLimits): ImageAssets {
  const files = new Map<string, string>();
  const visit = (folder: string, depth: number) => {
    for (const name of listDir(folder)) {
      if (files.size >= limits.maxNodes) return;
      const file = join(folder, name);
      let stats;
      try {
        stats = lstatSync(file); // a link is never followed
      } catch {
        continue;
      }
      const id = assetIdOf(name);
      if (stats.isFile() && id && !files.has(id)) files.set(id, file);
      else if (stats.isDirectory() && depth === 0) visit(file, 1);
    }
  };
  visit(dir, 0);
  return {
    read: async (asset) => {
      const file = files.get(asset);
      if (!file) return null;
      try {
        if (lstatSync(file).size > MAX_BYTES) return null;
        const bytes = readFileSync(file);
        return bytes.length > MAX_BYTES ? null : { bytes, name: basename(file) };
      } catch {
        return null;
      }
    },
    close: () => {},
  };
}

function zipAssets(file: string, limits: AssetLimits): Promise<ImageAssets> {
  return new Promise((resolve) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false }, (error, zip) => {
      if (error || !zip) return resolve(NONE);
      const entries = new Map<string, { entry: yauzl.Entry; name: string }>();
      zip.on('error', () => resolve(NONE)); // later errors fail the one read that meets them
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = safeName(entry);
        const id = name && !name.endsWith('/') ? assetIdOf(basename(name)) : null;
        if (id && !entries.has(id) && entries.size < limits.maxNodes)
          entries.set(id, { entry, name: basename(name!) });
        zip.readEntry();
      });
      zip.on('end', () =>
        resolve({
          read: async (asset) => {
            const found = entries.get(asset);
            if (!found) return null;
            const bytes = await readEntry(zip, found.entry, limits);
            return bytes ? { bytes, name: found.name } : null;
          },
          close: () => zip.close(),
        }),
      );
      zip.readEntry();
    });
  });
}

/** An entry's bytes, or null when it is too large, inflates too much, lies about its size or is damaged. */
function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limits: AssetLimits): Promise<Buffer | null> {
  const size = entry.uncompressedSize;
  if (size > MAX_BYTES) return Promise.resolve(null);
  if (size > limits.ratioFloorBytes && size > entry.compressedSize * limits.maxZipRatio)
    return Promise.resolve(null);
  return new Promise((resolve) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return resolve(null);
      const chunks: Buffer[] = [];
      let got = 0;
      stream.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (got > size) {
          stream.destroy();
          return resolve(null);
        }
        chunks.push(chunk);
      });
      stream.on('error', () => resolve(null));
      stream.on('end', () => resolve(got === size ? Buffer.concat(chunks) : null));
    });
  });
}
