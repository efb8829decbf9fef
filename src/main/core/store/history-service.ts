import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AppError } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type {
  ConversationDetail,
  ConversationPage,
  ConversationSource,
  ConversationSummary,
  ExportFormat,
  MessageState,
  SearchHit,
  StoredMessage,
} from '../../../shared/history.ts';
import { listConversationsInputSchema, searchInputSchema } from '../../../shared/history.ts';
import type { ChatRole, Usage } from '../../../shared/llm-events.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import { TITLE_MAX_LENGTH, conversationTitle } from '../../../shared/conversation-title.ts';
import type { RequestMetrics } from '../metrics/request-metrics.ts';
import { dataFiles } from '../paths.ts';
import { checkRestorable, listBackups, rotateBackups, writeBackup } from './backups.ts';
import type { BackupInfo } from './backups.ts';
import type { ImportOptions, ImportResult } from './chatgpt-import.ts';
import { exportAllToFile, renderConversation } from './history-export.ts';
import { asStorageError, openHistoryDatabase } from './history-db.ts';
import { checkIntegrityInBackground } from './integrity-check.ts';
import type { HistoryNotice } from './history-db.ts';
import { CONVERSATION_COLUMNS, MESSAGE_COLUMNS, toMessage, toSummary } from './history-rows.ts';
import type { ConversationRow, MessageRow } from './history-rows.ts';
import { decodeCursor, encodeCursor } from './list-cursor.ts';
import { buildSnippet, gramText, planSearch } from './search-text.ts';
import { StreamWriter } from './stream-writer.ts';

export interface OpenHistoryOptions {
  dataDir: string;
  now?: () => number;
  /** How many automatic backups to keep (default 5). */
  backupKeep?: number;
  /** Take an automatic backup on open when the newest is older than this (default a day); null: never. */
  autoBackupEveryMs?: number | null;
  /** Soft-deleted conversations older than this are purged on open (default 30 days). */
  purgeDeletedAfterMs?: number;
  /** Told about problems that happen in the background (a failed flush or backup). */
  onNotice?: (notice: HistoryNotice) => void;
}

export interface MessageFinish {
  state: Exclude<MessageState, 'streaming'>;
  error?: AppError | null;
  usage?: Usage | null;
  costUsd?: number | null;
  /** Who answered (after failover); or give providerId/model. */
  answeredBy?: ModelRef | null;
  providerId?: string | null;
  model?: string | null;
}

export interface NewMessage {
  conversationId: string;
  parentId: string | null;
  role: ChatRole;
  content: string;
  state: MessageState;
  providerId?: string | null;
  model?: string | null;
}

export interface HistoryStats {
  conversations: number;
  messages: number;
}

const DAY = 24 * 60 * 60 * 1000;
/** A streaming answer untouched this long is orphaned even if its writer's pid is in use again. */
const STALE_STREAM_MS = 60 * 60 * 1000;

/** Opens the history in `dataDir`; a damaged file is moved aside and reported in `notices`. */
export async function openHistory(
  options: OpenHistoryOptions,
): Promise<{ history: HistoryService; notices: HistoryNotice[] }> {
  const history = new HistoryService(options);
  const notices = history.start();
  history.maintenance = history.runMaintenance();
  return { history, notices };
}

/**
 * The conversation history: the one writer of history.sqlite. What the IPC contract's history
 * requests and the chat service need. Database calls are synchronous (node:sqlite); only import,
 * export to a file, backup and restore are async.
 */
export class HistoryService {
  readonly #options: OpenHistoryOptions;
  readonly #files: ReturnType<typeof dataFiles>;
  readonly #now: () => number;
  #db!: DatabaseSync;
  #writer!: StreamWriter;
  #stmts!: ReturnType<typeof prepareStatements>;
  #closed = false;

  constructor(options: OpenHistoryOptions) {
    this.#options = options;
    this.#files = dataFiles(options.dataDir);
    this.#now = options.now ?? Date.now;
  }

  /** @internal opens the database; `openHistory` calls it. */
  start(): HistoryNotice[] {
    const { db, notices } = openHistoryDatabase({
      file: this.#files.history,
      backupsDir: this.#files.backups,
      now: () => new Date(this.#now()),
    });
    this.#db = db;
    this.#stmts = prepareStatements(db);
    this.#writer = new StreamWriter(db, this.#now, (error) =>
      this.#options.onNotice?.({
        kind: 'history-write-failed',
        message: `An answer could not be saved as it arrived (${error instanceof Error ? error.message : String(error)}); Parley will retry.`,
      }),
    );
    const recovered = this.#recoverStreaming();
    if (recovered > 0) {
      notices.push({
        kind: 'history-recovered',
        message: `${recovered} answer${recovered === 1 ? ' was' : 's were'} cut off when Parley last stopped; the text received was kept.`,
      });
    }
    this.purgeDeleted(this.#options.purgeDeletedAfterMs ?? 30 * DAY);
    return notices;
  }

  /**
   * Background upkeep after open, on the automatic-backup cadence (default daily): SQLite's
   * integrity check on a worker thread, then a backup with rotation. A damaged database is
   * reported and not backed up, so it never rotates the good backups away.
   */
  maintenance: Promise<HistoryNotice[]> = Promise.resolve([]);

  /** @internal */
  async runMaintenance(): Promise<HistoryNotice[]> {
    const notices: HistoryNotice[] = [];
    const every = this.#options.autoBackupEveryMs === undefined ? DAY : this.#options.autoBackupEveryMs;
    if (every === null || this.stats().conversations === 0) return notices;
    const newest = listBackups(this.#files.backups).find((b) => b.kind === 'auto');
    if (newest && this.#now() - newest.createdAt < every) return notices;
    const report = (notice: HistoryNotice) => {
      notices.push(notice);
      this.#options.onNotice?.(notice);
    };
    const problems = await checkIntegrityInBackground(this.#files.history);
    if (this.#closed) return notices;
    if (problems.length > 0) {
      report({
        kind: 'history-damaged',
        message:
          'Parley found damage in the conversation history file. What can be read is still shown; restoring a backup from Settings is safest. No automatic backup was taken, so the good ones are kept.',
      });
      return notices;
    }
    try {
      await this.backup('auto');
    } catch (error) {
      if (!this.#closed) {
        report({
          kind: 'history-backup-failed',
          message: `The automatic backup of your history failed (${error instanceof Error ? error.message : String(error)}).`,
        });
      }
    }
    return notices;
  }

  get db(): DatabaseSync {
    return this.#db;
  }

  // ---------------------------------------------------------------- reading

  list(
    input: Partial<{ limit: number; cursor: string | null; includeArchived: boolean }> = {},
  ): ConversationPage {
    const { limit, cursor, includeArchived } = listConversationsInputSchema.parse(input);
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = this.#db
      .prepare(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations c INDEXED BY conversations_by_order
         WHERE c.deleted_at IS NULL AND (:archived = 1 OR c.archived = 0)
           AND (:hasCursor = 0 OR (c.pinned, c.updated_at, c.id) < (:pinned, :updated, :id))
         ORDER BY c.pinned DESC, c.updated_at DESC, c.id DESC LIMIT :limit`,
      )
      .all({
        archived: includeArchived ? 1 : 0,
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

  open(conversationId: string): ConversationDetail {
    const row = this.#conversationRow(conversationId);
    const messages = (this.#stmts.messagesOf.all(conversationId) as unknown as MessageRow[]).map(toMessage);
    return { ...toSummary(row), messages, currentLeafId: row.current_leaf_id };
  }

  getMessage(messageId: string): StoredMessage {
    const row = this.#stmts.message.get(messageId) as unknown as MessageRow | undefined;
    if (!row) throw notFound('message');
    return toMessage(row);
  }

  /** The messages from the root to `messageId`, in order: what a model is sent as context. */
  pathTo(messageId: string): StoredMessage[] {
    const rows = this.#db
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

  currentLeaf(conversationId: string): string | null {
    return this.#conversationRow(conversationId).current_leaf_id;
  }

  stats(): HistoryStats {
    const row = this.#db
      .prepare(
        `SELECT (SELECT count(*) FROM conversations WHERE deleted_at IS NULL) AS conversations,
                (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
                  WHERE c.deleted_at IS NULL) AS messages`,
      )
      .get() as { conversations: number; messages: number };
    return { conversations: Number(row.conversations), messages: Number(row.messages) };
  }

  search(input: { query: string; limit?: number }): SearchHit[] {
    const { query, limit } = searchInputSchema.parse(input);
    const plan = planSearch(query);
    if (!plan.trigram && !plan.grams) return [];
    const table = plan.trigram ? 'message_fts' : 'message_grams';
    const match = plan.trigram ?? plan.grams!;
    const alsoGrams =
      plan.trigram && plan.grams
        ? 'AND f.rowid IN (SELECT rowid FROM message_grams WHERE message_grams MATCH :grams)'
        : '';
    const rows = this.#db
      .prepare(
        `SELECT m.id, m.conversation_id, m.role, m.created_at, m.content, c.title
         FROM ${table} f JOIN messages m ON m.seq = f.rowid JOIN conversations c ON c.id = m.conversation_id
         WHERE ${table} MATCH :match ${alsoGrams} AND c.deleted_at IS NULL
         ORDER BY f.rowid DESC LIMIT :limit`,
      )
      .all(alsoGrams ? { match, grams: plan.grams, limit } : { match, limit }) as {
      id: string;
      conversation_id: string;
      role: ChatRole;
      created_at: number;
      content: string;
      title: string;
    }[];
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      messageId: r.id,
      title: r.title,
      role: r.role,
      createdAt: Number(r.created_at),
      snippet: buildSnippet(r.content, plan.terms),
    }));
  }

  // ---------------------------------------------------------------- conversations

  createConversation(
    init: {
      title?: string;
      model?: string | null;
      source?: ConversationSource;
      folder?: string | null;
      tags?: string[];
    } = {},
  ): ConversationSummary {
    const id = randomUUID();
    const now = this.#now();
    this.#stmts.insertConversation.run({
      id,
      title: conversationTitle(init.title ?? ''),
      created: now,
      updated: now,
      folder: init.folder ?? null,
      tags: JSON.stringify(init.tags ?? []),
      model: init.model ?? null,
      source: init.source ?? 'parley',
      sourceId: null,
    });
    return toSummary(this.#conversationRow(id));
  }

  rename(conversationId: string, title: string): ConversationSummary {
    const clean = conversationTitle(title, TITLE_MAX_LENGTH);
    if (!clean) throw new ParleyError({ code: 'invalid_input', message: 'A title cannot be empty.' });
    return this.#updateConversation(conversationId, 'title = ?', clean);
  }

  setPinned(conversationId: string, pinned: boolean): ConversationSummary {
    return this.#updateConversation(conversationId, 'pinned = ?', pinned ? 1 : 0);
  }

  setArchived(conversationId: string, archived: boolean): ConversationSummary {
    return this.#updateConversation(conversationId, 'archived = ?', archived ? 1 : 0);
  }

  setFolder(conversationId: string, folder: string | null): ConversationSummary {
    return this.#updateConversation(conversationId, 'folder = ?', folder?.trim() || null);
  }

  setTags(conversationId: string, tags: string[]): ConversationSummary {
    const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))].slice(0, 50);
    return this.#updateConversation(conversationId, 'tags = ?', JSON.stringify(clean));
  }

  /** Soft delete: hidden everywhere until `undoDelete`, purged after 30 days. */
  delete(conversationId: string): void {
    this.#conversationRow(conversationId);
    this.#db.prepare('UPDATE conversations SET deleted_at = ? WHERE id = ?').run(this.#now(), conversationId);
  }

  undoDelete(conversationId: string): ConversationSummary {
    const result = this.#db
      .prepare('UPDATE conversations SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL')
      .run(conversationId);
    if (Number(result.changes) === 0) throw notFound('deleted conversation');
    return toSummary(this.#conversationRow(conversationId));
  }

  /** Removes for good the conversations soft-deleted more than `olderThanMs` ago. */
  purgeDeleted(olderThanMs: number): number {
    const cutoff = this.#now() - olderThanMs;
    const ids = (
      this.#db
        .prepare('SELECT id FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?')
        .all(cutoff) as {
        id: string;
      }[]
    ).map((r) => r.id);
    this.#transaction(() => {
      for (const id of ids) {
        this.#db
          .prepare(
            'DELETE FROM message_fts WHERE rowid IN (SELECT seq FROM messages WHERE conversation_id = ?)',
          )
          .run(id);
        this.#db
          .prepare(
            'DELETE FROM message_grams WHERE rowid IN (SELECT seq FROM messages WHERE conversation_id = ?)',
          )
          .run(id);
        this.#db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(id);
        this.#db.prepare('DELETE FROM conversations WHERE id = ?').run(id);
      }
    });
    return ids.length;
  }

  setCurrentLeaf(conversationId: string, messageId: string): void {
    const message = this.getMessage(messageId);
    if (message.conversationId !== conversationId) throw notFound('message in this conversation');
    this.#db
      .prepare('UPDATE conversations SET current_leaf_id = ? WHERE id = ?')
      .run(messageId, conversationId);
  }

  /**
   * Deletes a message and every message under it (its answers, their follow-ups, their other
   * branches), with their search rows, in one transaction; returns how many were deleted. If the
   * shown branch ran through them, it moves to the newest remaining leaf under the deleted
   * message's parent (or the parent itself). A message still being written cannot be deleted.
   */
  deleteMessage(conversationId: string, messageId: string): { deleted: number } {
    this.#conversationRow(conversationId);
    let deleted = 0;
    this.#transaction(() => {
      const target = this.#stmts.message.get(messageId) as unknown as MessageRow | undefined;
      if (!target || target.conversation_id !== conversationId)
        throw notFound('message in this conversation');
      const subtree = this.#db
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
      for (const table of ['message_fts', 'message_grams', 'messages']) {
        const key = table === 'messages' ? 'seq' : 'rowid';
        this.#db.prepare(`DELETE FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?))`).run(seqs);
      }
      deleted = subtree.length;

      const leaf = this.#conversationRow(conversationId).current_leaf_id;
      if (leaf !== null && subtree.some((m) => m.id === leaf)) {
        this.#db
          .prepare('UPDATE conversations SET current_leaf_id = ? WHERE id = ?')
          .run(this.#newestLeafUnder(conversationId, target.parent_id), conversationId);
      }
    });
    return { deleted };
  }

  // ---------------------------------------------------------------- messages (what the chat service writes)

  /** Any message; a user message is complete and searchable at once, an assistant one starts `streaming`. */
  addMessage(init: NewMessage): StoredMessage {
    const conversation = this.#conversationRow(init.conversationId);
    if (init.parentId !== null) {
      const parent = this.getMessage(init.parentId);
      if (parent.conversationId !== init.conversationId)
        throw notFound('parent message in this conversation');
    }
    const id = randomUUID();
    const now = this.#now();
    this.#transaction(() => {
      const { lastInsertRowid } = this.#stmts.insertMessage.run({
        id,
        conversationId: init.conversationId,
        parentId: init.parentId,
        role: init.role,
        content: init.content,
        reasoning: null,
        state: init.state,
        providerId: init.providerId ?? null,
        model: init.model ?? null,
        created: now,
        updated: now,
        sourceId: null,
        writerPid: init.state === 'streaming' ? process.pid : null,
      });
      if (init.state !== 'streaming') this.#index(Number(lastInsertRowid), init.content);
      const title =
        !conversation.title && init.role === 'user' ? conversationTitle(init.content) : conversation.title;
      this.#db
        .prepare(
          'UPDATE conversations SET current_leaf_id = ?, updated_at = ?, title = ?, model = coalesce(?, model) WHERE id = ?',
        )
        .run(id, now, title, init.model ?? null, init.conversationId);
    });
    return this.getMessage(id);
  }

  addUserMessage(init: { conversationId: string; parentId: string | null; content: string }): StoredMessage {
    return this.addMessage({ ...init, role: 'user', state: 'complete' });
  }

  startAssistantMessage(init: {
    conversationId: string;
    parentId: string | null;
    providerId?: string | null;
    model?: string | null;
  }): StoredMessage {
    return this.addMessage({ ...init, role: 'assistant', content: '', state: 'streaming' });
  }

  /** Buffered: on disk within 250 ms. */
  appendToMessage(messageId: string, delta: { text?: string; reasoning?: string }): void {
    this.#writer.append(messageId, delta);
  }

  appendText(messageId: string, text: string): void {
    this.#writer.append(messageId, { text });
  }

  appendReasoning(messageId: string, reasoning: string): void {
    this.#writer.append(messageId, { reasoning });
  }

  finishMessage(messageId: string, result: MessageFinish): StoredMessage {
    this.#writer.flush(messageId);
    const row = this.#stmts.message.get(messageId) as unknown as MessageRow | undefined;
    if (!row) throw notFound('message');
    const now = this.#now();
    this.#transaction(() => {
      this.#db
        .prepare(
          `UPDATE messages SET state = :state, error = :error, usage = :usage, cost_usd = :cost,
             provider_id = coalesce(:provider, provider_id), model = coalesce(:model, model),
             updated_at = :now, writer_pid = NULL WHERE id = :id`,
        )
        .run({
          state: result.state,
          error: result.error ? JSON.stringify(result.error) : null,
          usage: result.usage ? JSON.stringify(result.usage) : null,
          cost: result.costUsd ?? null,
          provider: result.answeredBy?.providerId ?? result.providerId ?? null,
          model: result.answeredBy?.model ?? result.model ?? null,
          now,
          id: messageId,
        });
      if (row.state === 'streaming') this.#index(row.seq, this.getMessage(messageId).content);
      this.#db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?').run(now, row.conversation_id);
    });
    return this.getMessage(messageId);
  }

  /** Continue: an interrupted answer goes back to `streaming`, its text kept, and new text is appended. */
  resumeMessage(messageId: string): void {
    const row = this.#stmts.message.get(messageId) as unknown as MessageRow | undefined;
    if (!row) throw notFound('message');
    this.#transaction(() => {
      // Contentless FTS rows are re-added with the whole text when the answer finishes again.
      this.#db.prepare('DELETE FROM message_fts WHERE rowid = ?').run(row.seq);
      this.#db.prepare('DELETE FROM message_grams WHERE rowid = ?').run(row.seq);
      this.#db
        .prepare(
          "UPDATE messages SET state = 'streaming', error = NULL, writer_pid = ?, updated_at = ? WHERE id = ?",
        )
        .run(process.pid, this.#now(), messageId);
    });
  }

  recordMetrics(record: RequestMetrics): void {
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO request_metrics VALUES (:requestId, :conversationId, :providerId, :model, :startedAt,
           :ttftMs, :totalMs, :inputTokens, :outputTokens, :usageEstimated, :tokensPerSecond, :retries,
           :failoverHops, :outcome, :errorCode, :costUsd)`,
      )
      .run({ ...record, usageEstimated: record.usageEstimated ? 1 : 0 });
  }

  metrics(options: { since?: number; limit?: number } = {}): RequestMetrics[] {
    const rows = this.#db
      .prepare('SELECT * FROM request_metrics WHERE started_at >= ? ORDER BY started_at DESC LIMIT ?')
      .all(options.since ?? 0, options.limit ?? 1000) as Record<string, unknown>[];
    return rows.map((r) => ({
      requestId: r.request_id as string,
      conversationId: r.conversation_id as string | null,
      providerId: r.provider_id as string,
      model: r.model as string,
      startedAt: Number(r.started_at),
      ttftMs: r.ttft_ms as number | null,
      totalMs: r.total_ms as number,
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      usageEstimated: r.usage_estimated === 1,
      tokensPerSecond: r.tokens_per_second as number | null,
      retries: Number(r.retries),
      failoverHops: Number(r.failover_hops),
      outcome: r.outcome as RequestMetrics['outcome'],
      errorCode: r.error_code as RequestMetrics['errorCode'],
      costUsd: r.cost_usd as number | null,
    }));
  }

  // ---------------------------------------------------------------- import, export, backup

  /** The importer (and its JSON and zip readers) is loaded only when an import runs. */
  async importChatGpt(file: string, options: ImportOptions = {}): Promise<ImportResult> {
    const { importChatGptExport } = await import('./chatgpt-import.ts');
    return importChatGptExport(this.#db, file, { now: this.#now, ...options });
  }

  exportConversation(conversationId: string, format: ExportFormat): string {
    return renderConversation(this.open(conversationId), format);
  }

  /** Every conversation (not deleted) into one file, written as it goes. */
  exportAll(format: ExportFormat, file: string): Promise<{ conversations: number }> {
    const ids = (
      this.#db.prepare('SELECT id FROM conversations WHERE deleted_at IS NULL ORDER BY created_at').all() as {
        id: string;
      }[]
    ).map((r) => r.id);
    return exportAllToFile(ids, (id) => this.open(id), format, file, this.#now());
  }

  /** A consistent copy of the whole history in the backups folder; returns its path. */
  async backup(kind: 'auto' | 'manual' = 'manual'): Promise<string> {
    this.#writer.flush();
    const file = await writeBackup(this.#db, this.#files.backups, kind, new Date(this.#now()));
    if (kind === 'auto') rotateBackups(this.#files.backups, 'auto', this.#options.backupKeep ?? 5);
    return file;
  }

  listBackups(): BackupInfo[] {
    return listBackups(this.#files.backups);
  }

  /**
   * Replaces the whole history with a backup. The file is checked first; the current history is
   * itself backed up before it is replaced, so a restore can be undone.
   */
  async restore(backupFile: string): Promise<{ keptAt: string; notices: HistoryNotice[] }> {
    checkRestorable(backupFile);
    const keptAt = await writeBackup(this.#db, this.#files.backups, 'before-restore', new Date(this.#now()));
    this.#writer.flush();
    this.#db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(this.#files.history + suffix, { force: true });
    copyFileSync(backupFile, this.#files.history);
    const notices = this.start();
    return { keptAt, notices };
  }

  /** Writes buffered streaming text now. */
  flush(): void {
    this.#writer.flush();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#writer.flush();
      this.#recoverStreaming(true);
    } finally {
      this.#db.close();
    }
  }

  // ---------------------------------------------------------------- internals

  #conversationRow(conversationId: string): ConversationRow {
    const row = this.#stmts.conversation.get(conversationId) as unknown as ConversationRow | undefined;
    if (!row || row.deleted_at !== null) throw notFound('conversation');
    return row;
  }

  #updateConversation(
    conversationId: string,
    assignment: string,
    value: string | number | null,
  ): ConversationSummary {
    this.#conversationRow(conversationId);
    this.#db.prepare(`UPDATE conversations SET ${assignment} WHERE id = ?`).run(value, conversationId);
    return toSummary(this.#conversationRow(conversationId));
  }

  /**
   * The leaf reached from `messageId` by always taking the most recently created child (the same
   * walk as the renderer's tree.ts); from `null`, from the newest root. Null in an empty conversation.
   */
  #newestLeafUnder(conversationId: string, messageId: string | null): string | null {
    const rows = this.#db
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

  #index(seq: number, content: string): void {
    if (!content) return;
    this.#stmts.indexFts.run(seq, content);
    this.#stmts.indexGrams.run(seq, gramText(content));
  }

  /** Answers left `streaming` by a process that is gone become `interrupted`, text kept and searchable. */
  #recoverStreaming(closing = false): number {
    const rows = this.#db
      .prepare("SELECT seq, id, content, writer_pid, updated_at FROM messages WHERE state = 'streaming'")
      .all() as { seq: number; id: string; content: string; writer_pid: number | null; updated_at: number }[];
    const stale = this.#now() - STALE_STREAM_MS;
    // On close, this process's own unfinished answers; on open, those of writers no longer running.
    const orphans = rows.filter((r) =>
      closing
        ? Number(r.writer_pid) === process.pid
        : r.writer_pid === null || !processAlive(Number(r.writer_pid)) || Number(r.updated_at) < stale,
    );
    if (orphans.length === 0) return 0;
    this.#transaction(() => {
      for (const row of orphans) {
        this.#db
          .prepare(
            "UPDATE messages SET state = 'interrupted', writer_pid = NULL, error = ?, updated_at = ? WHERE id = ?",
          )
          .run(
            JSON.stringify({
              code: 'interrupted',
              message: 'Parley stopped before this answer was finished.',
            }),
            this.#now(),
            row.id,
          );
        this.#index(row.seq, row.content);
      }
    });
    return orphans.length;
  }

  #transaction(run: () => void): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      run();
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
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
      `INSERT INTO conversations (id, title, created_at, updated_at, folder, tags, model, source, source_id)
       VALUES (:id, :title, :created, :updated, :folder, :tags, :model, :source, :sourceId)`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, content, reasoning, state, provider_id, model,
         created_at, updated_at, source_id, writer_pid)
       VALUES (:id, :conversationId, :parentId, :role, :content, :reasoning, :state, :providerId, :model,
         :created, :updated, :sourceId, :writerPid)`,
    ),
    indexFts: db.prepare('INSERT INTO message_fts (rowid, content) VALUES (?, ?)'),
    indexGrams: db.prepare('INSERT INTO message_grams (rowid, content) VALUES (?, ?)'),
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function notFound(what: string): ParleyError {
  return new ParleyError({
    code: 'not_found',
    message: `That ${what} does not exist (it may have been deleted).`,
  });
}

export type { HistoryNotice, ImportResult, BackupInfo };
