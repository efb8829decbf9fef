import { randomUUID } from 'node:crypto';
import { ParleyError } from '../../../shared/errors.ts';
import type {
  ConversationDetail,
  ConversationPage,
  ConversationSource,
  ConversationSummary,
} from '../../../shared/history.ts';
import { listConversationsInputSchema } from '../../../shared/history.ts';
import type { HistoryContext } from './history-context.ts';
import { TITLE_MAX_LENGTH, conversationTitle } from '../../../shared/conversation-title.ts';
import { notFound } from './history-context.ts';
import { CONVERSATION_COLUMNS, toMessage, toSummary } from './history-rows.ts';
import type { ConversationRow, MessageRow } from './history-rows.ts';
import { decodeCursor, encodeCursor } from './list-cursor.ts';
import { initialSettingsColumns } from './history-settings.ts';
import { releaseAttachments } from './attachment-refs.ts';
import type { ConversationSettings } from '../../../shared/assistants.ts';

/** Conversations: the list, one conversation with its messages, and the changes the sidebar makes. */

export interface HistoryStats {
  conversations: number;
  messages: number;
}

export interface NewConversation {
  title?: string;
  providerId?: string | null;
  model?: string | null;
  source?: ConversationSource;
  /** A title may be generated after its first answer (conversation-titles.ts); off by default. */
  titlePending?: boolean;
  /** Its assistant, system prompt, parameters and history limit (absent: none, all history). */
  settings?: Partial<Omit<ConversationSettings, 'systemPromptVersion'>>;
}

export function listConversations(
  ctx: HistoryContext,
  input: Partial<{ limit: number; cursor: string | null; includeArchived: boolean; onlyArchived: boolean }>,
): ConversationPage {
  const { limit, cursor, includeArchived, onlyArchived } = listConversationsInputSchema.parse(input);
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = ctx.db
    .prepare(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations c INDEXED BY conversations_by_order
       WHERE c.deleted_at IS NULL AND (:archived = 1 OR c.archived = 0) AND (:only = 0 OR c.archived = 1)
         AND (:hasCursor = 0 OR (c.pinned, c.updated_at, c.id) < (:pinned, :updated, :id))
       ORDER BY c.pinned DESC, c.updated_at DESC, c.id DESC LIMIT :limit`,
    )
    .all({
      archived: includeArchived || onlyArchived ? 1 : 0,
      only: onlyArchived ? 1 : 0,
      hasCursor: after ? 1 : 0,
      pinned: after?.pinned ?? 0,
      updated: after?.updatedAt ?? 0,
      id: after?.id ?? '',
      limit: limit + 1,
    }) as unknown as ConversationRow[];
  const items = rows.slice(0, limit).map(toSummary);
  const last = rows.length > limit ? rows[limit - 1]! : null;
  return {
    items,
    nextCursor: last
      ? encodeCursor({ pinned: last.pinned, updatedAt: Number(last.updated_at), id: last.id })
      : null,
  };
}

export function openConversation(ctx: HistoryContext, conversationId: string): ConversationDetail {
  const row = ctx.conversationRow(conversationId);
  const messages = (ctx.stmts.messagesOf.all(conversationId) as unknown as MessageRow[]).map(toMessage);
  return { ...toSummary(row), messages, currentLeafId: row.current_leaf_id };
}

export function historyStats(ctx: HistoryContext): HistoryStats {
  const row = ctx.db
    .prepare(
      `SELECT (SELECT count(*) FROM conversations WHERE deleted_at IS NULL) AS conversations,
              (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.deleted_at IS NULL) AS messages`,
    )
    .get() as { conversations: number; messages: number };
  return { conversations: Number(row.conversations), messages: Number(row.messages) };
}

export function createConversation(ctx: HistoryContext, init: NewConversation): ConversationSummary {
  const id = randomUUID();
  const now = ctx.now();
  ctx.stmts.insertConversation.run({
    id,
    title: conversationTitle(init.title ?? ''),
    created: now,
    updated: now,
    folder: null,
    tags: '[]',
    providerId: init.providerId ?? null,
    model: init.model ?? null,
    source: init.source ?? 'parley',
    sourceId: null,
    titleState: init.titlePending ? 'pending' : 'kept',
    ...initialSettingsColumns(init.settings ?? {}),
  });
  return toSummary(ctx.conversationRow(id));
}

export function renameConversation(ctx: HistoryContext, conversationId: string, title: string) {
  const clean = conversationTitle(title, TITLE_MAX_LENGTH);
  if (!clean) throw new ParleyError({ code: 'invalid_input', message: 'A title cannot be empty.' });
  // A name the user gave is kept: no generated title replaces it, not even one already asked for.
  return updateConversation(ctx, conversationId, "title = ?, title_state = 'kept'", clean);
}

export function setPinned(ctx: HistoryContext, conversationId: string, pinned: boolean) {
  return updateConversation(ctx, conversationId, 'pinned = ?', pinned ? 1 : 0);
}

/** Archived conversations leave the list (not search); unarchiving brings them back. */
export function setArchived(ctx: HistoryContext, conversationId: string, archived: boolean) {
  return updateConversation(ctx, conversationId, 'archived = ?', archived ? 1 : 0);
}

/** Every conversation that is not deleted (archived ones too), oldest first: what "export all" writes. */
export function allConversationIds(ctx: HistoryContext): string[] {
  const rows = ctx.db
    .prepare('SELECT id FROM conversations WHERE deleted_at IS NULL ORDER BY created_at, id')
    .all() as { id: string }[];
  return rows.map((r) => r.id);
}

/** Soft delete: hidden everywhere until `undoDelete`, purged later (`purgeDeleted`). */
export function softDelete(ctx: HistoryContext, conversationId: string): void {
  ctx.conversationRow(conversationId);
  ctx.db.prepare('UPDATE conversations SET deleted_at = ? WHERE id = ?').run(ctx.now(), conversationId);
}

export function undoDelete(ctx: HistoryContext, conversationId: string): ConversationSummary {
  const result = ctx.db
    .prepare('UPDATE conversations SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL')
    .run(conversationId);
  if (Number(result.changes) === 0) throw notFound('deleted conversation');
  return toSummary(ctx.conversationRow(conversationId));
}

/** Removes for good the conversations soft-deleted more than `olderThanMs` ago. */
export function purgeDeleted(ctx: HistoryContext, olderThanMs: number): number {
  const cutoff = ctx.now() - olderThanMs;
  const rows = ctx.db
    .prepare('SELECT id, deleted_at FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?')
    .all(cutoff) as { id: string; deleted_at: number }[];
  ctx.transaction(() => {
    for (const { id, deleted_at } of rows) {
      // Deleted that long ago: its attachments' undo window has passed with it.
      const seqs = 'SELECT seq FROM messages WHERE conversation_id = :id';
      releaseAttachments(ctx.db, seqs, { id }, Number(deleted_at));
      for (const table of ['message_fts', 'message_grams']) {
        ctx.db
          .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT seq FROM messages WHERE conversation_id = ?)`)
          .run(id);
      }
      ctx.db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(id);
      ctx.db.prepare('DELETE FROM conversations WHERE id = ?').run(id);
    }
  });
  return rows.length;
}

function updateConversation(
  ctx: HistoryContext,
  conversationId: string,
  assignment: string,
  value: string | number | null,
): ConversationSummary {
  ctx.conversationRow(conversationId);
  ctx.db.prepare(`UPDATE conversations SET ${assignment} WHERE id = ?`).run(value, conversationId);
  return toSummary(ctx.conversationRow(conversationId));
}
