import { join } from 'node:path';
import type { BackupInfo } from '../../../shared/backups.ts';
import type {
  ConversationDetail,
  ConversationPage,
  ConversationSummary,
  ExportAllFormat,
  ExportFormat,
  SearchGroup,
  SearchHit,
  StoredMessage,
} from '../../../shared/history.ts';
import type { AnswerRating } from '../../../shared/routing.ts';
import type { RequestMetrics } from '../metrics/request-metrics.ts';
import { dataFiles } from '../paths.ts';
import type { ImportOptions, ImportResult } from './chatgpt-import.ts';
import { HistoryContext } from './history-context.ts';
import * as conversations from './history-conversations.ts';
import type { HistoryStats, NewConversation } from './history-conversations.ts';
import { exportAllToFile, exportAllToZip, renderConversation } from './history-export.ts';
import {
  EmptyHistoryFileError,
  isCorruption,
  isNotWritable,
  notWritableError,
  openHistoryDatabase,
} from './history-db.ts';
import { HistoryBackups } from './history-backups.ts';
import { AttachmentStore } from './attachment-store.ts';
import type { HistoryNotice } from './history-notices.ts';
import { recoveredNotice, repairedNotice, writeFailedNotice } from './history-notices.ts';
import { salvageHistory } from './history-salvage.ts';
import { metricsAfter, recordMetrics, searchConversations, searchMessages } from './history-search.ts';
import { usageSummary } from './usage-summary.ts';
import { qualityByModel, type Quality } from './usage-quality.ts';
import type { UsageQuery, UsageSummary } from '../../../shared/usage.ts';
import * as streaming from './history-streaming.ts';
import * as convSettings from './history-settings.ts';
import type { ConversationSettings } from '../../../shared/assistants.ts';
import type { MessagePart } from '../../../shared/attachments.ts';
import type { MessageFinish } from './history-streaming.ts';
import * as titles from './history-titles.ts';
import * as tree from './history-tree.ts';
import { showComparedAnswer } from './history-compare.ts';
import type { NewMessage } from './history-tree.ts';
import { collectUncleanRuns, otherRunAlive, RunLock } from './run-lock.ts';
import { StreamWriter } from './stream-writer.ts';
import type { Ingest } from '../attachments/ingest-runner.ts';

export interface OpenHistoryOptions {
  dataDir: string;
  now?: () => number;
  /** How many automatic backups to keep (default 5). */
  backupKeep?: number;
  /** Take an automatic backup on open when the newest is older than this (default a day); null: never. */
  autoBackupEveryMs?: number | null;
  /** Soft-deleted conversations older than this are purged on open (default 30 days). */
  purgeDeletedAfterMs?: number;
  /** Told about problems that happen after open (a failed write or backup, a repair). */
  onNotice?: (notice: HistoryNotice) => void;
  /** Where an import's images are prepared (default: this thread). */
  ingest?: Ingest;
}

const DAY = 24 * 60 * 60 * 1000;

/** Opens the history in `dataDir`; damage is repaired and reported in `notices`. */
export async function openHistory(
  options: OpenHistoryOptions,
): Promise<{ history: HistoryService; notices: HistoryNotice[] }> {
  const history = new HistoryService(options);
  const notices = history.start();
  return { history, notices };
}

/**
 * The conversation history: the one writer of history.sqlite, and the one object its callers (the
 * contract's handlers, the chat service, the CLI) hold. Each job lives in its own module
 * (conversations, tree, streaming, search, backups, salvage); this facade owns the open file and
 * its run lock, and repairs the file when a request meets damage, then answers the request.
 */
export class HistoryService {
  readonly #options: OpenHistoryOptions;
  readonly #files: ReturnType<typeof dataFiles>;
  readonly #runsDir: string;
  readonly #now: () => number;
  readonly #lock: RunLock;
  readonly backups: HistoryBackups;
  /** Attached files, stored once by content hash (attachment-store.ts). */
  readonly attachments: AttachmentStore;
  #ctx!: HistoryContext;
  #writer!: StreamWriter;
  #closed = false;
  get #undoWindowMs(): number {
    return this.#options.purgeDeletedAfterMs ?? 30 * DAY;
  }
  /** Background upkeep after open (integrity check, automatic backup); resolves to what it reported. */
  maintenance: Promise<HistoryNotice[]> = Promise.resolve([]);

  constructor(options: OpenHistoryOptions) {
    this.#options = options;
    this.#files = dataFiles(options.dataDir);
    this.#runsDir = join(options.dataDir, 'runs');
    this.#now = options.now ?? Date.now;
    try {
      this.#lock = RunLock.acquire(this.#runsDir);
    } catch (error) {
      throw isNotWritable(error) ? notWritableError(options.dataDir, error) : error;
    }
    this.attachments = new AttachmentStore({
      dir: this.#files.attachments,
      db: (work) => this.#guard(() => work(this.#ctx.db)),
      now: this.#now,
      undoWindowMs: this.#undoWindowMs,
    });
    this.backups = new HistoryBackups({
      backupsDir: this.#files.backups,
      file: this.#files.history,
      attachmentsDir: this.#files.attachments,
      now: () => new Date(this.#now()),
      keep: options.backupKeep ?? 5,
      db: () => {
        this.#writer.flush();
        return this.#ctx.db;
      },
      othersOpen: () => otherRunAlive(this.#runsDir, this.#lock.id),
      replace: (install) => {
        this.#detach();
        install();
        return this.#attach();
      },
    });
  }

  /** @internal opens the file (repairing damage), recovers answers a dead run left; `openHistory` calls it. */
  start(): HistoryNotice[] {
    const unclean = collectUncleanRuns(this.#runsDir).filter((id) => id !== this.#lock.id).length > 0;
    let notices: HistoryNotice[];
    try {
      notices = this.#attach();
    } catch (error) {
      if (this.#ctx !== undefined && this.#ctx.db.isOpen) this.#ctx.db.close();
      this.#lock.release(); // not opened: this run ends here, cleanly
      throw error;
    }
    this.maintenance = this.backups.maintain({
      everyMs: this.#options.autoBackupEveryMs === undefined ? DAY : this.#options.autoBackupEveryMs,
      force: unclean,
      hasConversations: () => this.#guard(() => conversations.historyStats(this.#ctx).conversations > 0),
      closed: () => this.#closed,
      repair: () => this.#repair(),
      report: (notice) => this.#options.onNotice?.(notice),
    });
    return notices;
  }

  list(
    input: Partial<{
      limit: number;
      cursor: string | null;
      includeArchived: boolean;
      onlyArchived: boolean;
    }> = {},
  ): ConversationPage {
    return this.#guard(() => conversations.listConversations(this.#ctx, input));
  }
  open(conversationId: string): ConversationDetail {
    return this.#guard(() => conversations.openConversation(this.#ctx, conversationId));
  }
  stats(): HistoryStats {
    return this.#guard(() => conversations.historyStats(this.#ctx));
  }
  createConversation(init: NewConversation = {}): ConversationSummary {
    return this.#guard(() => conversations.createConversation(this.#ctx, init));
  }
  rename(conversationId: string, title: string): ConversationSummary {
    return this.#guard(() => conversations.renameConversation(this.#ctx, conversationId, title));
  }
  /** The one title request of a conversation may go out (history-titles.ts). */
  claimTitle(conversationId: string): boolean {
    return this.#guard(() => titles.claimTitle(this.#ctx, conversationId));
  }
  /** A generated title (or null for a failed request); a rename meanwhile wins. True when saved. */
  settleTitle(conversationId: string, title: string | null): boolean {
    return this.#guard(() => titles.settleTitle(this.#ctx, conversationId, title));
  }
  settingsOf(conversationId: string): ConversationSettings {
    return this.#guard(() => convSettings.conversationSettings(this.#ctx, conversationId));
  }
  /** Applies to the next request; a changed system prompt gets the next version. */
  updateSettings(conversationId: string, patch: convSettings.SettingsPatch): ConversationSettings {
    return this.#guard(() => convSettings.updateConversationSettings(this.#ctx, conversationId, patch));
  }
  setPinned(conversationId: string, pinned: boolean): ConversationSummary {
    return this.#guard(() => conversations.setPinned(this.#ctx, conversationId, pinned));
  }
  setArchived(conversationId: string, archived: boolean): ConversationSummary {
    return this.#guard(() => conversations.setArchived(this.#ctx, conversationId, archived));
  }
  /** Soft delete: hidden everywhere until `undoDelete`, purged on a later start. */
  delete(conversationId: string): void {
    this.#guard(() => conversations.softDelete(this.#ctx, conversationId));
  }
  undoDelete(conversationId: string): ConversationSummary {
    return this.#guard(() => conversations.undoDelete(this.#ctx, conversationId));
  }
  /** Messages that match, best first (within one conversation when `conversationId` is given). */
  search(input: { query: string; limit?: number; conversationId?: string }): SearchHit[] {
    return this.#guard(() => searchMessages(this.#ctx, input));
  }
  /** Conversations whose title or messages match, best first, each with its best hit and a count. */
  searchConversations(input: { query: string; limit?: number }): SearchGroup[] {
    return this.#guard(() => searchConversations(this.#ctx, input));
  }

  getMessage(messageId: string): StoredMessage {
    return this.#guard(() => tree.getMessage(this.#ctx, messageId));
  }
  pathTo(messageId: string): StoredMessage[] {
    return this.#guard(() => tree.pathTo(this.#ctx, messageId));
  }
  currentLeaf(conversationId: string): string | null {
    return this.#guard(() => this.#ctx.conversationRow(conversationId).current_leaf_id);
  }
  setCurrentLeaf(conversationId: string, messageId: string): void {
    this.#guard(() => tree.setCurrentLeaf(this.#ctx, conversationId, messageId));
  }
  /** Shows an answer of a comparison, its model the conversation's; `settle`: the person chose it. */
  showComparedAnswer(conversationId: string, messageId: string, settle: boolean): void {
    this.#guard(() => showComparedAnswer(this.#ctx, conversationId, messageId, settle));
  }
  deleteMessage(conversationId: string, messageId: string): { deleted: number } {
    const result = this.#guard(() => tree.deleteMessage(this.#ctx, conversationId, messageId));
    this.attachments.sweep();
    return result;
  }
  addMessage(init: NewMessage): StoredMessage {
    return this.#guard(() => tree.addMessage(this.#ctx, init));
  }

  /** Buffered: on disk within 250 ms; never throws (a failed write is kept in memory and retried). */
  appendToMessage(messageId: string, delta: { text?: string; reasoning?: string }): void {
    this.#writer.append(messageId, delta);
  }
  /** Never throws for a full disk: the answer then comes back in state `error`, its text in full. */
  finishMessage(messageId: string, result: MessageFinish): StoredMessage {
    return this.#guard(() => streaming.finishMessage(this.#ctx, this.#writer, messageId, result));
  }
  /** A tool call or result of a streaming answer, stored after the text before it. */
  appendPart(messageId: string, part: MessagePart): void {
    this.#guard(() => streaming.appendPart(this.#ctx, this.#writer, messageId, part));
  }
  resumeMessage(messageId: string): void {
    this.#guard(() => streaming.resumeMessage(this.#ctx, messageId));
  }
  /** Writes an answer's rating; chat/answer-ratings.ts says what may be rated. */
  setRating(messageId: string, rating: AnswerRating | null): void {
    this.#guard(() => tree.setRating(this.#ctx, messageId, rating));
  }

  recordMetrics(record: RequestMetrics): void {
    this.#guard(() => recordMetrics(this.#ctx, record));
  }
  /** Request records after row `after`, oldest first, at most `limit` (a metrics endpoint's feed). */
  metricsAfter(after: number, limit = 5000): { records: RequestMetrics[]; last: number } {
    return this.#guard(() => metricsAfter(this.#ctx, after, limit));
  }
  /** Requests, outcomes, latency percentiles, tokens and cost per model over a time range. */
  usageSummary(query: UsageQuery): UsageSummary {
    return this.#guard(() => usageSummary(this.#ctx.db, query, this.#ctx.now()));
  }

  /** Thumbs up and down per model (`provider\0model`) for the answers made since `since`. */
  ratingsSince(since: number): Map<string, Quality> {
    return this.#guard(() => qualityByModel(this.#ctx.db, { from: since, to: this.#ctx.now() + 1 }, {}));
  }

  /** The importer (and its JSON and zip readers) is loaded only when an import runs. */
  async importChatGpt(file: string, options: ImportOptions = {}): Promise<ImportResult> {
    const { importChatGptExport } = await import('./chatgpt-import.ts');
    return importChatGptExport(this.#ctx.db, file, {
      now: this.#now,
      attachments: this.attachments,
      ...(this.#options.ingest ? { ingest: this.#options.ingest } : {}),
      ...options,
    });
  }
  exportConversation(conversationId: string, format: ExportFormat): string {
    return renderConversation(this.open(conversationId), format);
  }
  /** Every conversation (archived ones too) streamed into `file`; never settings or keys. */
  exportAll(format: ExportAllFormat, file: string): Promise<{ conversations: number }> {
    const ids = this.#guard(() => conversations.allConversationIds(this.#ctx));
    const load = (id: string) => this.open(id);
    return format === 'json'
      ? exportAllToFile(ids, load, 'json', file, this.#now(), this.attachments)
      : exportAllToZip(ids, load, file, this.#now(), this.attachments);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#writer.flush();
      streaming.recoverStreaming(this.#ctx, null);
    } finally {
      this.#detach();
      this.#lock.release();
    }
  }

  /** Opens the file, repairing it when it is damaged, then recovers and purges. */
  #attach(): HistoryNotice[] {
    let notices: HistoryNotice[];
    try {
      const opened = openHistoryDatabase({
        file: this.#files.history,
        backupsDir: this.#files.backups,
        now: () => new Date(this.#now()),
      });
      this.#use(opened.db);
      notices = opened.notices;
    } catch (error) {
      if (!isCorruption(error)) throw error;
      notices = [this.#salvage(error instanceof EmptyHistoryFileError ? 'empty' : 'damaged')];
    }
    const recovered = this.#guard(() => streaming.recoverStreaming(this.#ctx, this.#runsDir), notices);
    if (recovered > 0) notices.push(recoveredNotice(recovered));
    this.#guard(() => conversations.purgeDeleted(this.#ctx, this.#undoWindowMs), notices);
    this.#guard(() => this.attachments.sweep({ files: true }), notices);
    return notices;
  }

  #use(db: HistoryContext['db']): void {
    this.#ctx = new HistoryContext(db, this.#now, this.#lock.id);
    this.#writer = new StreamWriter(db, this.#now, (error) =>
      this.#options.onNotice?.(writeFailedNotice(error)),
    );
  }

  #detach(): void {
    try {
      this.#writer.flush();
    } catch {
      // Damaged or full: what was buffered cannot be written to this file any more.
    }
    this.#writer.dropAll();
    this.#ctx.db.close();
  }

  #salvage(cause: 'damaged' | 'empty'): HistoryNotice {
    const { db, report } = salvageHistory({
      file: this.#files.history,
      backupsDir: this.#files.backups,
      now: () => new Date(this.#now()),
      runId: this.#lock.id,
    });
    this.#use(db);
    return repairedNotice(report, cause);
  }

  /** The open file turned out damaged: it is rebuilt (history-salvage.ts) and the user told. */
  #repair(): HistoryNotice {
    this.#detach();
    const notice = this.#salvage('damaged');
    this.#options.onNotice?.(notice);
    return notice;
  }

  /** Runs `work`; when it meets damage, repairs the file once and runs it again on the repaired one. */
  #guard<T>(work: () => T, notices?: HistoryNotice[]): T {
    try {
      return work();
    } catch (error) {
      if (!isCorruption(error) || this.#closed) throw error;
      const notice = notices ? (this.#detach(), this.#salvage('damaged')) : this.#repair();
      notices?.push(notice);
      return work();
    }
  }
}

export type { HistoryNotice, ImportResult, BackupInfo, MessageFinish, NewMessage };
