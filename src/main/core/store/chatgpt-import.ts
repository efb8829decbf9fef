import type { DatabaseSync } from 'node:sqlite';
import { ParleyError } from '../../../shared/errors.ts';
import { EXPORT_HINT, openExportSource } from './chatgpt-export-source.ts';
import type { ExportSource } from './chatgpt-export-source.ts';
import { NotAConversationError, convertChatGptConversation } from './chatgpt-mapping.ts';
import type { ImportedConversation } from './chatgpt-mapping.ts';
import { IMPORT_LIMITS, ImportRefusal } from './import-limits.ts';
import type { ImportLimits } from './import-limits.ts';
import { readJsonArray } from './json-array-reader.ts';
import { ImportWriter } from './import-writer.ts';
import type { AttachmentKeeper } from '../attachments/attach-file.ts';
import type { Ingest } from '../attachments/ingest-runner.ts';
import { openImageAssets } from './chatgpt-assets.ts';
import type { ImageAssets } from './chatgpt-assets.ts';
import { storeImportedImages } from './chatgpt-images.ts';

export interface ImportProgress {
  conversationsRead: number;
  conversationsAdded: number;
  messagesAdded: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  now?: () => number;
  /** Tests lower these to reach them quickly. */
  limits?: ImportLimits;
  /** Where the images the export holds are stored (absent: they stay `[image]` placeholders). */
  attachments?: AttachmentKeeper;
  /** Where those images are prepared (default: this thread). */
  ingest?: Ingest;
}

export interface ImportResult extends ImportProgress {
  /** Conversations already imported, with nothing new in them. */
  conversationsUnchanged: number;
  /** Conversations imported before that had new messages added. */
  conversationsUpdated: number;
  /** Entries that were not conversations (kept out, counted here). */
  skippedEntries: number;
}

const BATCH = 200;
/** A batch is also written once its messages hold this many characters, so memory stays bounded. */
const BATCH_CHARS = 16 * 1024 ** 2;

/**
 * Imports a ChatGPT data export (`conversations.json`, the export .zip holding it, or the folder it
 * unzips to), reading it as a stream within `IMPORT_LIMITS`, so a hostile file (a zip bomb, one huge
 * text, deep nesting, a cycle) is refused in plain words with bounded memory, time and disk.
 * Idempotent: conversations and messages are keyed by their ChatGPT ids, so importing the same export
 * again adds nothing, and a newer export adds only what is new. Committed in batches of whole
 * conversations; a failure part-way keeps (and counts, in its message) the whole conversations
 * before it, and nothing of the one that failed. Throws only `ParleyError`.
 */
export async function importChatGptExport(
  db: DatabaseSync,
  file: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { onProgress, signal, now = Date.now, limits = IMPORT_LIMITS } = options;
  const result: ImportResult = {
    conversationsRead: 0,
    conversationsAdded: 0,
    messagesAdded: 0,
    bytesRead: 0,
    totalBytes: 0,
    conversationsUnchanged: 0,
    conversationsUpdated: 0,
    skippedEntries: 0,
  };
  const writer = new ImportWriter(db, now);
  let batch: ImportedConversation[] = [];
  let batchChars = 0;
  let source: ExportSource | null = null;
  let assets: ImageAssets | null = null;
  // The images an export holds are bounded as its JSON is.
  const budget = { bytesLeft: limits.maxExportBytes };
  const commit = async () => {
    const pending = batch;
    batch = [];
    batchChars = 0;
    if (assets && options.attachments)
      await storeImportedImages(pending, assets, options.attachments, budget, options.ingest);
    await writer.write(pending, result);
    result.bytesRead = source?.counter.bytes ?? 0;
    onProgress?.({ ...pick(result) });
  };
  try {
    source = await openExportSource(file, limits);
    result.totalBytes = source.totalBytes;
    if (options.attachments) assets = await openImageAssets(file, limits);
    for await (const value of readJsonArray(source.bytes, limits)) {
      if (signal?.aborted) throw new ParleyError({ code: 'cancelled', message: 'The import was stopped.' });
      result.conversationsRead++;
      try {
        const conversation = convertChatGptConversation(value, limits);
        batch.push(conversation);
        for (const m of conversation.messages) batchChars += m.content.length;
      } catch (error) {
        if (!(error instanceof NotAConversationError)) throw error;
        result.skippedEntries++;
      }
      if (batch.length >= BATCH || batchChars >= BATCH_CHARS) await commit();
    }
    await commit();
  } catch (error) {
    source?.close();
    if (error instanceof ParleyError && error.code === 'storage') throw error;
    if (batch.length) await commit(); // the whole conversations read before the failure are kept, and counted
    throw failure(error, result);
  } finally {
    assets?.close();
  }
  result.bytesRead = result.totalBytes;
  return result;
}

const NOT_AN_EXPORT = `That file is not a ChatGPT export. ${EXPORT_HINT}`;

/** What went wrong, in plain words, and what was kept. */
function failure(error: unknown, result: ImportResult): ParleyError {
  if (error instanceof ParleyError && error.code !== 'cancelled') return error;
  const stored = result.conversationsAdded + result.conversationsUpdated + result.conversationsUnchanged;
  const kept =
    stored === 0
      ? 'Nothing was imported.'
      : `The ${stored} conversation${stored === 1 ? '' : 's'} before that point ${stored === 1 ? 'was' : 'were'} imported; nothing else changed.`;
  if (error instanceof ParleyError)
    return new ParleyError({ code: 'cancelled', message: `${error.message} ${kept}` });
  if (error instanceof ImportRefusal) return invalid(`${error.message} ${kept}`, error.detail, error);
  const detail = error instanceof Error ? error.message : String(error);
  const read = result.conversationsRead;
  if (error instanceof SyntaxError && read === 0) return invalid(NOT_AN_EXPORT, detail, error);
  const reason =
    error instanceof SyntaxError
      ? `The export file is damaged after ${read} conversations.`
      : read === 0
        ? 'The export could not be read (it may be damaged).'
        : `The export could not be read to the end (it may be damaged) after ${read} conversations.`;
  return invalid(`${reason} ${kept}`, detail, error);
}

function invalid(message: string, detail: string | undefined, cause: unknown): ParleyError {
  return new ParleyError({ code: 'invalid_input', message, ...(detail ? { detail } : {}) }, { cause });
}

function pick(r: ImportResult): ImportProgress {
  return {
    conversationsRead: r.conversationsRead,
    conversationsAdded: r.conversationsAdded,
    messagesAdded: r.messagesAdded,
    bytesRead: r.bytesRead,
    totalBytes: r.totalBytes,
  };
}
