import type { ChatSendResult, ChatStreamEvent } from '../../../shared/chat.ts';
import type { HistoryChange } from '../../../shared/contract.ts';
import type {
  ConversationDetail,
  ConversationPage,
  ConversationSummary,
  StoredMessage,
} from '../../../shared/history.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import { conversationTitle } from '../../../shared/conversation-title.ts';
import type { Api } from '../lib/api.ts';
import { Emitter } from './emitter.ts';
import type { MessageTree } from './tree.ts';
import { buildTree, newestLeafUnder, pathTo, siblingsOf, subtreeOf } from './tree.ts';

/** What a streaming answer looks like right now; replaced (never mutated) on every change. */
export interface LiveAnswer {
  streamId: string;
  conversationId: string;
  messageId: string;
  content: string;
  reasoning: string;
  status: 'pending' | 'queued' | 'retrying' | 'streaming';
  retry: { attempt: number; maxAttempts: number; delayMs: number; since: number } | null;
  failover: { from: ModelRef; to: ModelRef } | null;
}

/** One open conversation as the chat view shows it. Replaced on every structural change. */
export interface ConversationView {
  detail: ConversationDetail;
  tree: MessageTree;
  path: StoredMessage[];
}

export interface FrameScheduler {
  request(callback: () => void): void;
}

const LIST_PAGE = 500;
const CURRENT_KEY = 'parley.currentConversation';
const HEAD_PAGE = 100;

/**
 * The renderer's one source of truth for conversations and running answers. Streams belong to the
 * store, not to a view: several can run at once, and switching conversations never stops one.
 * Deltas are buffered and applied once per animation frame, waking only that message's view.
 */
export class ChatStore {
  readonly emitter = new Emitter();
  private conversations: ConversationSummary[] = [];
  private listComplete = false;
  private listLoading: Promise<void> | null = null;
  private readonly views = new Map<string, ConversationView>();
  private readonly live = new Map<string, LiveAnswer>();
  private readonly streamToMessage = new Map<string, string>();
  /** Events that arrived before their request's reply told us the stream id. */
  private readonly early = new Map<string, ChatStreamEvent[]>();
  private readonly pending = new Map<string, { text: string; reasoning: string }>();
  private frameRequested = false;
  private currentId: string | null = null;
  /** Something (the user, the address, the shell) chose what to show: a restore must not override it. */
  private chosen = false;
  private highlight: { messageId: string; at: number } | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  /** Which answers came from a failover model (kept after the stream ends). */
  private readonly failovers = new Map<string, { from: ModelRef; to: ModelRef }>();

  private readonly api: Api;
  private readonly frames: FrameScheduler;
  private readonly now: () => number;

  constructor(
    api: Api,
    frames: FrameScheduler = { request: (cb) => requestAnimationFrame(() => cb()) },
    now: () => number = () => Date.now(),
  ) {
    this.api = api;
    this.frames = frames;
    this.now = now;
  }

  start(): void {
    this.unsubscribe.push(
      this.api.on('chat.event', (event) => this.onChatEvent(event)),
      this.api.on('history.changed', (change) => void this.onHistoryChanged(change)),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  subscribe = (topic: string, listener: () => void) => this.emitter.subscribe(topic, listener);

  // ---- conversation list -------------------------------------------------------------------

  getConversations = (): ConversationSummary[] => this.conversations;
  isListComplete = (): boolean => this.listComplete;

  /** Loads every page in the background; the first page shows as soon as it arrives. */
  loadList(): Promise<void> {
    this.listLoading ??= (async () => {
      const seen = new Map<string, ConversationSummary>();
      let cursor: string | null = null;
      try {
        do {
          const page: ConversationPage = await this.api.call('history.list', { limit: LIST_PAGE, cursor });
          for (const item of page.items) seen.set(item.id, item);
          cursor = page.nextCursor;
          this.setConversations([...seen.values()]);
        } while (cursor);
        this.listComplete = true;
        this.emitter.emit('list');
      } finally {
        this.listLoading = null;
      }
    })();
    return this.listLoading;
  }

  /** After a change: the most recent conversations again, merged into what is known. */
  async refreshListHead(): Promise<void> {
    const page = await this.api.call('history.list', { limit: HEAD_PAGE, cursor: null });
    const byId = new Map(this.conversations.map((c) => [c.id, c]));
    for (const item of page.items) byId.set(item.id, item);
    this.setConversations([...byId.values()]);
  }

  private setConversations(list: ConversationSummary[]): void {
    this.conversations = sortConversations(list);
    this.emitter.emit('list');
  }

  private patchSummary(summary: ConversationSummary): void {
    const rest = this.conversations.filter((c) => c.id !== summary.id);
    this.setConversations([...rest, summary]);
    const view = this.views.get(summary.id);
    if (view)
      this.setView({ ...view, detail: { ...view.detail, ...summary, messages: view.detail.messages } });
  }

  async rename(conversationId: string, title: string): Promise<void> {
    this.patchSummary(await this.api.call('history.rename', { conversationId, title }));
  }

  async setPinned(conversationId: string, pinned: boolean): Promise<void> {
    this.patchSummary(await this.api.call('history.pin', { conversationId, pinned }));
  }

  async remove(conversationId: string): Promise<void> {
    await this.api.call('history.delete', { conversationId });
    this.setConversations(this.conversations.filter((c) => c.id !== conversationId));
    this.views.delete(conversationId);
    if (this.currentId === conversationId) this.select(null);
  }

  async restore(conversationId: string): Promise<void> {
    this.patchSummary(await this.api.call('history.restore', { conversationId }));
  }

  // ---- the open conversation -------------------------------------------------------------

  getCurrentId = (): string | null => this.currentId;

  getView = (conversationId: string | null): ConversationView | null =>
    conversationId === null ? null : (this.views.get(conversationId) ?? null);

  getHighlight = () => this.highlight;

  select(conversationId: string | null): void {
    this.chosen = true;
    this.remember(conversationId);
    if (this.currentId === conversationId) return;
    this.currentId = conversationId;
    this.highlight = null;
    this.emitter.emit('current');
    if (conversationId !== null && !this.views.has(conversationId)) void this.open(conversationId);
  }

  /** The open conversation survives a reload of the window (per tab, like the browser edition's token). */
  private remember(conversationId: string | null): void {
    try {
      if (conversationId) globalThis.sessionStorage?.setItem(CURRENT_KEY, conversationId);
      else globalThis.sessionStorage?.removeItem(CURRENT_KEY);
    } catch {
      // storage unavailable: nothing to remember
    }
  }

  /**
   * Reopens the conversation that was open before a reload, if it still exists, unless something
   * else was chosen first (the address, the shell, the user): that wins, even while this loads.
   */
  restoreSelection(): void {
    let id: string | null = null;
    try {
      id = globalThis.sessionStorage?.getItem(CURRENT_KEY) ?? null;
    } catch {
      id = null;
    }
    if (!id || this.chosen) return;
    this.open(id).then(
      () => !this.chosen && this.select(id),
      () => !this.chosen && this.remember(null),
    );
  }

  /** (Re)loads a conversation from history. Live answers keep their own text on top of it. */
  async open(conversationId: string): Promise<ConversationView> {
    const detail = await this.api.call('history.open', { conversationId });
    return this.setView(makeView(detail));
  }

  private setView(view: ConversationView): ConversationView {
    this.views.set(view.detail.id, view);
    this.emitter.emit(`conv:${view.detail.id}`);
    return view;
  }

  private updateDetail(
    conversationId: string,
    update: (detail: ConversationDetail) => ConversationDetail,
  ): void {
    const view = this.views.get(conversationId);
    if (!view) return;
    this.setView(makeView(update(view.detail)));
  }

  /** Shows another branch: the sibling `offset` away, down to its newest leaf. */
  async switchBranch(conversationId: string, messageId: string, offset: number): Promise<void> {
    const view = this.views.get(conversationId);
    const message = view?.tree.byId.get(messageId);
    if (!view || !message) return;
    const { siblings, index } = siblingsOf(view.tree, message);
    const target = siblings[index + offset];
    if (!target) return;
    const leaf = newestLeafUnder(view.tree, target.id);
    this.updateDetail(conversationId, (d) => ({ ...d, currentLeafId: leaf }));
    await this.api.call('history.setLeaf', { conversationId, messageId: leaf });
  }

  /** How many messages deleting this one takes with it (itself included). */
  subtreeSize(conversationId: string, messageId: string): number {
    const view = this.views.get(conversationId);
    return view ? subtreeOf(view.tree, messageId).size : 1;
  }

  /**
   * Deletes a message and everything under it, for good. The shown branch, if it ran through
   * them, moves to the parent's newest remaining leaf (as main does).
   */
  async deleteMessage(conversationId: string, messageId: string): Promise<void> {
    await this.api.call('history.deleteMessage', { conversationId, messageId });
    const view = this.views.get(conversationId);
    if (view) {
      const gone = subtreeOf(view.tree, messageId);
      const parentId = view.tree.byId.get(messageId)?.parentId ?? null;
      this.updateDetail(conversationId, (d) => {
        const messages = d.messages.filter((m) => !gone.has(m.id));
        let leaf = d.currentLeafId;
        if (leaf !== null && gone.has(leaf)) {
          const tree = buildTree(messages);
          const from =
            parentId !== null && tree.byId.has(parentId) ? parentId : tree.children.get(null)?.at(-1)?.id;
          leaf = from === undefined ? null : newestLeafUnder(tree, from);
        }
        return { ...d, messages, messageCount: messages.length, currentLeafId: leaf };
      });
    }
    void this.refreshListHead().catch(() => {});
  }

  /** Makes sure a message is on the shown branch (for a search hit), then marks it. */
  async reveal(conversationId: string, messageId: string): Promise<void> {
    this.select(conversationId);
    const view = this.views.get(conversationId) ?? (await this.open(conversationId));
    if (!view.path.some((m) => m.id === messageId) && view.tree.byId.has(messageId)) {
      const leaf = newestLeafUnder(view.tree, messageId);
      this.updateDetail(conversationId, (d) => ({ ...d, currentLeafId: leaf }));
      void this.api.call('history.setLeaf', { conversationId, messageId: leaf }).catch(() => {});
    }
    this.highlight = { messageId, at: this.now() };
    this.emitter.emit('highlight');
  }

  // ---- sending and streaming ---------------------------------------------------------------

  getLive = (messageId: string): LiveAnswer | null => this.live.get(messageId) ?? null;
  getFailover = (messageId: string): { from: ModelRef; to: ModelRef } | null =>
    this.failovers.get(messageId) ?? null;

  /** The streams running in a conversation. */
  streamsOf(conversationId: string | null): string[] {
    if (conversationId === null) return [];
    return [...this.live.values()].filter((l) => l.conversationId === conversationId).map((l) => l.streamId);
  }

  isStreaming = (conversationId: string | null): boolean => this.streamsOf(conversationId).length > 0;

  private streamingSet: ReadonlySet<string> = new Set();
  /** Conversations with an answer streaming (a new Set only when it changes). */
  getStreamingConversations = (): ReadonlySet<string> => this.streamingSet;

  private streamsChanged(): void {
    this.streamingSet = new Set([...this.live.values()].map((l) => l.conversationId));
    this.emitter.emit('streams');
  }

  /** A new message at the end of the shown branch, or (with `parentId`) an edit as a new branch. */
  async send(input: {
    content: string;
    conversationId: string | null;
    model: ModelRef | null;
    parentId?: string | null;
  }): Promise<ChatSendResult> {
    const result = await this.api.call('chat.send', {
      content: input.content,
      conversationId: input.conversationId,
      model: input.model,
      ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
    });
    const now = this.now();
    const existing = this.views.get(result.conversationId);
    const parentId =
      input.parentId !== undefined ? input.parentId : existing ? (existing.path.at(-1)?.id ?? null) : null;
    const user = stubMessage(
      result.userMessageId,
      result.conversationId,
      parentId,
      'user',
      input.content,
      now,
    );
    const assistant = stubMessage(
      result.assistantMessageId,
      result.conversationId,
      user.id,
      'assistant',
      '',
      now,
    );
    assistant.state = 'streaming';
    if (input.model) assistant.model = input.model.model;
    if (existing) {
      this.updateDetail(result.conversationId, (d) => ({
        ...d,
        messages: [...d.messages.filter((m) => m.id !== user.id && m.id !== assistant.id), user, assistant],
        currentLeafId: assistant.id,
      }));
    } else {
      this.setView(makeView(newDetail(result.conversationId, input.content, [user, assistant], now)));
    }
    this.track(result, '');
    if (input.conversationId === null && this.currentId === null) this.select(result.conversationId);
    void this.refreshListHead().catch(() => {});
    return result;
  }

  async regenerate(
    conversationId: string,
    userMessageId: string,
    model: ModelRef | null,
  ): Promise<ChatSendResult> {
    const result = await this.api.call('chat.regenerate', { userMessageId, model });
    const assistant = stubMessage(
      result.assistantMessageId,
      conversationId,
      userMessageId,
      'assistant',
      '',
      this.now(),
    );
    assistant.state = 'streaming';
    this.updateDetail(conversationId, (d) => ({
      ...d,
      messages: [...d.messages.filter((m) => m.id !== assistant.id), assistant],
      currentLeafId: assistant.id,
    }));
    this.track(result, '');
    return result;
  }

  async continueAnswer(conversationId: string, assistantMessageId: string): Promise<ChatSendResult> {
    const result = await this.api.call('chat.continue', { assistantMessageId });
    const message = this.views.get(conversationId)?.tree.byId.get(assistantMessageId);
    this.updateDetail(conversationId, (d) => ({
      ...d,
      messages: d.messages.map((m) =>
        m.id === assistantMessageId ? { ...m, state: 'streaming', error: null } : m,
      ),
    }));
    this.track(result, message?.content ?? '');
    return result;
  }

  async stopStreams(conversationId: string | null): Promise<void> {
    await Promise.all(
      this.streamsOf(conversationId).map((streamId) => this.api.call('chat.stop', { streamId })),
    );
  }

  private track(result: ChatSendResult, baseline: string): void {
    const live: LiveAnswer = {
      streamId: result.streamId,
      conversationId: result.conversationId,
      messageId: result.assistantMessageId,
      content: baseline,
      reasoning: '',
      status: 'pending',
      retry: null,
      failover: null,
    };
    this.live.set(live.messageId, live);
    this.streamToMessage.set(result.streamId, live.messageId);
    this.emitter.emit(`msg:${live.messageId}`);
    this.streamsChanged();
    const early = this.early.get(result.streamId);
    if (early) {
      this.early.delete(result.streamId);
      for (const event of early) this.onChatEvent(event);
    }
  }

  private onChatEvent(event: ChatStreamEvent): void {
    const messageId = this.streamToMessage.get(event.streamId);
    if (!messageId) {
      const list = this.early.get(event.streamId) ?? [];
      if (list.length < 10_000) list.push(event);
      this.early.set(event.streamId, list);
      return;
    }
    if (event.type === 'delta') {
      const buffered = this.pending.get(event.streamId);
      if (buffered) {
        buffered.text += event.text;
        buffered.reasoning += event.reasoning;
      } else {
        this.pending.set(event.streamId, { text: event.text, reasoning: event.reasoning });
      }
      if (!this.frameRequested) {
        this.frameRequested = true;
        this.frames.request(() => this.flush());
      }
      return;
    }
    this.flushStream(event.streamId);
    const live = this.live.get(messageId);
    if (!live) return;
    switch (event.type) {
      case 'status':
        this.setLive({
          ...live,
          status: event.status,
          retry:
            event.status === 'retrying'
              ? {
                  attempt: event.attempt ?? 1,
                  maxAttempts: event.maxAttempts ?? 1,
                  delayMs: event.delayMs ?? 0,
                  since: this.now(),
                }
              : null,
        });
        return;
      case 'failover':
        this.failovers.set(messageId, { from: event.from, to: event.to });
        this.setLive({ ...live, failover: { from: event.from, to: event.to } });
        return;
      case 'done':
        this.finish(live, event);
    }
  }

  /** Applies every buffered delta: once per animation frame. */
  flush(): void {
    this.frameRequested = false;
    for (const streamId of [...this.pending.keys()]) this.flushStream(streamId);
  }

  private flushStream(streamId: string): void {
    const buffered = this.pending.get(streamId);
    if (!buffered) return;
    this.pending.delete(streamId);
    const messageId = this.streamToMessage.get(streamId);
    const live = messageId ? this.live.get(messageId) : undefined;
    if (!live) return;
    this.setLive({
      ...live,
      content: live.content + buffered.text,
      reasoning: live.reasoning + buffered.reasoning,
      status: 'streaming',
      retry: null,
    });
  }

  private setLive(live: LiveAnswer): void {
    this.live.set(live.messageId, live);
    this.emitter.emit(`msg:${live.messageId}`);
  }

  private finish(live: LiveAnswer, event: Extract<ChatStreamEvent, { type: 'done' }>): void {
    this.live.delete(live.messageId);
    this.streamToMessage.delete(live.streamId);
    this.updateDetail(live.conversationId, (d) => ({
      ...d,
      messages: d.messages.map((m) =>
        m.id === live.messageId
          ? {
              ...m,
              content: live.content,
              reasoning: live.reasoning || m.reasoning,
              state: event.state,
              error: event.error,
              usage: event.usage,
              costUsd: event.costUsd,
              providerId: event.answeredBy?.providerId ?? m.providerId,
              model: event.answeredBy?.model ?? m.model,
              updatedAt: this.now(),
            }
          : m,
      ),
    }));
    this.emitter.emit(`msg:${live.messageId}`);
    this.streamsChanged();
    void this.refreshListHead().catch(() => {});
  }

  private async onHistoryChanged(change: HistoryChange): Promise<void> {
    if (change.reason === 'deleted' && change.conversationId) {
      this.setConversations(this.conversations.filter((c) => c.id !== change.conversationId));
      return;
    }
    if (change.reason === 'imported' || change.conversationId === null) {
      await this.loadList().catch(() => {});
      return;
    }
    await this.refreshListHead().catch(() => {});
    const id = change.conversationId;
    if (this.views.has(id) && !this.isStreaming(id)) {
      if (id === this.currentId) await this.open(id).catch(() => {});
      else this.views.delete(id);
    }
  }
}

export function sortConversations(list: ConversationSummary[]): ConversationSummary[] {
  return list
    .filter((c) => !c.archived)
    .sort(
      (a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1),
    );
}

function makeView(detail: ConversationDetail): ConversationView {
  const tree = buildTree(detail.messages);
  return { detail, tree, path: pathTo(tree, detail.currentLeafId) };
}

function stubMessage(
  id: string,
  conversationId: string,
  parentId: string | null,
  role: 'user' | 'assistant',
  content: string,
  now: number,
): StoredMessage {
  return {
    id,
    conversationId,
    parentId,
    role,
    content,
    reasoning: null,
    state: 'complete',
    error: null,
    providerId: null,
    model: null,
    usage: null,
    costUsd: null,
    createdAt: now,
    updatedAt: now,
  };
}

function newDetail(
  id: string,
  firstMessage: string,
  messages: StoredMessage[],
  now: number,
): ConversationDetail {
  return {
    id,
    title: conversationTitle(firstMessage),
    createdAt: now,
    updatedAt: now,
    pinned: false,
    archived: false,
    folder: null,
    tags: [],
    model: null,
    source: 'parley',
    messageCount: messages.length,
    messages,
    currentLeafId: messages.at(-1)?.id ?? null,
  };
}
