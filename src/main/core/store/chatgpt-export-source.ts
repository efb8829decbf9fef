import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ParleyError } from '../../../shared/errors.ts';
import { ImportRefusal, megabytes } from './import-limits.ts';
import type { ImportLimits } from './import-limits.ts';

/** The bytes of an export's `conversations.json`, counted as they are read. */
export interface ExportSource {
  bytes: AsyncIterable<Buffer>;
  totalBytes: number;
  counter: { bytes: number };
  close(): void;
}

type SourceLimits = Pick<ImportLimits, 'maxExportBytes' | 'maxZipRatio' | 'ratioFloorBytes'>;

export const EXPORT_HINT =
  'Choose conversations.json, the .zip from ChatGPT’s “Export data”, or the folder it unzips to.';

/**
 * Opens what the user chose: `conversations.json`, the export .zip (only its `conversations.json`
 * is read, as a stream, and nothing is ever extracted to disk), or the folder an export unzips to.
 * Refuses, before reading, a file over the size limit and a zip entry that inflates far more than
 * JSON does; counts the bytes while reading so a zip that lies about its sizes is stopped too.
 */
export async function openExportSource(path: string, limits: SourceLimits): Promise<ExportSource> {
  let file = path;
  let stats = statOrNull(file);
  if (stats?.isDirectory()) {
    file = join(path, 'conversations.json');
    stats = statOrNull(file);
    if (!stats) {
      throw new ParleyError({
        code: 'invalid_input',
        message: `The folder ${path} has no conversations.json. ${EXPORT_HINT}`,
      });
    }
  }
  if (!stats) throw new ParleyError({ code: 'invalid_input', message: `There is no file at ${path}.` });
  if (!stats.isFile()) {
    throw new ParleyError({ code: 'invalid_input', message: `${path} is not a file. ${EXPORT_HINT}` });
  }
  if (isZip(file)) return openZipEntry(file, limits);
  if (stats.size > limits.maxExportBytes) throw tooLarge(limits);
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  return counted(stream, stats.size, limits);
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function tooLarge(limits: SourceLimits): ImportRefusal {
  return new ImportRefusal(
    `The export’s conversations.json is larger than ${megabytes(limits.maxExportBytes)}, more than Parley imports at once.`,
  );
}

/** Counts the bytes; errors of a zip entry's stream (bad deflate data, sizes that lie) become `damaged`. */
function counted(stream: Readable, totalBytes: number, limits: SourceLimits, damaged?: string): ExportSource {
  const counter = { bytes: 0 };
  // A zip entry inflates before anyone reads it (up to the streams' buffers), so a lying size can
  // fail it before the reading starts: keep that error for the reader instead of letting it escape.
  let early: unknown = null;
  stream.on('error', (error) => (early ??= error));
  async function* bytes(): AsyncGenerator<Buffer> {
    const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        if (early) throw early;
        next = await chunks.next();
      } catch (error) {
        if (!damaged) throw error;
        throw new ImportRefusal(damaged, error instanceof Error ? error.message : String(error));
      }
      if (next.done) return;
      counter.bytes += next.value.length;
      if (counter.bytes > Math.min(totalBytes, limits.maxExportBytes)) throw tooLarge(limits);
      yield next.value;
    }
  }
  return { bytes: bytes(), totalBytes, counter, close: () => stream.destroy() };
}

export function isZip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    closeSync(fd);
  }
}

/** A safe name: relative, no `..` segment, no backslash or drive letter (yauzl's own rule). */
export function safeName(entry: yauzl.Entry): string | null {
  const raw = entry.fileName as unknown as Buffer;
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
  return yauzl.validateFileName(name) === null ? name : null;
}

function openZipEntry(file: string, limits: SourceLimits): Promise<ExportSource> {
  return new Promise((resolve, reject) => {
    let ignored: string | null = null;
    const fail = (reason: string, detail?: string) => reject(new ImportRefusal(reason, detail));
    // decodeStrings off: yauzl would refuse the whole zip at the first unsafe name; we skip such
    // entries instead (nothing is ever written from a zip, so a name never becomes a path).
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: false }, (error, zip) => {
      if (error || !zip) return fail('That .zip is damaged or is not a zip file.', error?.message);
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = safeName(entry);
        if (name === null) {
          ignored ??= (entry.fileName as unknown as Buffer).toString('latin1');
          return zip.readEntry();
        }
        if (!/(^|\/)conversations\.json$/.test(name)) return zip.readEntry();
        const size = entry.uncompressedSize;
        if (size > limits.maxExportBytes) {
          zip.close();
          return reject(tooLarge(limits));
        }
        if (size > limits.ratioFloorBytes && size > entry.compressedSize * limits.maxZipRatio) {
          zip.close();
          return fail(
            `That .zip unpacks to over ${limits.maxZipRatio} times its size (${megabytes(size)}), which a ChatGPT export never does, so Parley did not open it.`,
          );
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream)
            return fail('That .zip is damaged: its conversations.json cannot be read.', streamError?.message);
          resolve(
            counted(
              stream,
              size,
              limits,
              'That .zip is damaged: its conversations.json cannot be unpacked, or is not the size the .zip gives for it.',
            ),
          );
        });
      });
      zip.on('end', () =>
        fail(
          ignored
            ? `That .zip is not a ChatGPT export: it has no conversations.json inside (a file named “${ignored}” was ignored: its name points outside the .zip).`
            : 'That .zip is not a ChatGPT export: it has no conversations.json inside.',
        ),
      );
      zip.on('error', (zipError: Error) =>
        fail('That .zip is damaged or is not a zip file.', zipError.message),
      );
      zip.readEntry();
    });
  });
}
