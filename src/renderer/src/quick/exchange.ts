import type { Api } from '../lib/api.ts';
import type { RequestInput } from '../../../shared/contract.ts';
import type { AttachmentRef } from '../../../shared/attachments.ts';
import type { ChatSendResult } from '../../../shared/chat.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { FrameScheduler, LiveAnswer, StreamEnd } from '../state/answer-streams.ts';
import { AnswerStreams } from '../state/answer-streams.ts';
import type { LiveToolCall } from '../state/tool-parts.ts';
import type { ToolDecisionChoice } from '../../../shared/tools.ts';
import { Emitter } from '../state/emitter.ts';
import { errorText } from '../lib/error-text.ts';
import type { FilterHold, FilterOverride, MessageFilter } from '../../../shared/filters.ts';
import { holdOf } from '../components/filters/hold.ts';

export type AnswerStatus =
  'pending' | 'queued' | 'retrying' | 'streaming' | 'complete' | 'interrupted' | 'error';

/** One question and its answer. Replaced, never mutated, on every change. */
export interface Turn {
  key: string;
  question: string;
  /** The files sent with the question. */
  attachments: AttachmentRef[];
  answer: string;
  status: AnswerStatus;
  stopped: boolean;
  error: AppError | null;
  retry: { attempt: number; maxAttempts: number; delayMs: number } | null;
  failover: { from: ModelRef; to: ModelRef } | null;
  streamId: string | null;
  /** What the content filters or the provider's filter found in the answer. */
  filter: MessageFilter | null;
  /** The answer's message (once `chat.send` replied). */
  messageId: string | null;
  /** The tools the answer called, in order (none: an answer without tools). */
  tools: LiveToolCall[];
}

export interface ExchangeState {
  conversationId: string | null;
  turns: Turn[];
  /** Sending (waiting for chat.send's reply) or streaming. */
  busy: boolean;
  sendError: string | null;
  /** The last question the content filters held (it was not sent; the window keeps its draft). */
  hold: FilterHold | null;
}

/**
 * The quick prompt's conversation: a question, its streaming answer, follow-ups. The answer
 * streams through the same `AnswerStreams` as the main window's; a turn mirrors its live answer.
 */
export class QuickExchange {
  #state: ExchangeState = { conversationId: null, turns: [], busy: false, sendError: null, hold: null };
  readonly #listeners = new Set<() => void>();
  readonly #api: Api;
  readonly #emitter = new Emitter();
  readonly #streams: AnswerStreams;
  #nextKey = 1;

  constructor(api: Api, frames?: FrameScheduler) {
    this.#api = api;
    this.#streams = new AnswerStreams({
      api,
      emitter: this.#emitter,
      frames,
      onDone: (live, end) => this.#finish(live, end),
    });
  }

  /** Listens for answers; returns how to stop. */
  start(): () => void {
    return this.#streams.start();
  }

  get = (): ExchangeState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Asks `content`, in this conversation (or a new one, with `assistantId`'s instructions and
   * parameters), of `model` (null: the default, or the assistant's).
   */
  async send(
    content: string,
    model: ModelRef | null,
    assistantId: string | null = null,
    attachments: readonly AttachmentRef[] = [],
    /** The person's answer to a hold. */
    filters?: FilterOverride,
  ): Promise<ChatSendResult | null> {
    const text = content.trim();
    if ((!text && attachments.length === 0) || this.#state.busy) return null;
    const key = `t${this.#nextKey++}`;
    const turn: Turn = {
      key,
      question: text,
      attachments: [...attachments],
      answer: '',
      status: 'pending',
      stopped: false,
      error: null,
      retry: null,
      failover: null,
      streamId: null,
      filter: null,
      messageId: null,
      tools: [],
    };
    this.#set({ turns: [...this.#state.turns, turn], busy: true, sendError: null, hold: null });
    try {
      const input = {
        content: text,
        ...(attachments.length ? { attachments: attachments.map((ref) => ({ id: ref.id })) } : {}),
        conversationId: this.#state.conversationId,
        model,
        source: 'quick' as const,
        ...(assistantId && this.#state.conversationId === null ? { assistantId } : {}),
        ...(filters ? { filters } : {}),
      };
      const result = await this.#api.call('chat.send', input as RequestInput<'chat.send'>);
      this.#set({ conversationId: result.conversationId });
      this.#patch(key, { streamId: result.streamId, messageId: result.assistantMessageId });
      const messageId = result.assistantMessageId;
      const off = this.#emitter.subscribe(`msg:${messageId}`, () => {
        const live = this.#streams.get(messageId);
        if (live) this.#patch(key, fromLive(live));
        else off();
      });
      this.#streams.track(result);
      return result;
    } catch (error) {
      const hold = holdOf(error);
      this.#set({
        turns: this.#state.turns.filter((t) => t.key !== key),
        busy: false,
        sendError: hold ? null : errorText(error),
        hold,
      });
      return null;
    }
  }

  /** Stops the running answer; what arrived is kept. */
  async stop(): Promise<boolean> {
    const { conversationId } = this.#state;
    if (!this.#streams.isStreaming(conversationId)) return false;
    await this.#streams.stop(conversationId).catch(() => {
      // The stream ended on its own meanwhile.
    });
    return true;
  }

  /** The person's answer to a call of a turn's answer that asked (as in the main window). */
  decideTool(turn: Turn, callId: string, decision: ToolDecisionChoice): Promise<void> {
    return turn.messageId ? this.#streams.decideTool(turn.messageId, callId, decision) : Promise.resolve();
  }

  /** Stops a running call of a turn's answer. */
  cancelTool(turn: Turn, callId: string): Promise<void> {
    return turn.messageId ? this.#streams.cancelTool(turn.messageId, callId) : Promise.resolve();
  }

  /** Starts over with a new conversation (the old one stays in history, or not, as main decides). */
  reset(): void {
    this.#set({ conversationId: null, turns: [], busy: false, sendError: null, hold: null });
  }

  /** The person cancelled a hold (or changed what was held). */
  dropHold(): void {
    if (this.#state.hold) this.#set({ hold: null });
  }

  #finish(live: LiveAnswer, end: StreamEnd): void {
    const turn = this.#state.turns.find((t) => t.streamId === live.streamId);
    if (!turn) return;
    this.#patch(turn.key, {
      ...fromLive(live),
      status: end.state,
      stopped: end.stopped,
      error: end.error,
      retry: null,
      filter: end.filter ?? live.filter,
    });
    this.#set({ busy: false });
  }

  #patch(key: string, patch: Partial<Turn>): void {
    this.#set({ turns: this.#state.turns.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
  }

  #set(patch: Partial<ExchangeState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of [...this.#listeners]) listener();
  }
}

function fromLive(
  live: LiveAnswer,
): Pick<Turn, 'answer' | 'status' | 'retry' | 'failover' | 'filter' | 'tools'> {
  const { content: answer, status, retry, failover, filter, tools } = live;
  return { answer, status, retry, failover, filter, tools };
}

export function isRunning(status: AnswerStatus): boolean {
  return status === 'pending' || status === 'queued' || status === 'retrying' || status === 'streaming';
}
