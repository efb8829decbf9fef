import type { DatabaseSync } from 'node:sqlite';
import type { MessagePart } from '../../../shared/attachments.ts';
import { answerParts, attachmentIdSchema, attachmentsOf, usedTools } from '../../../shared/attachments.ts';
import { ParleyError } from '../../../shared/errors.ts';

/**
 * Which messages refer to which attachments (`message_attachments`), kept with the messages: a
 * message's parts are stored with it and its attachments linked; deleting messages releases them
 * (attachment-store.ts removes them after the undo window). A message's parts are stored as JSON
 * only when they are more than its text: NULL reads as one text part equal to `content`.
 */

/** The `parts` column for a message: null when its parts are just its text. */
export function partsColumn(content: string, parts: MessagePart[] | undefined): string | null {
  if (parts === undefined || parts.length === 0) return null;
  if (parts.length === 1 && parts[0]!.type === 'text' && parts[0]!.text === content) return null;
  return JSON.stringify(parts);
}

/** The message's parts: stored ones (what of them is well-formed), or its text as one part. */
export function partsOf(content: string, column: string | null): MessagePart[] {
  if (column) {
    try {
      const parsed = JSON.parse(column) as unknown;
      const parts = Array.isArray(parsed) ? parsed.filter(isPart) : [];
      // An answer that used tools: the text streamed after its last stored part comes last.
      if (parts.length > 0) return usedTools(parts) ? answerParts(parts, content) : parts;
    } catch {
      // Damaged: the text is still there.
    }
  }
  return [{ type: 'text', text: content }];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object';
const allStrings = (value: Record<string, unknown>, keys: string[]) =>
  keys.every((key) => typeof value[key] === 'string');

function isPart(value: unknown): value is MessagePart {
  if (!isRecord(value)) return false;
  const part = value as { type?: unknown; text?: unknown; attachment?: { id?: unknown } | null };
  if (part.type === 'text') return typeof part.text === 'string';
  if (part.type === 'tool_call')
    return (
      isRecord(value.call) &&
      allStrings(value.call, ['id', 'name', 'arguments']) &&
      allStrings(value, ['server', 'tool'])
    );
  if (part.type === 'tool_result')
    return (
      typeof value.callId === 'string' &&
      isRecord(value.outcome) &&
      typeof value.outcome.text === 'string' &&
      typeof value.outcome.isError === 'boolean'
    );
  return (
    (part.type === 'image' || part.type === 'file') &&
    typeof part.attachment === 'object' &&
    part.attachment !== null &&
    typeof part.attachment.id === 'string'
  );
}

/** Links the message to each attachment its parts name; refuses one that is not stored. */
export function linkAttachments(db: DatabaseSync, seq: number, parts: MessagePart[] | undefined): void {
  const ids = [...new Set(attachmentsOf(parts ?? []).map((ref) => ref.id))];
  if (ids.length === 0) return;
  const exists = db.prepare('SELECT 1 FROM attachments WHERE id = ?');
  const link = db.prepare(
    'INSERT OR IGNORE INTO message_attachments (message_seq, attachment_id) VALUES (?, ?)',
  );
  for (const id of ids) {
    if (!exists.get(id)) {
      throw new ParleyError({
        code: 'not_found',
        reason: 'attachment_missing',
        message:
          'An attachment of this message is no longer stored (it may have been removed). Attach it again.',
      });
    }
    link.run(seq, id);
  }
}

/**
 * Marks as released, at `at`, the attachments of the messages `seqsSql` selects (a subquery over
 * `messages`, with its parameters), before those messages are deleted.
 */
export function releaseAttachments(
  db: DatabaseSync,
  seqsSql: string,
  params: Record<string, string | number>,
  at: number,
): void {
  db.prepare(
    `UPDATE attachments SET released_at = max(coalesce(released_at, 0), :at)
     WHERE id IN (SELECT attachment_id FROM message_attachments WHERE message_seq IN (${seqsSql}))`,
  ).run({ ...params, at });
}

/** What search finds a message by besides its text: its attachments' names and extracted text. */
export function attachmentSearchText(db: DatabaseSync, seq: number): string {
  const rows = db
    .prepare(
      `SELECT a.name, a.text FROM message_attachments ma JOIN attachments a ON a.id = ma.attachment_id
       WHERE ma.message_seq = ?`,
    )
    .all(seq) as { name: string; text: string | null }[];
  return rows.map((r) => (r.text ? `${r.name}\n${r.text}` : r.name)).join('\n');
}

/**
 * After a repair (history-salvage.ts): links every message to the attachments its stored parts
 * name, re-creating from the part a row the damaged file lost, so no attachment a message shows
 * looks unused to the sweep.
 */
export function relinkAttachments(db: DatabaseSync, now: number): void {
  const restore = db.prepare(
    `INSERT OR IGNORE INTO attachments (id, kind, name, mime, size, width, height, tokens, created_at, put_at)
     VALUES (:id, :kind, :name, :mime, :size, :width, :height, :tokens, :now, :now)`,
  );
  const link = db.prepare(
    'INSERT OR IGNORE INTO message_attachments (message_seq, attachment_id) VALUES (?, ?)',
  );
  const rows = db.prepare('SELECT seq, content, parts FROM messages WHERE parts IS NOT NULL').all() as {
    seq: number;
    content: string;
    parts: string;
  }[];
  for (const row of rows) {
    for (const ref of attachmentsOf(partsOf(row.content, row.parts))) {
      if (!attachmentIdSchema.safeParse(ref?.id).success) continue;
      try {
        restore.run({
          id: ref.id,
          kind: String(ref.kind),
          name: String(ref.name),
          mime: String(ref.mime),
          size: Number(ref.size) || 0,
          width: ref.width ?? null,
          height: ref.height ?? null,
          tokens: ref.tokens ?? null,
          now,
        });
        link.run(row.seq, ref.id);
      } catch {
        // A part scrambled past use: the message keeps its text.
      }
    }
  }
}
