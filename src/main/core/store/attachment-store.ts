import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { AttachmentKind, AttachmentRef } from '../../../shared/attachments.ts';
import { ATTACHMENT_LIMITS, attachmentIdSchema, attachmentKinds } from '../../../shared/attachments.ts';
import { ParleyError } from '../../../shared/errors.ts';
import {
  attachmentPath,
  removeAttachmentFile,
  removeQuietly,
  strayAttachmentFiles,
  writeAttachmentFile,
} from './attachment-files.ts';
import { sanitizeAttachmentName } from '../attachments/name.ts';
import { fileTooLarge } from '../attachments/refusals.ts';

/** What the one who stores an attachment knows about it (hB's ingest: sniffed, measured, extracted). */
export interface AttachmentMeta {
  kind: AttachmentKind;
  /** As chosen; stored sanitised (attachments/name.ts). */
  name: string;
  mime: string;
  width?: number;
  height?: number;
  /** A text file's text or a PDF's extracted text: searchable, sent in its place. */
  text?: string | null;
  tokens?: number;
}

/** A stored attachment with its text (null for images). */
export type StoredAttachment = AttachmentRef & { text: string | null };

/** An upload that was never sent is removed once it is this old. */
export const FRESH_UPLOAD_MS = 24 * 60 * 60 * 1000;

export interface AttachmentStoreDeps {
  /** `dataFiles(dataDir).attachments` */
  dir: string;
  /** Runs `work` on the open history database (repairing it once if it meets damage). */
  db: <T>(work: (db: DatabaseSync) => T) => T;
  now: () => number;
  /** How long an attachment no message refers to any more is kept: the history's undo window. */
  undoWindowMs: number;
}

interface AttachmentRow {
  id: string;
  kind: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  text: string | null;
  tokens: number | null;
}

const COLUMNS = 'id, kind, name, mime, size, width, height, text, tokens';

/**
 * Attachments, stored once by content hash (SHA-256, the `AttachmentRef.id`): the bytes as a file
 * in the data folder (attachment-files.ts), the metadata as a row of the history database. Messages
 * refer to them (attachment-refs.ts); `sweep` removes those no message refers to any more, after
 * the undo window, and uploads never sent, after a day. Reachable as `HistoryService.attachments`.
 */
export class AttachmentStore {
  readonly #deps: AttachmentStoreDeps;

  constructor(deps: AttachmentStoreDeps) {
    this.#deps = deps;
  }

  /** Stores the bytes (once: the same bytes give the same id, and the first row is kept). */
  put(bytes: Uint8Array, meta: AttachmentMeta): AttachmentRef {
    const name = sanitizeAttachmentName(meta.name, meta.kind, '');
    if (!attachmentKinds.includes(meta.kind)) {
      throw new ParleyError({
        code: 'invalid_input',
        message: `“${name}” is not a kind of file Parley keeps.`,
      });
    }
    if (bytes.byteLength > ATTACHMENT_LIMITS.maxFileBytes) throw fileTooLarge();
    const id = createHash('sha256').update(bytes).digest('hex');
    writeAttachmentFile(this.#deps.dir, id, bytes, name);
    const now = this.#deps.now();
    const row = this.#deps.db((db) => {
      db.prepare(
        `INSERT INTO attachments (${COLUMNS}, created_at, put_at)
         VALUES (:id, :kind, :name, :mime, :size, :width, :height, :text, :tokens, :now, :now)
         ON CONFLICT(id) DO UPDATE SET put_at = excluded.put_at,
           text = coalesce(attachments.text, excluded.text), tokens = coalesce(attachments.tokens, excluded.tokens),
           width = coalesce(attachments.width, excluded.width), height = coalesce(attachments.height, excluded.height)`,
      ).run({
        id,
        kind: meta.kind,
        name,
        mime: meta.mime,
        size: bytes.byteLength,
        width: meta.width ?? null,
        height: meta.height ?? null,
        text: meta.text ?? null,
        tokens: meta.tokens ?? null,
        now,
      });
      return this.#row(db, id)!;
    });
    // Another Parley process may have swept the file between the write and the row's new put_at.
    writeAttachmentFile(this.#deps.dir, id, bytes, name);
    // The name this person gave (the same bytes may have been stored before under another name).
    return { ...refOf(row), name };
  }

  /** The attachment's metadata and text; null when there is none with that id. */
  get(id: string): StoredAttachment | null {
    if (!attachmentIdSchema.safeParse(id).success) return null;
    const row = this.#deps.db((db) => this.#row(db, id));
    return row ? { ...refOf(row), text: row.text } : null;
  }

  /** All of an attachment's bytes, checked against its hash. */
  bytes(id: string): Buffer {
    const stored = this.#require(id);
    let data: Buffer;
    try {
      data = readFileSync(attachmentPath(this.#deps.dir, id));
    } catch {
      throw missingFile(stored.name);
    }
    if (createHash('sha256').update(data).digest('hex') !== id) throw damagedFile(stored.name);
    return data;
  }

  /** At most `length` bytes from `offset` (what a chunked read asks for); `size` is the whole file's. */
  read(id: string, offset: number, length: number): { data: Buffer; size: number; mime: string } {
    const stored = this.#require(id);
    let fd: number;
    try {
      fd = openSync(attachmentPath(this.#deps.dir, id), 'r');
    } catch {
      throw missingFile(stored.name);
    }
    try {
      if (fstatSync(fd).size !== stored.size) throw damagedFile(stored.name);
      const start = Math.max(0, Math.min(Math.floor(offset), stored.size));
      const data = Buffer.alloc(Math.max(0, Math.min(Math.floor(length), stored.size - start)));
      let got = 0;
      while (got < data.length) {
        const n = readSync(fd, data, got, data.length - got, start + got);
        if (n === 0) throw damagedFile(stored.name);
        got += n;
      }
      return { data, size: stored.size, mime: stored.mime };
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Removes attachments no message refers to: released more than the undo window ago, or stored
   * more than a day ago and never sent. With `files` (at start), also files without a row and
   * left-over temporary files. Never throws for a file; returns how many attachments went.
   */
  sweep(options: { files?: boolean } = {}): number {
    const now = this.#deps.now();
    const freshCutoff = now - FRESH_UPLOAD_MS;
    const gone = this.#deps.db(
      (db) =>
        db
          .prepare(
            `DELETE FROM attachments AS a WHERE put_at <= :fresh AND coalesce(released_at, 0) <= :released
               AND NOT EXISTS (SELECT 1 FROM message_attachments ma WHERE ma.attachment_id = a.id)
             RETURNING id`,
          )
          .all({ fresh: freshCutoff, released: now - this.#deps.undoWindowMs }) as { id: string }[],
    );
    for (const { id } of gone) removeAttachmentFile(this.#deps.dir, id);
    if (options.files) {
      const known = this.#deps.db((db) => db.prepare('SELECT 1 FROM attachments WHERE id = ?'));
      for (const file of strayAttachmentFiles(this.#deps.dir, (id) => !!known.get(id), freshCutoff)) {
        removeQuietly(file);
      }
    }
    return gone.length;
  }

  #row(db: DatabaseSync, id: string): AttachmentRow | null {
    const row = db.prepare(`SELECT ${COLUMNS} FROM attachments WHERE id = ?`).get(id);
    return (row as unknown as AttachmentRow | undefined) ?? null;
  }

  #require(id: string): StoredAttachment {
    const stored = this.get(id);
    if (!stored) {
      throw new ParleyError({
        code: 'not_found',
        reason: 'attachment_missing',
        message: 'That attachment is no longer stored (it may have been removed). Attach the file again.',
      });
    }
    return stored;
  }
}

function refOf(row: AttachmentRow): AttachmentRef {
  return {
    id: row.id,
    kind: row.kind as AttachmentKind,
    name: row.name,
    mime: row.mime,
    size: Number(row.size),
    ...(row.width !== null ? { width: Number(row.width) } : {}),
    ...(row.height !== null ? { height: Number(row.height) } : {}),
    ...(row.tokens !== null ? { tokens: Number(row.tokens) } : {}),
  };
}

function missingFile(name: string): ParleyError {
  return new ParleyError({
    code: 'not_found',
    reason: 'attachment_file_missing',
    params: { name },
    message: `The file of the attachment “${name}” is missing from Parley's data folder (it may have been restored from a backup without it).`,
  });
}

function damagedFile(name: string): ParleyError {
  return new ParleyError({
    code: 'not_found',
    reason: 'attachment_file_damaged',
    params: { name },
    message: `The file of the attachment “${name}” is damaged: its bytes are not the ones that were attached.`,
  });
}
