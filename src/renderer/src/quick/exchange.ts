import type { Api } from '../lib/api.ts';
import type { RequestInput } from '../../../shared/contract.ts';
import type { ChatSendResult, ChatStreamEvent } from '../../../shared/chat.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { ModelRef } from '../../../shared/providers.ts';

export type AnswerStatus =
  'pending' | 'queued' | 'retrying' | 'streaming' | 'complete' | 'interrupted' | 'error';

/** One question and its answer. Replaced, never mutated, on every change. */
export interface Turn {
  key: string;
  question: string;
  answer: string;
  status: AnswerStatus;
  stopped: boolean;
  error: AppError | null;
  retry: { attempt: number; maxAttempts: number; delayMs: number } | null;
  failover: { from: ModelRef; to: ModelRef } | null;
  streamId: string | null;
}

export interface ExchangeState {
  conversationId: string | null;
  turns: Turn[];
  /** Sending (waiting for chat.send's reply) or streaming. */
  busy: boolean;
  sendError: string | null;
}

/**
 * The quick prompt's conversation: a question, its streaming answer, follow-ups. Stream events
 * may arrive before `chat.send` replies with the stream id, so they wait until it is known.
 */
export class QuickExchange {
  #state: ExchangeState = { conversationId: null, turns: [], busy: false, sendError: null };
  readonly #listeners = new Set<() => void>();
  readonly #api: Api;
  /** Events of streams whose `chat.send` reply has not come yet. */
  readonly #early = new Map<string, ChatStreamEvent[]>();
  #off: (() => void) | null = null;
  #nextKey = 1;

  constructor(api: Api) {
    this.#api = api;
  }

  start(): () => void {
    this.#off ??= this.#api.on('chat.event', (event) => this.#onEvent(event));
    return () => {
      this.#off?.();
      this.#off = null;
    };
  }

  get = (): ExchangeState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  get streamId(): string | null {
    return this.#state.turns.at(-1)?.streamId ?? null;
  }

  /** Asks `content`, in this conversation (or a new one), of `model` (null: the default). */
  async send(content: string, model: ModelRef | null): Promise<ChatSendResult | null> {
    const text = content.trim();
    if (!text || this.#state.busy) return null;
    const key = `t${this.#nextKey++}`;
    const turn: Turn = {
      key,
      question: text,
      answer: '',
      status: 'pending',
      stopped: false,
      error: null,
      retry: null,
      failover: null,
      streamId: null,
    };
    this.#set({ turns: [...this.#state.turns, turn], busy: true, sendError: null });
    try {
      const input = {
        content: text,
        conversationId: this.#state.conversationId,
        model,
        source: 'quick' as const,
      };
      const result = await this.#api.call('chat.send', input as RequestInput<'chat.send'>);
      this.#set({ conversationId: result.conversationId });
      this.#patch(key, { streamId: result.streamId });
      for (const event of this.#early.get(result.streamId) ?? []) this.#onEvent(event);
      this.#early.clear();
      return result;
    } catch (error) {
      this.#set({
        turns: this.#state.turns.filter((t) => t.key !== key),
        busy: false,
        sendError: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }

  /** Stops the running answer; what arrived is kept. */
  async stop(): Promise<boolean> {
    const streamId = this.streamId;
    const last = this.#state.turns.at(-1);
    if (!streamId || !last || !isRunning(last.status)) return false;
    try {
      await this.#api.call('chat.stop', { streamId });
    } catch {
      // The stream ended on its own meanwhile.
    }
    return true;
  }

  /** Starts over with a new conversation (the old one stays in history). */
  reset(): void {
    this.#early.clear();
    this.#set({ conversationId: null, turns: [], busy: false, sendError: null });
  }

  #onEvent(event: ChatStreamEvent): void {
    const turn = this.#state.turns.find((t) => t.streamId === event.streamId);
    if (!turn) {
      // Possibly ours, before chat.send replied: keep it until then (only while a send is out).
      const pending = this.#state.turns.at(-1);
      if (pending && pending.streamId === null) {
        const list = this.#early.get(event.streamId) ?? [];
        list.push(event);
        this.#early.set(event.streamId, list);
      }
      return;
    }
    switch (event.type) {
      case 'delta':
        this.#patch(turn.key, { answer: turn.answer + event.text, status: 'streaming', retry: null });
        break;
      case 'status':
        this.#patch(turn.key, {
          status: event.status,
          retry:
            event.status === 'retrying'
              ? {
                  attempt: event.attempt ?? 1,
                  maxAttempts: event.maxAttempts ?? 1,
                  delayMs: event.delayMs ?? 0,
                }
              : null,
        });
        break;
      case 'failover':
        this.#patch(turn.key, { failover: { from: event.from, to: event.to } });
        break;
      case 'done':
        this.#patch(turn.key, {
          status: event.state,
          stopped: event.stopped,
          error: event.error,
          retry: null,
        });
        this.#set({ busy: false });
        break;
    }
  }

  #patch(key: string, patch: Partial<Turn>): void {
    this.#set({ turns: this.#state.turns.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
  }

  #set(patch: Partial<ExchangeState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of [...this.#listeners]) listener();
  }
}

export function isRunning(status: AnswerStatus): boolean {
  return status === 'pending' || status === 'queued' || status === 'retrying' || status === 'streaming';
}
