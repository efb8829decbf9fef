import { randomUUID } from 'node:crypto';
import type { ContextPreview, RequestAdjustments } from '../../../shared/assistants.ts';
import type {
  AnswerTiming,
  ChatCompareResult,
  ChatSendResult,
  ChatStreamEvent,
} from '../../../shared/chat.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { Usage } from '../../../shared/llm-events.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { StoredMessage } from '../../../shared/history.ts';
import type { MessageFilter } from '../../../shared/filters.ts';
import type { AnswerRoute } from '../../../shared/routing.ts';
import { summaryOf } from '../../../shared/history.ts';
import { quietDownReplaced } from './answer-ratings.ts';
import type { Peer } from '../rpc/bind-contract.ts';
import { DeltaCoalescer, realTimers } from './delta-coalescer.ts';
import type { ChatServiceDeps, CompareInput, PreviewInput, SendInput } from './chat-ports.ts';
import { ConversationChanges } from './conversation-changes.ts';
import { answerOutcome, safeCost, storageFailure, type StreamEnd } from './answer-outcome.ts';
import { adjustmentsOf, contextTo, RequestPlanner } from './request-plan.ts';
import type { BuiltContext, PlannedMessage } from './request-context.ts';
import { capabilityWindow } from './context-window.ts';
import { chainFor, chainForInputs, resolveChain } from './model-chain.ts';
import type { Chain } from './model-chain.ts';
import { withWireParts } from './attachment-parts.ts';
import { addAnswer, addQuestion } from './new-question.ts';
import type { QuestionDeps } from './new-question.ts';
import { compareModels } from './compare.ts';
import { statusEventOf } from './stream-status.ts';

/** Asks the model to pick up an interrupted answer where it stopped (the partial answer precedes it). */
export const CONTINUE_PROMPT =
  'Continue your previous answer exactly where it stopped. Do not repeat anything, do not add a preamble.';

/** One answer to stream: where it goes, who is asked, and the conversation's messages (the `keep` newest always sent). */
interface AnswerJob {
  messageId: string;
  conversationId: string;
  chain: Chain;
  messages: PlannedMessage[];
  keep: number;
}

interface ActiveStream {
  controller: AbortController;
  peer: Peer;
  stopped: boolean;
  done: Promise<void>;
}

/** Ties a send to the client, the history store and the stream events for one caller. */
export class ChatService {
  readonly #deps: ChatServiceDeps;
  readonly #active = new Map<string, ActiveStream>();
  readonly #watchedPeers = new WeakSet<Peer>();
  readonly #changes: ConversationChanges;
  readonly #planner: RequestPlanner;
  readonly #question: QuestionDeps;

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
  }

  async send(input: SendInput, peer: Peer): Promise<ChatSendResult> {
    const { user, chains, reason, quick } = await addQuestion(this.#question, input);
    return this.#answer(user, chains[0]!, peer, { reason, newUser: true, quick });
  }

  /** The same question to several models at once: one answer (and stream) per model (compare.ts). */
  async compare(input: CompareInput, peer: Peer): Promise<ChatCompareResult> {
    return compareModels({
      history: this.#deps.history,
      question: await addQuestion(this.#question, input, input.models),
      stream: (user, answer, chain, quick) => this.#stream(user, answer, chain, peer, quick),
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

  /** Appends the rest of an interrupted answer to it, from the model that wrote it. */
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
  #stream(user: StoredMessage, answer: StoredMessage, chain: Chain, peer: Peer, quick: boolean): string {
    const messages = contextTo(this.#deps.history, user.id);
    const streamId = randomUUID();
    const job = { messageId: answer.id, conversationId: user.conversationId, chain, messages, keep: 1 };
    this.#start(streamId, peer, job, quick);
    return streamId;
  }

  /** What a send of `content` would carry now: its estimated tokens, and how many messages go or are left out. */
  preview(input: PreviewInput): Promise<ContextPreview> {
    const start = input.conversationId ? null : this.#planner.forNewConversation(input.assistantId);
    const chain = chainFor(this.#deps, input.conversationId, input.model ?? start?.model ?? null);
    return this.#planner.preview({ ...input, chain });
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
    stream.done = this.#run(streamId, stream, job)
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

  /** Streams one answer into its message; never rejects: every failure ends the message in plain words. */
  async #run(
    streamId: string,
    stream: ActiveStream,
    job: AnswerJob,
  ): Promise<Exclude<StoredMessage['state'], 'streaming'>> {
    const { history, client } = this.#deps;
    const { messageId, conversationId, chain } = job;
    const send = (event: ChatStreamEvent) => {
      try {
        stream.peer.send('chat.event', event);
      } catch {
        // A window or socket that cannot be told any more: the answer is still saved.
      }
    };
    const coalescer = new DeltaCoalescer(
      (text, reasoning) => send({ streamId, type: 'delta', text, reasoning }),
      16,
      this.#deps.timers ?? realTimers,
    );
    const end: StreamEnd = { stopped: false, error: null, interrupted: false, finishReason: null };
    let usage: Usage | null = null;
    let answeredBy: ModelRef | null = null;
    let route: AnswerRoute | null = null;
    let streaming = false;
    let saveFailed = false;
    let built: BuiltContext | null = null;
    let dropped: RequestAdjustments['dropped'] = [];
    const startedAt = performance.now();
    let firstTokenAt: number | null = null;
    const onFilter = (filter: MessageFilter) => send({ streamId, type: 'filter', filter });
    const watch = this.#deps.filters?.watchAnswer(conversationId, chain[0]!.provider.id, onFilter);
    try {
      const prepared = await this.#planner.prepare(conversationId, job.messages, job.keep, chain);
      built = prepared.built;
      // The attachments' bytes are read only now, for the messages this request sends.
      const messages = await withWireParts(prepared.request.messages, this.#deps.attachments);
      const routing = this.#deps.settings().routingMode;
      const request = { chain, ...prepared.request, messages, routing, requestId: streamId, conversationId };
      this.#deps.requestTags?.set(streamId, prepared.tags);
      // A batch per network read: one asynchronous step per read, the events handled one by one.
      reading: for await (const batch of client.streamBatches(request, stream.controller.signal)) {
        for (const event of batch) {
          watch?.see(event);
          switch (event.type) {
            case 'text':
            case 'reasoning': {
              const delta = event.type === 'text' ? { text: event.text } : { reasoning: event.text };
              if (!streaming) {
                streaming = true;
                firstTokenAt = performance.now();
                send({ streamId, type: 'status', status: 'streaming' });
              }
              try {
                history.appendToMessage(messageId, delta);
              } catch (error) {
                // Nothing more can be kept: stop asking the model rather than print what is lost.
                end.error = storageFailure(error);
                saveFailed = true;
                stream.controller.abort();
              }
              coalescer.push(delta.text ?? '', delta.reasoning ?? '');
              break;
            }
            case 'usage':
              usage = event.usage;
              break;
            case 'queued':
            case 'retrying':
            case 'failover':
              send(statusEventOf(streamId, event)!);
              break;
            case 'adjusted':
              // Each one lists every parameter left out of the request now being sent.
              dropped = event.dropped;
              break;
            case 'finish':
              answeredBy = event.answeredBy;
              route = event.route ?? null;
              end.finishReason = event.reason;
              break;
            case 'error':
              // A save failure that aborted the request is the reason, not the abort it caused.
              end.error ??= event.error;
              break;
          }
          if (saveFailed) break reading;
        }
      }
    } catch (error) {
      // The client promises not to throw; if it does anyway, the answer so far is still kept.
      end.error ??=
        error instanceof ParleyError
          ? error.toJSON()
          : { code: 'internal', message: 'The answer stopped because of an error inside Parley.' };
    } finally {
      this.#deps.requestTags?.delete(streamId);
    }
    end.interrupted = streaming;
    end.stopped = stream.stopped;
    coalescer.flush();
    const filter = (await watch?.finish()) ?? null;
    let { state, error } = answerOutcome(end);
    const costUsd = usage && answeredBy ? safeCost(this.#deps.cost, answeredBy, usage) : null;
    const adjustments = adjustmentsOf(built, dropped);
    const timing: AnswerTiming = {
      ttftMs: firstTokenAt === null ? null : Math.round(firstTokenAt - startedAt),
      durationMs: Math.round(performance.now() - startedAt),
    };
    try {
      const saved = history.finishMessage(messageId, {
        state,
        error,
        usage,
        costUsd,
        answeredBy,
        adjustments,
        timing,
        filter,
        route,
      });
      // The store could not save the answer (a full disk): it ends in `error`, saying so.
      if (saved.error?.code === 'storage') {
        state = 'error';
        error = saved.error;
      }
    } catch (failure) {
      error = storageFailure(failure);
      state = streaming ? 'interrupted' : 'error';
    }
    send({
      streamId,
      type: 'done',
      state,
      stopped: end.stopped,
      error,
      answeredBy,
      usage,
      costUsd,
      adjustments,
      timing,
      filter,
      route,
    });
    return state;
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
