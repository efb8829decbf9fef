import { randomUUID } from 'node:crypto';
import type { ContextPreview } from '../../../shared/assistants.ts';
import type { ChatCompareResult, ChatSendResult } from '../../../shared/chat.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { StoredMessage } from '../../../shared/history.ts';
import type { ToolDecisionChoice } from '../../../shared/tools.ts';
import { summaryOf } from '../../../shared/history.ts';
import { quietDownReplaced } from './answer-ratings.ts';
import type { Peer } from '../rpc/bind-contract.ts';
import type { ChatServiceDeps, CompareInput, PreviewInput, SendInput } from './chat-ports.ts';
import { ConversationChanges } from './conversation-changes.ts';
import { contextTo, RequestPlanner } from './request-plan.ts';
import { capabilityWindow } from './context-window.ts';
import { chainFor, chainForInputs, resolveChain } from './model-chain.ts';
import type { Chain } from './model-chain.ts';
import { addAnswer, addQuestion } from './new-question.ts';
import type { QuestionDeps } from './new-question.ts';
import { compareModels } from './compare.ts';
import { runAnswer, type ActiveStream, type AnswerJob } from './answer-run.ts';
import { ToolAnswers } from './answer-tools.ts';

/** Asks the model to pick up an interrupted answer where it stopped (the partial answer precedes it). */
export const CONTINUE_PROMPT =
  'Continue your previous answer exactly where it stopped. Do not repeat anything, do not add a preamble.';

/** Ties a send to the client, the history store and the stream events for one caller. */
export class ChatService {
  readonly #deps: ChatServiceDeps;
  readonly #active = new Map<string, ActiveStream>();
  readonly #watchedPeers = new WeakSet<Peer>();
  readonly #changes: ConversationChanges;
  readonly #planner: RequestPlanner;
  readonly #question: QuestionDeps;
  readonly #tools: ToolAnswers;

  constructor(deps: ChatServiceDeps) {
    this.#deps = deps;
    this.#planner = new RequestPlanner({
      history: deps.history,
      settings: deps.settings,
      assistants: deps.assistants,
      attachments: deps.attachments,
      window: deps.window ?? ((link) => capabilityWindow(link, deps.settings().modelOverrides)),
    });
    this.#changes = new ConversationChanges({
      history: deps.history,
      saveQuick: () => deps.settings().quickPrompt?.saveExchanges !== false,
      notify: deps.onConversationChange,
    });
    this.#question = { ...deps, planner: this.#planner, changes: this.#changes };
    this.#tools = new ToolAnswers(deps);
  }

  async send(input: SendInput, peer: Peer): Promise<ChatSendResult> {
    const { user, chains, reason, quick } = await addQuestion(this.#question, input);
    return this.#answer(user, chains[0]!, peer, { reason, newUser: true, quick });
  }

  /**
   * The same question to several models at once: one answer (and stream) per model (compare.ts).
   * A comparison never uses tools: several models calling tools at once would ask the person about
   * each call of each, and run the same commands several times.
   */
  async compare(input: CompareInput, peer: Peer): Promise<ChatCompareResult> {
    return compareModels({
      history: this.#deps.history,
      question: await addQuestion(this.#question, input, input.models),
      stream: (user, answer, chain, quick) => this.#stream(user, answer, chain, peer, quick, false),
      announce: (conversationId, reason) => this.#changes.announce(conversationId, reason),
    });
  }

  /** A new answer to the same user message, as a sibling of the earlier ones (the conversation's model unless given). */
  regenerate(userMessageId: string, model: ModelRef | null, peer: Peer): ChatSendResult {
    const user = this.#deps.history.getMessage(userMessageId);
    if (user.role !== 'user') {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'Only an answer to a message can be regenerated.',
      });
    }
    const chain = chainFor(this.#deps, user.conversationId, model);
    const sent = contextTo(this.#deps.history, user.id);
    quietDownReplaced(this.#deps.history, user);
    return this.#answer(user, chainForInputs(this.#deps.settings(), chain, sent), peer, {
      reason: 'updated',
      newUser: false,
      quick: false,
    });
  }

  /**
   * Appends the rest of an interrupted answer to it, from the model that wrote it. It may use the
   * conversation's tools like any answer (its tool calls so far are sent back with it).
   */
  continue(assistantMessageId: string, peer: Peer): ChatSendResult {
    const { history } = this.#deps;
    const answer = history.getMessage(assistantMessageId);
    if (answer.role !== 'assistant' || answer.state === 'complete' || answer.state === 'streaming') {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'Only an interrupted answer can be continued.',
      });
    }
    const ref =
      answer.providerId && answer.model ? { providerId: answer.providerId, model: answer.model } : null;
    const messages = contextTo(history, answer.id);
    const chain = chainForInputs(this.#deps.settings(), resolveChain(this.#deps.settings(), ref), messages);
    messages.push({ role: 'user', content: CONTINUE_PROMPT });
    history.resumeMessage(answer.id);
    const streamId = randomUUID();
    const job = { messageId: answer.id, conversationId: answer.conversationId, chain, messages, keep: 2 };
    this.#start(streamId, peer, job, false);
    return {
      streamId,
      conversationId: answer.conversationId,
      userMessageId: answer.parentId ?? '',
      assistantMessageId: answer.id,
      conversation: summaryOf(history.open(answer.conversationId)),
      created: [history.getMessage(answer.id)],
    };
  }

  #answer(
    user: StoredMessage,
    chain: Chain,
    peer: Peer,
    how: { reason: 'created' | 'updated'; newUser: boolean; quick: boolean },
  ): ChatSendResult {
    const assistant = addAnswer(this.#deps.history, user, chain);
    const streamId = this.#stream(user, assistant, chain, peer, how.quick);
    const conversation = this.#changes.announce(user.conversationId, how.reason);
    return {
      streamId,
      conversationId: user.conversationId,
      userMessageId: user.id,
      assistantMessageId: assistant.id,
      conversation,
      created: how.newUser ? [user, assistant] : [assistant],
    };
  }

  /** Streams an answer (stored, `streaming`) to `user`; returns its stream's id. */
  #stream(
    user: StoredMessage,
    answer: StoredMessage,
    chain: Chain,
    peer: Peer,
    quick: boolean,
    tools = true,
  ): string {
    const messages = contextTo(this.#deps.history, user.id);
    const streamId = randomUUID();
    const job = {
      messageId: answer.id,
      conversationId: user.conversationId,
      chain,
      messages,
      keep: 1,
      tools,
    };
    this.#start(streamId, peer, job, quick);
    return streamId;
  }

  /** What a send of `content` would carry now: its estimated tokens, and how many messages go or are left out. */
  preview(input: PreviewInput): Promise<ContextPreview> {
    const start = input.conversationId ? null : this.#planner.forNewConversation(input.assistantId);
    const chain = chainFor(this.#deps, input.conversationId, input.model ?? start?.model ?? null);
    return this.#planner.preview({ ...input, chain });
  }

  /** The person's answer to a tool call that asked (`tools.approve`); false when no such call waits. */
  approveTool(streamId: string, callId: string, decision: ToolDecisionChoice): boolean {
    return this.#tools.approve(streamId, callId, decision);
  }

  /** Cancels a running tool call alone (the answer goes on); false when no such call runs or waits. */
  cancelTool(streamId: string, callId: string): boolean {
    return this.#tools.cancel(streamId, callId);
  }

  /** Stops a stream; its partial answer is kept as `interrupted`. */
  stop(streamId: string): boolean {
    const stream = this.#active.get(streamId);
    if (!stream) return false;
    stream.stopped = true;
    stream.controller.abort();
    return true;
  }

  /** Resolves when every running stream has settled (used at shutdown and by tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.#active.values()].map((s) => s.done));
    await this.#deps.titles?.settled();
  }

  activeIds(): string[] {
    return [...this.#active.keys()];
  }

  #start(streamId: string, peer: Peer, job: AnswerJob, quick: boolean): void {
    const { conversationId, messageId, chain } = job;
    const controller = new AbortController();
    const stream: ActiveStream = { controller, peer, stopped: false, done: Promise.resolve() };
    this.#active.set(streamId, stream);
    this.#watchPeer(peer);
    const runner = { deps: this.#deps, planner: this.#planner, tools: this.#tools };
    stream.done = runAnswer(runner, streamId, stream, job)
      .then((state) => {
        this.#changes.afterAnswer(conversationId, quick);
        if (state === 'complete') this.#title(conversationId, messageId, chain);
      })
      .finally(() => this.#active.delete(streamId));
  }

  /** After a saved answer, in the background: a generated title, if one is due. */
  #title(conversationId: string, messageId: string, chain: Chain): void {
    const { titles, history } = this.#deps;
    if (!titles) return;
    try {
      const model = { providerId: chain[0]!.provider.id, model: chain[0]!.model };
      titles.afterAnswer(conversationId, history.pathTo(messageId), model, () =>
        this.#changes.announce(conversationId, 'updated'),
      );
    } catch {
      // The answer was removed meanwhile: nothing to title.
    }
  }

  /** A stream dies with its window or socket. */
  #watchPeer(peer: Peer): void {
    if (this.#watchedPeers.has(peer)) return;
    this.#watchedPeers.add(peer);
    peer.onClose(() => {
      for (const [id, stream] of this.#active) if (stream.peer === peer) this.stop(id);
    });
  }
}
