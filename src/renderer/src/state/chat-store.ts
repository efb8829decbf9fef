import type { AttachmentChoice } from '../../../shared/attachments.ts';
import type { ChatCompareResult, ChatSendResult } from '../../../shared/chat.ts';
import type { HistoryChange } from '../../../shared/contract.ts';
import type { FilterOverride } from '../../../shared/filters.ts';
import type { ConversationSummary } from '../../../shared/history.ts';
import { summaryOf } from '../../../shared/history.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { ToolDecisionChoice } from '../../../shared/tools.ts';
import type { Api } from '../lib/api.ts';
import type { FrameScheduler, LiveAnswer } from './answer-streams.ts';
import { AnswerStreams } from './answer-streams.ts';
import { ConversationList } from './conversation-list.ts';
import type { ConversationView } from './conversation-views.ts';
import { ConversationViews } from './conversation-views.ts';
import { Emitter } from './emitter.ts';
import { Session } from './session.ts';

export type { ConversationView } from './conversation-views.ts';
export type { LiveAnswer } from './answer-streams.ts';

/**
 * The main window's view of conversations and running answers, made of four parts: the list
 * (sidebar), the open conversations (views and branches), the answers streaming, and the session
 * (what is shown). It is a view: every row and summary it holds is what main returned or
 * announced; streams belong to it, not to a component, so switching conversations never stops one.
 */
export class ChatStore {
  private readonly emitter = new Emitter();
  private readonly list: ConversationList;
  private readonly views: ConversationViews;
  private readonly streams: AnswerStreams;
  private readonly session: Session;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly api: Api;

  constructor(api: Api, frames?: FrameScheduler, now: () => number = () => Date.now()) {
    this.api = api;
    this.list = new ConversationList(api, this.emitter);
    this.views = new ConversationViews(api, this.emitter);
    this.streams = new AnswerStreams({
      api,
      emitter: this.emitter,
      frames,
      now,
      onDone: (live, end) => this.views.finishAnswer(live, end, now()),
    });
    this.session = new Session({
      emitter: this.emitter,
      now,
      load: (id) => this.views.load(id),
    });
  }

  start(): void {
    this.unsubscribe.push(
      this.streams.start(),
      this.api.on('history.changed', (change) => this.onHistoryChanged(change)),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  subscribe = (topic: string, listener: () => void) => this.emitter.subscribe(topic, listener);

  // ---- the list ------------------------------------------------------------------------------

  getConversations = (): ConversationSummary[] => this.list.get();
  getListMembership = (): number => this.list.getMembership();
  loadList = (): Promise<void> => this.list.load();

  async rename(conversationId: string, title: string): Promise<void> {
    this.patchSummary(await this.api.call('history.rename', { conversationId, title }));
  }

  async setPinned(conversationId: string, pinned: boolean): Promise<void> {
    this.patchSummary(await this.api.call('history.pin', { conversationId, pinned }));
  }

  /** Archived conversations leave the list (the archive view lists them); unarchiving brings them back. */
  async setArchived(conversationId: string, archived: boolean): Promise<void> {
    this.patchSummary(await this.api.call('history.archive', { conversationId, archived }));
  }

  async remove(conversationId: string): Promise<void> {
    await this.api.call('history.delete', { conversationId });
    this.list.remove(conversationId);
    this.views.forget(conversationId);
    if (this.session.getCurrentId() === conversationId) this.select(null);
  }

  async restore(conversationId: string): Promise<void> {
    this.patchSummary(await this.api.call('history.restore', { conversationId }));
  }

  private patchSummary(summary: ConversationSummary): void {
    this.list.upsert(summary);
    this.views.patchSummary(summary);
  }

  // ---- what is shown -------------------------------------------------------------------------

  getCurrentId = (): string | null => this.session.getCurrentId();
  getHighlight = () => this.session.getHighlight();
  getView = (conversationId: string | null): ConversationView | null => this.views.get(conversationId);
  /** Loads a conversation not yet shown (once, however many ask meanwhile). */
  load = (conversationId: string): Promise<ConversationView> => this.views.load(conversationId);
  select = (conversationId: string | null): void => this.session.select(conversationId);
  restoreSelection = (): void => this.session.restore();

  switchBranch = (conversationId: string, messageId: string, offset: number): Promise<void> =>
    this.views.switchBranch(conversationId, messageId, offset);

  subtreeSize = (conversationId: string, messageId: string): number =>
    this.views.subtreeSize(conversationId, messageId);

  /** Deletes a message and everything under it, for good; shows the branch main now shows. */
  async deleteMessage(conversationId: string, messageId: string): Promise<void> {
    const { conversation } = await this.api.call('history.deleteMessage', { conversationId, messageId });
    this.views.show(conversation);
    this.list.upsert(summaryOf(conversation));
  }

  /** Opens a search hit's conversation with the hit on the shown branch, and points at it. */
  async reveal(conversationId: string, messageId: string): Promise<void> {
    this.select(conversationId);
    await this.views.bringIntoView(conversationId, messageId);
    this.session.mark(messageId);
  }

  // ---- answers -------------------------------------------------------------------------------

  getLive = (messageId: string): LiveAnswer | null => this.streams.get(messageId);
  getFailover = (messageId: string) => this.streams.failoverOf(messageId);
  isStreaming = (conversationId: string | null): boolean => this.streams.isStreaming(conversationId);
  getStreamingConversations = (): ReadonlySet<string> => this.streams.conversations();
  stopStreams = (conversationId: string | null): Promise<void> => this.streams.stop(conversationId);
  stopAnswer = (messageId: string): Promise<void> => this.streams.stopAnswer(messageId);
  decideTool = (messageId: string, callId: string, decision: ToolDecisionChoice): Promise<void> =>
    this.streams.decideTool(messageId, callId, decision);
  cancelTool = (messageId: string, callId: string): Promise<void> =>
    this.streams.cancelTool(messageId, callId);

  /** A new message at the end of the shown branch, or (with `parentId`) an edit as a new branch. */
  async send(input: {
    content: string;
    /** Files already uploaded, in the order shown. */
    attachments?: AttachmentChoice[];
    conversationId: string | null;
    model: ModelRef | null;
    parentId?: string | null;
    /** A new chat's assistant (its instructions, parameters and history limit). */
    assistantId?: string | null;
    /** The person's answer to a hold by the content filters. */
    filters?: FilterOverride;
  }): Promise<ChatSendResult> {
    const { content, attachments, conversationId, model, parentId, assistantId, filters } = input;
    const result = this.started(
      await this.api.call('chat.send', {
        content,
        ...(attachments?.length ? { attachments } : {}),
        conversationId,
        model,
        ...(parentId !== undefined ? { parentId } : {}),
        ...(assistantId && conversationId === null ? { assistantId } : {}),
        ...(filters ? { filters } : {}),
      }),
    );
    if (conversationId === null && this.getCurrentId() === null) this.select(result.conversationId);
    return result;
  }

  /** The same question to several models at once: their answers stream side by side. */
  async compare(input: {
    content: string;
    attachments?: AttachmentChoice[];
    conversationId: string | null;
    models: ModelRef[];
    assistantId?: string | null;
    /** The person's answer to a hold by the content filters (the question is checked once). */
    filters?: FilterOverride;
  }): Promise<ChatCompareResult> {
    const { content, attachments, conversationId, models, assistantId, filters } = input;
    const result = await this.api.call('chat.compare', {
      content,
      ...(attachments?.length ? { attachments } : {}),
      conversationId,
      models,
      ...(assistantId && conversationId === null ? { assistantId } : {}),
      ...(filters ? { filters } : {}),
    });
    const { streams, ...rows } = result;
    // Each answer is followed as any answer is; the first model's is shown until one is chosen.
    for (const [i, stream] of streams.entries()) {
      const started = { ...rows, streamId: stream.streamId, assistantMessageId: stream.assistantMessageId };
      if (i === 0) this.started(started);
      else this.streams.track(started);
    }
    if (conversationId === null && this.getCurrentId() === null) this.select(result.conversationId);
    return result;
  }

  /** Goes on with one answer of a comparison: main settles it, and this shows the branch it now shows. */
  async chooseAnswer(conversationId: string, messageId: string): Promise<void> {
    const conversation = await this.api.call('history.chooseAnswer', { conversationId, messageId });
    this.views.show(conversation);
    this.list.upsert(summaryOf(conversation));
  }

  async regenerate(userMessageId: string, model: ModelRef | null): Promise<ChatSendResult> {
    return this.started(await this.api.call('chat.regenerate', { userMessageId, model }));
  }

  /** A thumbs up or down on an answer (null takes it back); shown as main saved it. */
  async rate(messageId: string, rating: 'up' | 'down' | null): Promise<void> {
    this.views.replaceMessage(await this.api.call('history.rate', { messageId, rating }));
  }

  async continueAnswer(assistantMessageId: string): Promise<ChatSendResult> {
    return this.started(await this.api.call('chat.continue', { assistantMessageId }));
  }

  private started(result: ChatSendResult): ChatSendResult {
    this.list.upsert(result.conversation);
    this.views.addStarted(result);
    this.streams.track(result);
    return result;
  }

  /** Another window (or main) changed history: follow it, from the summary main sent along. */
  private onHistoryChanged(change: HistoryChange): void {
    const id = change.conversationId;
    if (id === null || change.reason === 'imported') {
      void this.list.load().catch(() => {});
      return;
    }
    if (change.reason === 'deleted' || !change.summary) {
      this.list.remove(id);
      return;
    }
    this.patchSummary(change.summary);
    if (this.views.has(id) && !this.isStreaming(id)) {
      if (id === this.getCurrentId()) void this.views.open(id).catch(() => {});
      else this.views.forget(id);
    }
  }
}
