import { randomUUID } from 'node:crypto';
import type { ChatSendResult, ChatStreamEvent } from '../../../shared/chat.ts';
import type { AppError } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { ChatMessageInput, Usage } from '../../../shared/llm-events.ts';
import type { ModelRef, ProviderConfig } from '../../../shared/providers.ts';
import type { StoredMessage } from '../../../shared/history.ts';
import { summaryOf } from '../../../shared/history.ts';
import type { Peer } from '../rpc/bind-contract.ts';
import { DeltaCoalescer, realTimers } from './delta-coalescer.ts';
import type { ChatServiceDeps, SendInput } from './chat-ports.ts';
import { ConversationChanges } from './conversation-changes.ts';
import { answerOutcome, type StreamEnd } from './answer-outcome.ts';

/** Asks the model to pick up an interrupted answer where it stopped (the partial answer precedes it). */
export const CONTINUE_PROMPT =
  'Continue your previous answer exactly where it stopped. Do not repeat anything, do not add a preamble.';

type Chain = { provider: ProviderConfig; model: string }[];

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

  constructor(deps: ChatServiceDeps) {
    this.#deps = deps;
    this.#changes = new ConversationChanges({
      history: deps.history,
      saveQuick: () => deps.settings().quickPrompt?.saveExchanges !== false,
      notify: deps.onConversationChange,
    });
  }

  send(input: SendInput, peer: Peer): ChatSendResult {
    const { history } = this.#deps;
    const quick = input.source === 'quick';
    if (quick && input.conversationId) this.#changes.beforeQuickSend(input.conversationId);
    const chain = this.#chainFor(input.conversationId, input.model);
    const conversationId =
      input.conversationId ??
      history.createConversation({
        providerId: chain[0]!.provider.id,
        model: chain[0]!.model,
        source: input.source ?? 'parley',
        titlePending: true,
      }).id;
    const parentId = input.parentId === undefined ? history.currentLeaf(conversationId) : input.parentId;
    const user = history.addMessage({
      conversationId,
      parentId,
      role: 'user',
      content: input.content,
      state: 'complete',
    });
    const reason = input.conversationId ? 'updated' : 'created';
    return this.#answer(user, chain, peer, { reason, newUser: true, quick });
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
    return this.#answer(user, this.#chainFor(user.conversationId, model), peer, {
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
    const chain = this.#resolveChain(ref);
    const context = [...history.pathTo(answer.id).filter(isContext).map(toInput)];
    context.push({ role: 'user', content: CONTINUE_PROMPT });
    history.resumeMessage(answer.id);
    const streamId = randomUUID();
    this.#start(streamId, peer, answer.id, answer.conversationId, chain, context, false);
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
    const { history } = this.#deps;
    const assistant = history.addMessage({
      conversationId: user.conversationId,
      parentId: user.id,
      role: 'assistant',
      content: '',
      state: 'streaming',
      providerId: chain[0]!.provider.id,
      model: chain[0]!.model,
    });
    const messages = history.pathTo(user.id).filter(isContext).map(toInput);
    const streamId = randomUUID();
    this.#start(streamId, peer, assistant.id, user.conversationId, chain, messages, how.quick);
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

  /**
   * The model an answer in a conversation uses: the one asked for, else the conversation's own (the
   * one its last answer used), else the default. A conversation's model that is no longer set up is
   * refused in plain words, never silently replaced.
   */
  #chainFor(conversationId: string | null, model: ModelRef | null): Chain {
    if (model || conversationId === null) return this.#resolveChain(model);
    const conversation = this.#deps.history.open(conversationId);
    if (!conversation.providerId || !conversation.model) return this.#resolveChain(null);
    const own = { providerId: conversation.providerId, model: conversation.model };
    const provider = this.#deps.settings().providers.find((p) => p.id === own.providerId);
    if (!provider || (provider.models.length > 0 && !provider.models.includes(own.model))) {
      throw new ParleyError({
        code: 'not_found',
        message: `This conversation's model (${own.model} · ${provider?.name ?? own.providerId}) is no longer set up. Choose another model for it.`,
      });
    }
    return this.#resolveChain(own);
  }

  #resolveChain(model: ModelRef | null): Chain {
    const settings = this.#deps.settings();
    const primary = model ?? settings.defaultModel;
    if (!primary) {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'Choose a model in Settings before sending.',
        reason: 'no_model',
      });
    }
    const refs = [primary, ...settings.failoverChain.filter((ref) => !sameRef(ref, primary))];
    const chain = refs.flatMap((ref) => {
      const provider = settings.providers.find((p) => p.id === ref.providerId);
      return provider ? [{ provider, model: ref.model }] : [];
    });
    if (!chain.length || chain[0]!.provider.id !== primary.providerId) {
      throw new ParleyError({
        code: 'not_found',
        message: `The provider "${primary.providerId}" is not set up. Add it in Settings.`,
      });
    }
    return chain;
  }

  #start(
    streamId: string,
    peer: Peer,
    messageId: string,
    conversationId: string,
    chain: Chain,
    messages: ChatMessageInput[],
    quick: boolean,
  ): void {
    const controller = new AbortController();
    const stream: ActiveStream = { controller, peer, stopped: false, done: Promise.resolve() };
    this.#active.set(streamId, stream);
    this.#watchPeer(peer);
    stream.done = this.#run(streamId, stream, messageId, conversationId, chain, messages)
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
    messageId: string,
    conversationId: string,
    chain: Chain,
    messages: ChatMessageInput[],
  ): Promise<Exclude<StoredMessage['state'], 'streaming'>> {
    const { history, client } = this.#deps;
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
    let streaming = false;
    let saveFailed = false;
    try {
      const request = { chain, messages, requestId: streamId, conversationId };
      // A batch per network read: one asynchronous step per read, the events handled one by one.
      reading: for await (const batch of client.streamBatches(request, stream.controller.signal)) {
        for (const event of batch) {
          switch (event.type) {
            case 'text':
            case 'reasoning': {
              const delta = event.type === 'text' ? { text: event.text } : { reasoning: event.text };
              if (!streaming) {
                streaming = true;
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
              send({ streamId, type: 'status', status: 'queued' });
              break;
            case 'retrying':
              send({
                streamId,
                type: 'status',
                status: 'retrying',
                attempt: event.attempt,
                maxAttempts: event.maxAttempts,
                delayMs: event.delayMs,
                error: event.error,
              });
              break;
            case 'failover':
              send({ streamId, type: 'failover', from: event.from, to: event.to, error: event.error });
              break;
            case 'finish':
              answeredBy = event.answeredBy;
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
    } catch {
      // The client promises not to throw; if it does anyway, the answer so far is still kept.
      end.error ??= { code: 'internal', message: 'The answer stopped because of an error inside Parley.' };
    }
    end.interrupted = streaming;
    end.stopped = stream.stopped;
    coalescer.flush();
    let { state, error } = answerOutcome(end);
    const costUsd = usage && answeredBy ? this.#cost(answeredBy, usage) : null;
    try {
      const saved = history.finishMessage(messageId, { state, error, usage, costUsd, answeredBy });
      // The store could not save the answer (a full disk): it ends in `error`, saying so.
      if (saved.error?.code === 'storage') {
        state = 'error';
        error = saved.error;
      }
    } catch (failure) {
      error = storageFailure(failure);
      state = streaming ? 'interrupted' : 'error';
    }
    send({ streamId, type: 'done', state, stopped: end.stopped, error, answeredBy, usage, costUsd });
    return state;
  }

  /** A price table that cannot price this answer leaves its cost unknown; it never ends the stream. */
  #cost(model: ModelRef, usage: Usage): number | null {
    try {
      return this.#deps.cost?.(model, usage) ?? null;
    } catch {
      return null;
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

function sameRef(a: ModelRef, b: ModelRef): boolean {
  return a.providerId === b.providerId && a.model === b.model;
}

/** Answers that failed before any text add nothing to the model's context. */
function isContext(message: StoredMessage): boolean {
  return message.role === 'user' || message.content.length > 0;
}

function toInput(message: StoredMessage): ChatMessageInput {
  return { role: message.role, content: message.content };
}

/** A store write that failed (a full disk, a removed folder), in plain words. */
function storageFailure(error: unknown): AppError {
  return {
    code: 'storage',
    message:
      'Parley could not save this answer, so it stopped. The disk may be full; free some space and try again.',
    detail: error instanceof Error ? error.message : String(error),
  };
}
