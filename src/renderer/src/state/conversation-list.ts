import type { ConversationPage, ConversationSummary } from '../../../shared/history.ts';
import type { Api } from '../lib/api.ts';
import type { Emitter } from './emitter.ts';

const PAGE = 500;

/**
 * The sidebar's conversations (`list` wakes its views). Loaded once, page by page; after that it
 * changes only by the summaries main sends with each change, never by listing again (except after
 * a bulk change such as an import).
 */
export class ConversationList {
  private items: ConversationSummary[] = [];
  /**
   * Changes when conversations join or leave the list (new, archived, unarchived, deleted, listed
   * again), not when one is renamed or answered: all the archive depends on.
   */
  private membership = 0;
  private loading: Promise<void> | null = null;
  /** Changed or deleted while pages were loading: what main said since is newer than any page. */
  private readonly changedWhileLoading = new Set<string>();

  private readonly api: Api;
  private readonly emitter: Emitter;

  constructor(api: Api, emitter: Emitter) {
    this.api = api;
    this.emitter = emitter;
  }

  get = (): ConversationSummary[] => this.items;
  getMembership = (): number => this.membership;

  /** Loads every page in the background; the first page shows as soon as it arrives. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      let cursor: string | null = null;
      const seen = new Set<string>();
      try {
        do {
          const page: ConversationPage = await this.api.call('history.list', { limit: PAGE, cursor });
          const byId = new Map(this.items.map((c) => [c.id, c]));
          for (const item of page.items) if (!this.changedWhileLoading.has(item.id)) byId.set(item.id, item);
          for (const item of page.items) seen.add(item.id);
          this.set([...byId.values()]);
          cursor = page.nextCursor;
        } while (cursor);
        // A whole listing is the truth: what it no longer has is gone (a restored or repaired history).
        this.set(
          this.items.filter((c) => seen.has(c.id) || this.changedWhileLoading.has(c.id)),
          true,
        );
      } finally {
        this.loading = null;
        this.changedWhileLoading.clear();
      }
    })();
    return this.loading;
  }

  /** A conversation as main now describes it (new, renamed, pinned, answered, restored). */
  upsert(summary: ConversationSummary): void {
    if (this.loading) this.changedWhileLoading.add(summary.id);
    // An archived one changes what the archive shows even when the list stays as it was.
    this.set([...this.items.filter((c) => c.id !== summary.id), summary], summary.archived);
  }

  remove(conversationId: string): void {
    if (this.loading) this.changedWhileLoading.add(conversationId);
    // Also one the list did not show (an archived one, deleted): the archive changes.
    this.set(
      this.items.filter((c) => c.id !== conversationId),
      true,
    );
  }

  private set(list: ConversationSummary[], joinedOrLeft = false): void {
    const before = this.items.length;
    this.items = sortConversations(list);
    // Changes come one at a time, so one joining or leaving moves the count.
    if (joinedOrLeft || this.items.length !== before) this.membership++;
    this.emitter.emit('list');
  }
}

/** Pinned first, then the most recently updated; archived ones are not listed. */
function sortConversations(list: ConversationSummary[]): ConversationSummary[] {
  return list
    .filter((c) => !c.archived)
    .sort(
      (a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1),
    );
}
