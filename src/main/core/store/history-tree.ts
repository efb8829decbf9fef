import { randomUUID } from 'node:crypto';
import { ParleyError } from '../../../shared/errors.ts';
import type { AnswerRating } from '../../../shared/routing.ts';
import type { MessageState, StoredMessage } from '../../../shared/history.ts';
import type { ChatRole } from '../../../shared/llm-events.ts';
import type { HistoryContext } from './history-context.ts';
import { conversationTitle } from '../../../shared/conversation-title.ts';
import { notFound } from './history-context.ts';
import { toMessage } from './history-rows.ts';
import type { MessageRow } from './history-rows.ts';
import type { MessagePart } from '../../../shared/attachments.ts';
import { attachmentsOf } from '../../../shared/attachments.ts';
import { attachmentSearchText, linkAttachments, partsColumn, releaseAttachments } from './attachment-refs.ts';

/** The message tree: adding a message, walking a branch, choosing the shown branch, deleting a subtree. */

export interface NewMessage {
  conversationId: string;
  parentId: string | null;
  role: ChatRole;
  content: string;
  /** Text, images and files in order (their text parts joined are `content`); absent: just `content`. */
  parts?: MessagePart[];
  state: MessageState;
  providerId?: string | null;
  model?: string | null;
  /** Answers asked together in one comparison share this id. */
  compareId?: string | null;
}

export function getMessage(ctx: HistoryContext, messageId: string): StoredMessage {
  return toMessage(ctx.messageRow(messageId));
}

export function setRating(ctx: HistoryContext, messageId: string, rating: AnswerRating | null): void {
  const { changes } = ctx.db.prepare('UPDATE messages SET rating = ? WHERE id = ?').run(rating, messageId);
  if (changes === 0) throw notFound('message');
}

/** The messages from the root to `messageId`, in order: what a model is sent as context. */
export function pathTo(ctx: HistoryContext, messageId: string): StoredMessage[] {
  const rows = ctx.db
    .prepare(
      `WITH RECURSIVE path(id, depth) AS (
         SELECT id, 0 FROM messages WHERE id = ?
         UNION ALL SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path ON m.id = path.id
         WHERE m.parent_id IS NOT NULL)
       SELECT m.* FROM path JOIN messages m ON m.id = path.id
       ORDER BY path.depth DESC`,
    )
    .all(messageId) as unknown as MessageRow[];
  if (rows.length === 0) throw notFound('message');
  return rows.map(toMessage);
}

/** Any message; a user message is complete and searchable at once, an assistant one may start `streaming`. */
export function addMessage(ctx: HistoryContext, init: NewMessage): StoredMessage {
  const conversation = ctx.conversationRow(init.conversationId);
  if (init.parentId !== null && ctx.messageRow(init.parentId).conversation_id !== init.conversationId) {
    throw notFound('parent message in this conversation');
  }
  const id = randomUUID();
  const now = ctx.now();
  ctx.transaction(() => {
    const { lastInsertRowid } = ctx.stmts.insertMessage.run({
      id,
      conversationId: init.conversationId,
      parentId: init.parentId,
      role: init.role,
      content: init.content,
      parts: partsColumn(init.content, init.parts),
      reasoning: null,
      state: init.state,
      providerId: init.providerId ?? null,
      model: init.model ?? null,
      created: now,
      updated: now,
      sourceId: null,
      writerPid: init.state === 'streaming' ? ctx.runId : null,
      compareId: init.compareId ?? null,
    });
    const seq = Number(lastInsertRowid);
    const attached = attachmentsOf(init.parts ?? []);
    linkAttachments(ctx.db, seq, init.parts);
    if (init.state !== 'streaming') {
      const also = attached.length ? attachmentSearchText(ctx.db, seq) : '';
      ctx.index(seq, also ? `${init.content}\n${also}` : init.content);
    }
    const title =
      !conversation.title && init.role === 'user'
        ? conversationTitle(init.content || (attached[0]?.name ?? ''))
        : conversation.title;
    ctx.db
      .prepare('UPDATE conversations SET current_leaf_id = ?, updated_at = ?, title = ? WHERE id = ?')
      .run(id, now, title, init.conversationId);
    // The conversation's model is the one its last answer asked for.
    if (init.role === 'assistant' && init.providerId && init.model) {
      ctx.db
        .prepare('UPDATE conversations SET provider_id = ?, model = ? WHERE id = ?')
        .run(init.providerId, init.model, init.conversationId);
    }
  });
  return getMessage(ctx, id);
}

export function setCurrentLeaf(ctx: HistoryContext, conversationId: string, messageId: string): void {
  if (getMessage(ctx, messageId).conversationId !== conversationId) {
    throw notFound('message in this conversation');
  }
  ctx.db.prepare('UPDATE conversations SET current_leaf_id = ? WHERE id = ?').run(messageId, conversationId);
}

/**
 * Deletes a message and every message under it (its answers, their follow-ups, their other
 * branches), with their search rows, in one transaction; returns how many were deleted. If the
 * shown branch ran through them, it moves to the newest remaining leaf under the deleted
 * message's parent (or the parent itself). A message still being written cannot be deleted.
 */
export function deleteMessage(
  ctx: HistoryContext,
  conversationId: string,
  messageId: string,
): { deleted: number } {
  ctx.conversationRow(conversationId);
  let deleted = 0;
  ctx.transaction(() => {
    const target = ctx.stmts.message.get(messageId) as unknown as MessageRow | undefined;
    if (!target || target.conversation_id !== conversationId) throw notFound('message in this conversation');
    const subtree = ctx.db
      .prepare(
        `WITH RECURSIVE sub(id) AS (
           SELECT :id
           UNION SELECT m.id FROM messages m JOIN sub ON m.parent_id = sub.id
           WHERE m.conversation_id = :conversationId)
         SELECT m.seq, m.id, m.state FROM sub JOIN messages m ON m.id = sub.id`,
      )
      .all({ id: messageId, conversationId }) as { seq: number; id: string; state: MessageState }[];
    if (subtree.some((m) => m.state === 'streaming')) {
      throw new ParleyError({
        code: 'invalid_input',
        message:
          subtree[0]!.state === 'streaming' || subtree.length === 1
            ? 'This answer is still being written. Stop it first, then delete it.'
            : 'An answer under this message is still being written. Stop it first, then delete the message.',
      });
    }
    const seqs = JSON.stringify(subtree.map((m) => Number(m.seq)));
    releaseAttachments(ctx.db, 'SELECT value FROM json_each(:seqs)', { seqs }, ctx.now());
    for (const table of ['message_fts', 'message_grams', 'messages']) {
      const key = table === 'messages' ? 'seq' : 'rowid';
      ctx.db.prepare(`DELETE FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?))`).run(seqs);
    }
    deleted = subtree.length;

    const leaf = ctx.conversationRow(conversationId).current_leaf_id;
    if (leaf !== null && subtree.some((m) => m.id === leaf)) {
      ctx.db
        .prepare('UPDATE conversations SET current_leaf_id = ? WHERE id = ?')
        .run(newestLeafUnder(ctx, conversationId, target.parent_id), conversationId);
    }
  });
  return { deleted };
}

/**
 * The leaf reached from `messageId` by always taking the most recently created child (the same
 * walk as the renderer's tree.ts); from `null`, from the newest root. Null in an empty conversation.
 */
function newestLeafUnder(
  ctx: HistoryContext,
  conversationId: string,
  messageId: string | null,
): string | null {
  const rows = ctx.db
    .prepare('SELECT id, parent_id FROM messages WHERE conversation_id = ? ORDER BY created_at, id')
    .all(conversationId) as { id: string; parent_id: string | null }[];
  const ids = new Set(rows.map((r) => r.id));
  const newestChild = new Map<string | null, string>();
  for (const row of rows) {
    newestChild.set(row.parent_id !== null && ids.has(row.parent_id) ? row.parent_id : null, row.id);
  }
  let id = messageId ?? newestChild.get(null) ?? null;
  const seen = new Set<string>();
  while (id !== null && !seen.has(id)) {
    seen.add(id);
    const next = newestChild.get(id);
    if (next === undefined || seen.has(next)) break;
    id = next;
  }
  return id;
}
