import type { Emitter } from './emitter.ts';

const CURRENT_KEY = 'parley.currentConversation';

/**
 * What this window shows: the open conversation (`current`) and a message to point at
 * (`highlight`). The open conversation survives a reload (per tab, like the browser edition's
 * token); what something chose since (the user, the address, the shell) wins over that memory.
 */
export class Session {
  private currentId: string | null = null;
  private chosen = false;
  private highlight: { messageId: string; at: number } | null = null;

  private readonly emitter: Emitter;
  private readonly now: () => number;
  /** Loads a conversation chosen here (a rejection means it is gone). */
  private readonly load: (conversationId: string) => Promise<unknown>;

  constructor(deps: {
    emitter: Emitter;
    now: () => number;
    load: (conversationId: string) => Promise<unknown>;
  }) {
    this.emitter = deps.emitter;
    this.now = deps.now;
    this.load = deps.load;
  }

  getCurrentId = (): string | null => this.currentId;
  getHighlight = (): { messageId: string; at: number } | null => this.highlight;

  select(conversationId: string | null): void {
    this.chosen = true;
    this.remember(conversationId);
    if (this.currentId === conversationId) return;
    this.currentId = conversationId;
    this.highlight = null;
    this.emitter.emit('current');
    if (conversationId !== null) void this.load(conversationId).catch(() => {});
  }

  /** Reopens the conversation open before a reload, if it still exists and nothing else was chosen. */
  restore(): void {
    let id: string | null = null;
    try {
      id = globalThis.sessionStorage?.getItem(CURRENT_KEY) ?? null;
    } catch {
      id = null;
    }
    if (!id || this.chosen) return;
    this.load(id).then(
      () => !this.chosen && this.select(id),
      () => !this.chosen && this.remember(null),
    );
  }

  mark(messageId: string): void {
    this.highlight = { messageId, at: this.now() };
    this.emitter.emit('highlight');
  }

  private remember(conversationId: string | null): void {
    try {
      if (conversationId) globalThis.sessionStorage?.setItem(CURRENT_KEY, conversationId);
      else globalThis.sessionStorage?.removeItem(CURRENT_KEY);
    } catch {
      // storage unavailable: nothing to remember
    }
  }
}
