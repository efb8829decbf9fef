import { randomUUID } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { Readable } from 'node:stream';
import streamArray from 'stream-json/streamers/stream-array.js';
import yauzl from 'yauzl';
import { ParleyError } from '../../../shared/errors.ts';
import { NotAConversationError, convertChatGptConversation } from './chatgpt-mapping.ts';
import type { ImportedConversation } from './chatgpt-mapping.ts';
import { gramText } from './search-text.ts';

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
const SOURCE = 'chatgpt-import';

/**
 * Imports a ChatGPT data export (`conversations.json`, or the export .zip holding it), reading it as
 * a stream so memory stays bounded whatever the file's size. Idempotent: conversations and messages
 * are keyed by their ChatGPT ids, so importing the same export again adds nothing, and a newer
 * export adds only what is new. Committed in batches; a failure part-way keeps what came before.
 */
export async function importChatGptExport(
  db: DatabaseSync,
  file: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { onProgress, signal, now = Date.now } = options;
  const { stream, totalBytes, counter } = await openExport(file);
  const result: ImportResult = {
    conversationsRead: 0,
    conversationsAdded: 0,
    messagesAdded: 0,
    bytesRead: 0,
    totalBytes,
    conversationsUnchanged: 0,
    conversationsUpdated: 0,
    skippedEntries: 0,
  };
  const writer = new ImportWriter(db, now);
  const items = stream.pipe(streamArray.withParserAsStream({ streamValues: false }));
  stream.on('error', (error) => items.destroy(error));
  let batch: ImportedConversation[] = [];
  const commit = () => {
    writer.write(batch, result);
    batch = [];
    result.bytesRead = counter.bytes;
    onProgress?.({ ...pick(result) });
  };
  try {
    for await (const item of items as AsyncIterable<{ key: number; value: unknown }>) {
      if (signal?.aborted) throw new ParleyError({ code: 'cancelled', message: 'The import was stopped.' });
      result.conversationsRead++;
      try {
        batch.push(convertChatGptConversation(item.value));
      } catch (error) {
        if (!(error instanceof NotAConversationError)) throw error;
        result.skippedEntries++;
      }
      if (batch.length >= BATCH) commit();
    }
    commit();
  } catch (error) {
    stream.destroy();
    if (error instanceof ParleyError) throw error;
    throw new ParleyError(
      {
        code: 'invalid_input',
        message:
          result.conversationsRead === 0
            ? 'That file is not a ChatGPT export. Choose conversations.json or the .zip from ChatGPT’s “Export data”.'
            : `The export file is damaged after ${result.conversationsRead} conversations. Those were imported; nothing else changed.`,
        detail: error instanceof Error ? error.message : String(error),
      },
      { cause: error },
    );
  }
  result.bytesRead = totalBytes;
  return result;
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

class ImportWriter {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #stmts;

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db;
    this.#now = now;
    this.#stmts = {
      findConversation: db.prepare('SELECT id FROM conversations WHERE source = ? AND source_id = ?'),
      knownMessages: db.prepare(
        'SELECT source_id, id FROM messages WHERE conversation_id = ? AND source_id IS NOT NULL',
      ),
      insertConversation: db.prepare(
        `INSERT INTO conversations (id, title, created_at, updated_at, archived, model, source, source_id, current_leaf_id)
         VALUES (?, ?, ?, ?, ?, ?, '${SOURCE}', ?, ?)`,
      ),
      touchConversation: db.prepare('UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?'),
      insertMessage: db.prepare(
        `INSERT INTO messages (id, conversation_id, parent_id, role, content, state, provider_id, model, created_at, updated_at, source_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      indexFts: db.prepare('INSERT INTO message_fts (rowid, content) VALUES (?, ?)'),
      indexGrams: db.prepare('INSERT INTO message_grams (rowid, content) VALUES (?, ?)'),
    };
  }

  write(batch: ImportedConversation[], result: ImportResult): void {
    if (batch.length === 0) return;
    const s = this.#stmts;
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const conversation of batch) {
        const existing = s.findConversation.get(SOURCE, conversation.sourceId) as { id: string } | undefined;
        const conversationId = existing?.id ?? randomUUID();
        const ids = new Map<string, string>();
        if (existing) {
          for (const row of s.knownMessages.all(conversationId) as { source_id: string; id: string }[])
            ids.set(row.source_id, row.id);
        }
        const fresh = conversation.messages.filter((m) => !ids.has(m.sourceId));
        for (const m of fresh) ids.set(m.sourceId, randomUUID());
        if (!existing) {
          s.insertConversation.run(
            conversationId,
            conversation.title,
            conversation.createdAt || this.#now(),
            conversation.updatedAt || this.#now(),
            conversation.archived ? 1 : 0,
            conversation.model,
            conversation.sourceId,
            conversation.currentLeafSourceId ? (ids.get(conversation.currentLeafSourceId) ?? null) : null,
          );
          result.conversationsAdded++;
        } else if (fresh.length > 0) {
          s.touchConversation.run(conversation.updatedAt, conversationId);
          result.conversationsUpdated++;
        } else {
          result.conversationsUnchanged++;
        }
        for (const m of fresh) {
          const { lastInsertRowid } = s.insertMessage.run(
            ids.get(m.sourceId)!,
            conversationId,
            m.parentSourceId ? (ids.get(m.parentSourceId) ?? null) : null,
            m.role,
            m.content,
            m.state,
            m.role === 'assistant' ? 'openai' : null,
            m.model,
            m.createdAt,
            m.createdAt,
            m.sourceId,
          );
          s.indexFts.run(lastInsertRowid, m.content);
          s.indexGrams.run(lastInsertRowid, gramText(m.content));
          result.messagesAdded++;
        }
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw new ParleyError(
        {
          code: 'storage',
          message: 'The import could not be saved.',
          detail: error instanceof Error ? error.message : String(error),
        },
        { cause: error },
      );
    }
  }
}

async function openExport(
  file: string,
): Promise<{ stream: Readable; totalBytes: number; counter: { bytes: number } }> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ParleyError({ code: 'invalid_input', message: `There is no file at ${file}.` });
  }
  const counter = { bytes: 0 };
  if (isZip(file)) {
    const { stream, totalBytes } = await openZipEntry(file);
    stream.on('data', (chunk: Buffer) => (counter.bytes += chunk.length));
    return { stream, totalBytes, counter };
  }
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => (counter.bytes += chunk.length));
  return { stream, totalBytes: size, counter };
}

function isZip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50;
  } finally {
    closeSync(fd);
  }
}

function openZipEntry(file: string): Promise<{ stream: Readable; totalBytes: number }> {
  return new Promise((resolve, reject) => {
    const bad = (detail: string) =>
      new ParleyError({
        code: 'invalid_input',
        message: 'That .zip is not a ChatGPT export: it has no conversations.json inside.',
        detail,
      });
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return reject(bad(error?.message ?? 'unreadable zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/(^|\/)conversations\.json$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(bad(streamError?.message ?? 'unreadable entry'));
          resolve({ stream, totalBytes: entry.uncompressedSize });
        });
      });
      zip.on('end', () => reject(bad('no conversations.json entry')));
      zip.on('error', (zipError: Error) => reject(bad(zipError.message)));
      zip.readEntry();
    });
  });
}
