import type { HistoryChange } from '../../../shared/contract.ts';
import type { ConversationDetail, ConversationSummary } from '../../../shared/history.ts';
import { summaryOf } from '../../../shared/history.ts';

/** The part of the history store this needs. */
export interface ChangedHistory {
  open(conversationId: string): ConversationDetail;
  /** Soft delete (how a quick exchange the user chose not to keep leaves history), and its undo. */
  delete(conversationId: string): void;
  undoDelete(conversationId: string): unknown;
}

/**
 * What a send did to a conversation, told to every window with the summary their lists show; and
 * the quick prompt's "don't save" rule: with saving off, a quick exchange leaves history once
 * answered (a soft delete, purged at the next start) unless "Open in Parley" restores it.
 */
export class ConversationChanges {
  readonly #history: ChangedHistory;
  readonly #saveQuick: () => boolean;
  readonly #notify: (change: HistoryChange) => void;
  /** Quick exchanges taken out of history here (a follow-up brings them back while it runs). */
  readonly #discarded = new Set<string>();

  constructor(deps: {
    history: ChangedHistory;
    saveQuick: () => boolean;
    notify?: (change: HistoryChange) => void;
  }) {
    this.#history = deps.history;
    this.#saveQuick = deps.saveQuick;
    this.#notify = deps.notify ?? (() => {});
  }

  announce(conversationId: string, reason: 'created' | 'updated'): ConversationSummary {
    const summary = summaryOf(this.#history.open(conversationId));
    this.#notify({ conversationId, reason, summary });
    return summary;
  }

  /** Before a quick follow-up: a conversation discarded here comes back. */
  beforeQuickSend(conversationId: string): void {
    if (!this.#discarded.delete(conversationId)) return;
    try {
      this.#history.undoDelete(conversationId);
    } catch {
      // Restored already (opened in Parley).
    }
  }

  afterAnswer(conversationId: string, quick: boolean): void {
    try {
      if (quick && !this.#saveQuick()) {
        this.#history.delete(conversationId);
        this.#discarded.add(conversationId);
        this.#notify({ conversationId, reason: 'deleted', summary: null });
      } else {
        this.announce(conversationId, 'updated');
      }
    } catch {
      // Deleted meanwhile: nothing left to tell.
    }
  }
}
