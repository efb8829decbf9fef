import type { ChatSendResult, ChatStreamEvent } from '../../../shared/chat.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { MessageFilter } from '../../../shared/filters.ts';
import type { Api } from '../lib/api.ts';
import type { Emitter } from './emitter.ts';
import type { ToolDecisionChoice } from '../../../shared/tools.ts';
import type { LiveToolCall } from './tool-parts.ts';
import { liveToolsOf, withApproval, withToolCall, withToolResult } from './tool-parts.ts';

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
  /** When this answer last heard anything from main (a delta or a status): a stall shows from it. */
  lastDataAt: number;
  /** What the content filters or the provider's filter found so far (a flagged answer folds at once). */
  filter: MessageFilter | null;
  /** The tools it called so far, in order (none: an answer without tools). */
  tools: LiveToolCall[];
}

export type StreamEnd = Extract<ChatStreamEvent, { type: 'done' }>;

export interface FrameScheduler {
  request(callback: () => void): void;
}

/**
 * How often a growing answer is shown at most (ms): about 20 times a second. Each showing costs a
 * parse of the answer's last block, a React render, and the browser's style, layout and paint of
 * the answer; at every frame (60 a second) that is most of a slow machine's main thread, and any
 * hiccup makes a long task. Text arriving in 50 ms steps reads as smoothly as per frame.
 */
export const SHOW_INTERVAL_MS = 50;
let lastShown = -Infinity;
/** The next animation frame at least SHOW_INTERVAL_MS after the last showing. */
const animationFrames: FrameScheduler = {
  request: (cb) => {
    const frame = () =>
      requestAnimationFrame(() => {
        lastShown = performance.now();
        cb();
      });
    const wait = lastShown + SHOW_INTERVAL_MS - performance.now();
    // (A frame is about 16 ms away: wait for the rest in a timer.)
    if (wait > 16) setTimeout(frame, wait - 16);
    else frame();
  },
};
/** Events kept per stream whose `chat.send` reply has not come yet. */
const EARLY_LIMIT = 10_000;

/**
 * The answers streaming in this window, by assistant message id: what the main window and the
 * quick prompt both show while an answer runs. Several can run at once. Deltas are buffered and
 * applied at most once per animation frame (about 20 times a second: SHOW_INTERVAL_MS), waking only that message's listeners (`msg:<id>`); `streams`
 * fires when the set of running answers changes. Events may arrive before the request's reply
 * tells the stream id: they wait for it.
 */
export class AnswerStreams {
  private readonly live = new Map<string, LiveAnswer>();
  private readonly streamToMessage = new Map<string, string>();
  private readonly early = new Map<string, ChatStreamEvent[]>();
  private readonly pending = new Map<string, { text: string; reasoning: string }>();
  private frameRequested = false;
  /** Which answers came from a failover model (kept after the stream ends). */
  private readonly failovers = new Map<string, { from: ModelRef; to: ModelRef }>();
  private streamingSet: ReadonlySet<string> = new Set();
  /** Who waits for an answer to end (by message id). */
  private readonly endWaiters = new Map<string, (() => void)[]>();

  private readonly api: Api;
  private readonly emitter: Emitter;
  private readonly frames: FrameScheduler;
  private readonly now: () => number;
  private readonly onDone: (live: LiveAnswer, end: StreamEnd) => void;

  constructor(deps: {
    api: Api;
    emitter: Emitter;
    onDone: (live: LiveAnswer, end: StreamEnd) => void;
    frames?: FrameScheduler;
    now?: () => number;
  }) {
    this.api = deps.api;
    this.emitter = deps.emitter;
    this.onDone = deps.onDone;
    this.frames = deps.frames ?? animationFrames;
    this.now = deps.now ?? (() => Date.now());
  }

  /** Listens to `chat.event`; returns how to stop. */
  start(): () => void {
    return this.api.on('chat.event', (event) => this.onEvent(event));
  }

  get = (messageId: string): LiveAnswer | null => this.live.get(messageId) ?? null;

  failoverOf = (messageId: string): { from: ModelRef; to: ModelRef } | null =>
    this.failovers.get(messageId) ?? null;

  /** The streams running in a conversation. */
  private streamsOf(conversationId: string | null): string[] {
    if (conversationId === null) return [];
    return [...this.live.values()].filter((l) => l.conversationId === conversationId).map((l) => l.streamId);
  }

  isStreaming = (conversationId: string | null): boolean => this.streamsOf(conversationId).length > 0;

  /** Conversations with an answer streaming (a new Set only when it changes). */
  conversations = (): ReadonlySet<string> => this.streamingSet;

  /** Follows the answer a request started; its text so far is the stored row's (Continue appends). */
  track(started: ChatSendResult): LiveAnswer {
    const row = started.created.find((m) => m.id === started.assistantMessageId);
    const live: LiveAnswer = {
      streamId: started.streamId,
      conversationId: started.conversationId,
      messageId: started.assistantMessageId,
      content: row?.content ?? '',
      reasoning: '',
      status: 'pending',
      retry: null,
      failover: null,
      lastDataAt: this.now(),
      filter: null,
      tools: liveToolsOf(row?.parts ?? []),
    };
    this.live.set(live.messageId, live);
    this.streamToMessage.set(live.streamId, live.messageId);
    this.emitter.emit(`msg:${live.messageId}`);
    this.streamsChanged();
    const early = this.early.get(live.streamId);
    if (early) {
      this.early.delete(live.streamId);
      for (const event of early) this.onEvent(event);
    }
    return live;
  }

  async stop(conversationId: string | null): Promise<void> {
    await Promise.all(
      this.streamsOf(conversationId).map((streamId) => this.api.call('chat.stop', { streamId })),
    );
  }

  /** Stops one answer; resolves once it has ended (at once when it is not streaming). */
  stopAnswer(messageId: string): Promise<void> {
    const live = this.live.get(messageId);
    if (!live) return Promise.resolve();
    const ended = new Promise<void>((resolve) =>
      this.endWaiters.set(messageId, [...(this.endWaiters.get(messageId) ?? []), resolve]),
    );
    return this.api.call('chat.stop', { streamId: live.streamId }).then(() => ended);
  }

  /**
   * The person's answer to a call that asked: main runs it (or sends the refusal back). Once main
   * has taken it, the card shows it; a failed request leaves the card asking.
   */
  async decideTool(messageId: string, callId: string, decision: ToolDecisionChoice): Promise<void> {
    const live = this.live.get(messageId);
    if (!live) return;
    const { ok } = await this.api.call('tools.approve', { streamId: live.streamId, callId, decision });
    const now = this.live.get(messageId);
    // (Not ok: the call no longer waits; its result, or the answer's end, says how it ended.)
    if (ok && now)
      this.setLive({
        ...now,
        tools: withApproval(now.tools, callId, decision === 'deny' ? 'denied' : 'allowed'),
      });
  }

  /** Stops a running call: the model is told it was cancelled (its result says so). */
  async cancelTool(messageId: string, callId: string): Promise<void> {
    const live = this.live.get(messageId);
    if (live) await this.api.call('tools.cancel', { streamId: live.streamId, callId });
  }

  private streamsChanged(): void {
    this.streamingSet = new Set([...this.live.values()].map((l) => l.conversationId));
    this.emitter.emit('streams');
  }

  private onEvent(event: ChatStreamEvent): void {
    const messageId = this.streamToMessage.get(event.streamId);
    if (!messageId) {
      const list = this.early.get(event.streamId) ?? [];
      if (list.length < EARLY_LIMIT) list.push(event);
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
          lastDataAt: this.now(),
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
      case 'filter':
        this.setLive({ ...live, filter: event.filter });
        return;
      case 'tool_call':
        this.setLive({
          ...live,
          tools: withToolCall(live.tools, event, live.content.length),
          status: 'streaming',
          retry: null,
          lastDataAt: this.now(),
        });
        return;
      case 'tool_result':
        this.setLive({ ...live, tools: withToolResult(live.tools, event), lastDataAt: this.now() });
        return;
      case 'done':
        this.live.delete(live.messageId);
        this.streamToMessage.delete(live.streamId);
        this.onDone(live, event);
        this.emitter.emit(`msg:${live.messageId}`);
        this.streamsChanged();
        for (const resolve of this.endWaiters.get(live.messageId) ?? []) resolve();
        this.endWaiters.delete(live.messageId);
    }
  }

  /** Applies every buffered delta: at most once per frame (see SHOW_INTERVAL_MS). */
  private flush(): void {
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
      lastDataAt: this.now(),
    });
  }

  private setLive(live: LiveAnswer): void {
    this.live.set(live.messageId, live);
    this.emitter.emit(`msg:${live.messageId}`);
  }
}
