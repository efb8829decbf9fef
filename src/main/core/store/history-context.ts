import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ParleyError } from '../../../shared/errors.ts';
import { asStorageError } from './history-db.ts';
import { CONVERSATION_COLUMNS, MESSAGE_COLUMNS } from './history-rows.ts';
import type { ConversationRow, MessageRow } from './history-rows.ts';
import { gramText } from './search-text.ts';

/**
 * One open history database and what every part of the store shares on it: prepared statements,
 * the clock, transactions, row look-ups and the search index. The parts (conversations, tree,
 * streaming, search, metrics) are functions of a context; the service swaps the context when the
 * file is replaced (restore, repair).
 */
export class HistoryContext {
  readonly db: DatabaseSync;
  readonly now: () => number;
  /** This run's number: what `messages.writer_pid` holds for the answers it is writing (run-lock.ts). */
  readonly runId: number;
  readonly #stmts: ReturnType<typeof prepareStatements>;

  constructor(db: DatabaseSync, now: () => number, runId: number) {
    this.db = db;
    this.now = now;
    this.runId = runId;
    this.#stmts = prepareStatements(db);
  }

  get stmts(): ReturnType<typeof prepareStatements> {
    return this.#stmts;
  }

  conversationRow(conversationId: string): ConversationRow {
    const row = this.#stmts.conversation.get(conversationId) as unknown as ConversationRow | undefined;
    if (!row || row.deleted_at !== null) throw notFound('conversation');
    return row;
  }

  messageRow(messageId: string): MessageRow {
    const row = this.#stmts.message.get(messageId) as unknown as MessageRow | undefined;
    if (!row) throw notFound('message');
    return row;
  }

  /** Adds a finished message's text to both search indexes. */
  index(seq: number, content: string): void {
    if (!content) return;
    this.#stmts.indexFts.run(seq, content);
    this.#stmts.indexGrams.run(seq, gramText(content));
  }

  transaction(run: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      run();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw asStorageError(error, 'The conversation history could not be saved.');
    }
  }
}

function prepareStatements(db: DatabaseSync): Record<string, StatementSync> & {
  conversation: StatementSync;
  message: StatementSync;
  messagesOf: StatementSync;
  insertConversation: StatementSync;
  insertMessage: StatementSync;
  indexFts: StatementSync;
  indexGrams: StatementSync;
} {
  return {
    conversation: db.prepare(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?`),
    message: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`),
    messagesOf: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY created_at, seq`,
    ),
    insertConversation: db.prepare(
      `INSERT INTO conversations (id, title, created_at, updated_at, folder, tags, provider_id, model, source,
         source_id, title_state, assistant_id, system_prompt, system_prompt_version, parameters, history_limit,
         tools)
       VALUES (:id, :title, :created, :updated, :folder, :tags, :providerId, :model, :source, :sourceId, :titleState,
         :assistantId, :systemPrompt, :systemPromptVersion, :parameters, :historyLimit,
         :tools)`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, content, parts, reasoning, state, provider_id,
         model, created_at, updated_at, source_id, writer_pid, compare_id)
       VALUES (:id, :conversationId, :parentId, :role, :content, :parts, :reasoning, :state, :providerId,
         :model, :created, :updated, :sourceId, :writerPid, :compareId)`,
    ),
    indexFts: db.prepare('INSERT INTO message_fts (rowid, content) VALUES (?, ?)'),
    indexGrams: db.prepare('INSERT INTO message_grams (rowid, content) VALUES (?, ?)'),
  };
}

export function notFound(what: string): ParleyError {
  return new ParleyError({
    code: 'not_found',
    message: `That ${what} does not exist (it may have been deleted).`,
  });
}
