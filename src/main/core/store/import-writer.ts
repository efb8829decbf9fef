import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { ParleyError } from '../../../shared/errors.ts';
import type { ImportedConversation, ImportedMessage } from './chatgpt-mapping.ts';
import { gramText } from './search-text.ts';
import { attachmentSearchText, linkAttachments, partsColumn } from './attachment-refs.ts';

const SOURCE = 'chatgpt-import';
/** Messages per transaction for a long conversation; between two, the event loop is free. */
export const WRITE_CHUNK = 2000;

export interface WriteCounts {
  conversationsAdded: number;
  conversationsUpdated: number;
  conversationsUnchanged: number;
  messagesAdded: number;
}

interface Plan {
  conversation: ImportedConversation;
  conversationId: string;
  existing: boolean;
  hidden: boolean;
  ids: Map<string, string>;
  fresh: ImportedMessage[];
}

/**
 * Writes imported conversations, keyed by their ChatGPT ids (so a second import adds only what is
 * new). Short conversations go in one transaction per batch. A long one goes in several, the event
 * loop free between them; a new long one stays hidden (`deleted_at = 0`, which the next start
 * purges) until its last message is in, so a failure never leaves a partial one in view.
 */
export class ImportWriter {
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
        `INSERT INTO conversations (id, title, created_at, updated_at, archived, model, source, source_id, current_leaf_id, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, '${SOURCE}', ?, ?, ?)`,
      ),
      touchConversation: db.prepare('UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?'),
      showConversation: db.prepare('UPDATE conversations SET deleted_at = NULL WHERE id = ?'),
      insertMessage: db.prepare(
        `INSERT INTO messages (id, conversation_id, parent_id, role, content, state, provider_id, model, created_at, updated_at, source_id, parts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      indexFts: db.prepare('INSERT INTO message_fts (rowid, content) VALUES (?, ?)'),
      indexGrams: db.prepare('INSERT INTO message_grams (rowid, content) VALUES (?, ?)'),
    };
  }

  async write(batch: ImportedConversation[], counts: WriteCounts): Promise<void> {
    const short = batch.filter((c) => c.messages.length <= WRITE_CHUNK);
    if (short.length) {
      this.#transaction(() => {
        for (const conversation of short) {
          const plan = this.#plan(conversation, false);
          this.#insert(plan, plan.fresh);
          count(plan, counts);
        }
      });
    }
    for (const conversation of batch) {
      if (conversation.messages.length > WRITE_CHUNK) await this.#writeInParts(conversation, counts);
    }
  }

  async #writeInParts(conversation: ImportedConversation, counts: WriteCounts): Promise<void> {
    const plan = this.#transaction(() => this.#plan(conversation, true));
    for (let i = 0; i < plan.fresh.length; i += WRITE_CHUNK) {
      await new Promise((resolve) => setImmediate(resolve));
      this.#transaction(() => this.#insert(plan, plan.fresh.slice(i, i + WRITE_CHUNK)));
    }
    if (plan.hidden) this.#transaction(() => this.#stmts.showConversation.run(plan.conversationId));
    count(plan, counts);
  }

  /** Finds or creates the conversation and gives every new message its id. */
  #plan(conversation: ImportedConversation, hideWhileWriting: boolean): Plan {
    const s = this.#stmts;
    const found = s.findConversation.get(SOURCE, conversation.sourceId) as { id: string } | undefined;
    const conversationId = found?.id ?? randomUUID();
    const ids = new Map<string, string>();
    if (found) {
      for (const row of s.knownMessages.all(conversationId) as { source_id: string; id: string }[])
        ids.set(row.source_id, row.id);
    }
    const fresh = conversation.messages.filter((m) => !ids.has(m.sourceId));
    for (const m of fresh) ids.set(m.sourceId, randomUUID());
    const hidden = hideWhileWriting && !found;
    if (!found) {
      s.insertConversation.run(
        conversationId,
        conversation.title,
        conversation.createdAt || this.#now(),
        conversation.updatedAt || this.#now(),
        conversation.archived ? 1 : 0,
        conversation.model,
        conversation.sourceId,
        conversation.currentLeafSourceId ? (ids.get(conversation.currentLeafSourceId) ?? null) : null,
        hidden ? 0 : null,
      );
    } else if (fresh.length > 0) {
      s.touchConversation.run(conversation.updatedAt, conversationId);
    }
    return { conversation, conversationId, existing: Boolean(found), hidden, ids, fresh };
  }

  #insert(plan: Plan, messages: ImportedMessage[]): void {
    const s = this.#stmts;
    for (const m of messages) {
      const { lastInsertRowid } = s.insertMessage.run(
        plan.ids.get(m.sourceId)!,
        plan.conversationId,
        m.parentSourceId ? (plan.ids.get(m.parentSourceId) ?? null) : null,
        m.role,
        m.content,
        m.state,
        m.role === 'assistant' ? 'openai' : null,
        m.model,
        m.createdAt,
        m.createdAt,
        m.sourceId,
        partsColumn(m.content, m.parts),
      );
      let text = m.content;
      if (m.parts) {
        linkAttachments(this.#db, Number(lastInsertRowid), m.parts);
        text += `\n${attachmentSearchText(this.#db, Number(lastInsertRowid))}`;
      }
      s.indexFts.run(lastInsertRowid, text);
      s.indexGrams.run(lastInsertRowid, gramText(text));
    }
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const value = work();
      this.#db.exec('COMMIT');
      return value;
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

function count(plan: Plan, counts: WriteCounts): void {
  if (!plan.existing) counts.conversationsAdded++;
  else if (plan.fresh.length > 0) counts.conversationsUpdated++;
  else counts.conversationsUnchanged++;
  counts.messagesAdded += plan.fresh.length;
}
