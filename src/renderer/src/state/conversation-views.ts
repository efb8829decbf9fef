import type { ChatSendResult } from '../../../shared/chat.ts';
import type { ConversationDetail, ConversationSummary, StoredMessage } from '../../../shared/history.ts';
import type { Api } from '../lib/api.ts';
import type { LiveAnswer, StreamEnd } from './answer-streams.ts';
import type { Emitter } from './emitter.ts';
import type { MessageTree } from './tree.ts';
import { buildTree, newestLeafUnder, pathTo, siblingsOf, subtreeOf } from './tree.ts';
import { liveParts } from './tool-parts.ts';

/** One open conversation as the chat view shows it. Replaced on every structural change. */
export interface ConversationView {
  detail: ConversationDetail;
  tree: MessageTree;
  path: StoredMessage[];
}

/**
 * The conversations this window has open, each with its message tree and shown branch
 * (`conv:<id>` wakes its views). What they hold is what main returned: opened, the rows a send
 * created, the branch a delete left; the only choice made here is which sibling to show.
 */
export class ConversationViews {
  private readonly views = new Map<string, ConversationView>();
  /** Loads in flight (`load`): opening a conversation asks for it from the selection and the pane. */
  private readonly loading = new Map<string, Promise<ConversationView>>();
  private readonly api: Api;
  private readonly emitter: Emitter;

  constructor(api: Api, emitter: Emitter) {
    this.api = api;
    this.emitter = emitter;
  }

  get = (conversationId: string | null): ConversationView | null =>
    conversationId === null ? null : (this.views.get(conversationId) ?? null);

  has = (conversationId: string): boolean => this.views.has(conversationId);

  forget(conversationId: string): void {
    this.views.delete(conversationId);
  }

  /** A conversation not yet shown, asked of main once however many views ask for it meanwhile. */
  load(conversationId: string): Promise<ConversationView> {
    const shown = this.views.get(conversationId);
    if (shown) return Promise.resolve(shown);
    let pending = this.loading.get(conversationId);
    if (!pending) {
      pending = this.open(conversationId).finally(() => this.loading.delete(conversationId));
      this.loading.set(conversationId, pending);
    }
    return pending;
  }

  /** (Re)loads a conversation from history. Live answers keep their own text on top of it. */
  async open(conversationId: string): Promise<ConversationView> {
    return this.show(await this.api.call('history.open', { conversationId }));
  }

  /** Shows a conversation as main returned it. */
  show(detail: ConversationDetail): ConversationView {
    const tree = buildTree(detail.messages);
    const view = { detail, tree, path: pathTo(tree, detail.currentLeafId) };
    this.views.set(detail.id, view);
    this.emitter.emit(`conv:${detail.id}`);
    return view;
  }

  /** New title, pin, counts: the messages and the shown branch stay. */
  patchSummary(summary: ConversationSummary): void {
    this.update(summary.id, (d) => ({
      ...d,
      ...summary,
      messages: d.messages,
      currentLeafId: d.currentLeafId,
    }));
  }

  /** The rows a send, a regeneration or a Continue created, as stored; the new answer is shown. */
  addStarted(started: ChatSendResult): void {
    const { conversation, created, assistantMessageId } = started;
    const ids = new Set(created.map((m) => m.id));
    if (this.views.has(conversation.id)) {
      this.update(conversation.id, (d) => ({
        ...d,
        ...conversation,
        messages: [...d.messages.filter((m) => !ids.has(m.id)), ...created],
        currentLeafId: assistantMessageId,
      }));
    } else if (conversation.messageCount === created.length) {
      this.show({ ...conversation, messages: created, currentLeafId: assistantMessageId });
    } else {
      void this.open(conversation.id).catch(() => {});
    }
  }

  /**
   * A finished answer keeps the text it streamed (and the tools it called, as parts, in order), with
   * its final state, usage, cost, what was adjusted to send it and what the content filters found.
   */
  finishAnswer(live: LiveAnswer, end: StreamEnd, now: number): void {
    const parts = live.tools.length > 0 ? liveParts(live.content, live.tools) : null;
    this.update(live.conversationId, (d) => ({
      ...d,
      messages: d.messages.map((m) =>
        m.id === live.messageId
          ? {
              ...m,
              ...(parts ? { parts } : {}),
              content: live.content,
              reasoning: live.reasoning || m.reasoning,
              state: end.state,
              error: end.error,
              usage: end.usage,
              costUsd: end.costUsd,
              adjustments: end.adjustments,
              timing: end.timing ?? m.timing ?? null,
              filter: end.filter ?? live.filter ?? m.filter ?? null,
              route: end.route ?? m.route ?? null,
              providerId: end.answeredBy?.providerId ?? m.providerId,
              model: end.answeredBy?.model ?? m.model,
              updatedAt: now,
            }
          : m,
      ),
    }));
  }

  /** One message as main now has it (a rating changed); the tree and the shown branch stay. */
  replaceMessage(message: StoredMessage): void {
    this.update(message.conversationId, (d) => ({
      ...d,
      messages: d.messages.map((m) => (m.id === message.id ? { ...m, rating: message.rating ?? null } : m)),
    }));
  }

  /** Shows another branch: the sibling `offset` away, down to its newest leaf; main remembers it. */
  async switchBranch(conversationId: string, messageId: string, offset: number): Promise<void> {
    const view = this.views.get(conversationId);
    const message = view?.tree.byId.get(messageId);
    if (!view || !message) return;
    const { siblings, index } = siblingsOf(view.tree, message);
    const target = siblings[index + offset];
    if (!target) return;
    await this.showLeaf(conversationId, newestLeafUnder(view.tree, target.id));
  }

  /** Makes sure a message is on the shown branch (for a search hit). */
  async bringIntoView(conversationId: string, messageId: string): Promise<void> {
    const view = this.views.get(conversationId) ?? (await this.open(conversationId));
    if (view.path.some((m) => m.id === messageId) || !view.tree.byId.has(messageId)) return;
    await this.showLeaf(conversationId, newestLeafUnder(view.tree, messageId)).catch(() => {});
  }

  /** How many messages deleting this one takes with it (itself included), for the confirmation. */
  subtreeSize(conversationId: string, messageId: string): number {
    const view = this.views.get(conversationId);
    return view ? subtreeOf(view.tree, messageId).size : 1;
  }

  private async showLeaf(conversationId: string, leaf: string): Promise<void> {
    this.update(conversationId, (d) => ({ ...d, currentLeafId: leaf }));
    await this.api.call('history.setLeaf', { conversationId, messageId: leaf });
  }

  private update(conversationId: string, change: (detail: ConversationDetail) => ConversationDetail): void {
    const view = this.views.get(conversationId);
    if (view) this.show(change(view.detail));
  }
}
