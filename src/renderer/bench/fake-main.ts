import { buildBridge } from '../../shared/bridge.ts';
import type { ParleyBridge } from '../../shared/bridge.ts';
import type { ChatStreamEvent } from '../../shared/chat.ts';
import type { Envelope, EventName, RequestName } from '../../shared/contract.ts';
import type { ConversationDetail, ConversationSummary, StoredMessage } from '../../shared/history.ts';
import { summaryOf } from '../../shared/history.ts';
import { defaultEditableSettings, type SettingsView } from '../../shared/settings.ts';
import { shortAnswer } from './content.ts';
import { inNextTask } from './next-task.ts';

/**
 * A stand-in for Parley's main side inside the benchmark page: the real renderer talks to it
 * through the same bridge shape, results are JSON-copied as a transport would, and answers
 * stream as coalesced deltas (one per 16 ms), the way main sends them.
 */
export interface FakeMain {
  bridge: ParleyBridge;
  /** The text the next answer streams, and how fast. */
  setAnswer(text: string, tokensPerSecond: number): void;
  /** Resolves when the current answer has fully streamed. */
  streamDone(): Promise<void>;
  /** Streams text to any listener (the naive peer uses this without a chat.send). */
  stream(streamId: string, text: string, tokensPerSecond: number): Promise<void>;
}

const CHARS_PER_TOKEN = 4;

/** A bench conversation's summary (the bench's one provider and model). */
export function summary(id: string, title: string, updatedAt: number, count: number): ConversationSummary {
  return {
    id,
    title,
    createdAt: updatedAt,
    updatedAt,
    pinned: false,
    archived: false,
    folder: null,
    tags: [],
    providerId: 'bench',
    model: 'bench-model',
    source: 'parley',
    messageCount: count,
  };
}

export function createFakeMain(options: {
  bigConversationMessages: number;
  hugeAnswer?: () => string;
  /** More conversations (shown first) and requests (the attachments bench's). */
  conversations?: ConversationDetail[];
  handlers?: Partial<Record<RequestName, (input: never) => unknown>>;
}): FakeMain {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const emit = (name: EventName, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) listener(JSON.parse(JSON.stringify(payload)));
  };
  let answer = 'Hello.';
  let rate = 200;
  let done: Promise<void> = Promise.resolve();
  const stopped = new Set<string>();
  const now = Date.now();

  const settings: SettingsView = {
    ...defaultEditableSettings(),
    defaultModel: { providerId: 'bench', model: 'bench-model' },
    theme: 'light',
    language: 'en',
    closeToTray: false,
    providers: [
      {
        id: 'bench',
        name: 'Bench',
        kind: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:9/v1',
        models: ['bench-model'],
        auth: { type: 'none' },
        proxy: { mode: 'none' },
        key: {
          providerId: 'bench',
          hasKey: false,
          last4: null,
          storage: 'memory',
          storageNotice: null,
          storageNoticeZh: null,
        },
        saved: { 'oauth-client-secret': false, 'proxy-password': false },
      },
    ],
    notices: [],
    envKey: null,
    hotkeyStatus: null,
  };

  const summaries: ConversationSummary[] = [];
  const details = new Map<string, ConversationDetail>();

  // The big conversation: alternating questions and Markdown answers.
  const big: StoredMessage[] = [];
  for (let i = 0; i < options.bigConversationMessages; i++) {
    const user = i % 2 === 0;
    const content = user ? `Question ${i / 2 + 1}: how does step ${i} work?` : shortAnswer(i);
    big.push({
      id: `big-${i}`,
      conversationId: 'big',
      parentId: i === 0 ? null : `big-${i - 1}`,
      role: user ? 'user' : 'assistant',
      content,
      parts: [{ type: 'text', text: content }],
      reasoning: null,
      state: 'complete',
      error: null,
      providerId: 'bench',
      model: 'bench-model',
      usage: user ? null : { inputTokens: 100 + i, outputTokens: 200, estimated: false },
      costUsd: user ? null : 0.0004,
      adjustments: null,
      createdAt: now - (options.bigConversationMessages - i) * 1000,
      updatedAt: now - (options.bigConversationMessages - i) * 1000,
    });
  }
  const bigSummary = summary('big', 'A 2,000-message conversation', now - 1000, big.length);
  summaries.push(bigSummary);
  details.set('big', { ...bigSummary, messages: big, currentLeafId: big.at(-1)?.id ?? null });
  // A conversation whose answer is one huge paragraph (opened by the benchmark's 1 MB row).
  if (options.hugeAnswer) {
    const hugeSummary = summary('huge', 'A 1 MB paragraph', now - 500, 2);
    const message = (id: string, role: 'user' | 'assistant', content: string): StoredMessage => ({
      ...big[role === 'user' ? 0 : 1]!,
      id,
      conversationId: 'huge',
      parentId: role === 'user' ? null : 'huge-0',
      content,
      parts: [{ type: 'text', text: content }],
    });
    summaries.push(hugeSummary);
    details.set('huge', {
      ...hugeSummary,
      messages: [
        message('huge-0', 'user', 'One huge paragraph, please'),
        message('huge-1', 'assistant', options.hugeAnswer()),
      ],
      currentLeafId: 'huge-1',
    });
  }
  for (const detail of options.conversations ?? []) {
    summaries.unshift(summaryOf(detail));
    details.set(detail.id, detail);
  }
  for (let i = 0; i < 300; i++)
    summaries.push(summary(`c${i}`, `Conversation ${i}`, now - (i + 2) * 3_600_000, 2));

  let seq = 0;
  const handlers: Partial<Record<RequestName, (input: never) => unknown>> = {
    ...options.handlers,
    'app.info': () => ({ version: 'bench', edition: 'web', platform: 'linux' }),
    'settings.get': () => settings,
    'settings.update': (patch: Partial<SettingsView>) => Object.assign(settings, patch),
    // As main lists: the archive apart (none of the bench's conversations is archived).
    'history.list': ({ onlyArchived }: { onlyArchived?: boolean }) => ({
      items: summaries.filter((c) => Boolean(c.archived) === Boolean(onlyArchived)),
      nextCursor: null,
    }),
    'history.open': ({ conversationId }: { conversationId: string }) => {
      const detail = details.get(conversationId);
      if (!detail) throw new Error('not found');
      return detail;
    },
    'history.setLeaf': () => ({ ok: true }),
    'history.search': () => [],
    'chat.stop': ({ streamId }: { streamId: string }) => {
      stopped.add(streamId);
      return { stopped: true };
    },
    'chat.send': ({ content, conversationId }: { content: string; conversationId: string | null }) => {
      const id = conversationId ?? `new-${++seq}`;
      const streamId = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
      const detail: ConversationDetail = details.get(id) ?? {
        ...summary(id, content.slice(0, 40), Date.now(), 0),
        messages: [],
        currentLeafId: null,
      };
      const at = Date.now();
      const row = (role: 'user' | 'assistant', parentId: string | null, text: string): StoredMessage => ({
        id: `${role[0]}-${seq}`,
        conversationId: id,
        parentId,
        role,
        content: text,
        parts: [{ type: 'text', text }],
        reasoning: null,
        state: role === 'user' ? 'complete' : 'streaming',
        error: null,
        providerId: 'bench',
        model: 'bench-model',
        usage: null,
        costUsd: null,
        adjustments: null,
        createdAt: at,
        updatedAt: at,
      });
      const user = row('user', detail.currentLeafId, content);
      const assistant = row('assistant', user.id, '');
      const messages = [...detail.messages, user, assistant];
      const conversation = { ...summaryOf(detail), updatedAt: at, messageCount: messages.length };
      details.set(id, { ...conversation, messages, currentLeafId: assistant.id });
      summaries.splice(0, summaries.length, conversation, ...summaries.filter((c) => c.id !== id));
      setTimeout(() => (done = fake.stream(streamId, answer, rate)), 0);
      return {
        streamId,
        conversationId: id,
        userMessageId: user.id,
        assistantMessageId: assistant.id,
        conversation,
        created: [user, assistant],
      };
    },
  };

  const answerOf = (name: RequestName, input: unknown): Envelope<unknown> => {
    const handler = handlers[name];
    if (!handler) return { ok: false, error: { code: 'unknown_request', message: `bench: ${name}` } };
    try {
      return { ok: true, value: JSON.parse(JSON.stringify(handler(input as never) ?? null)) };
    } catch (error) {
      return { ok: false, error: { code: 'not_found', message: String(error) } };
    }
  };
  // A reply comes back as a message, in a task of its own, as over IPC or the web edition's
  // socket: a send's work and what the window does with its reply are never one task there.
  const invoke = (name: RequestName, input: unknown): Promise<Envelope<unknown>> =>
    new Promise((resolve) => inNextTask(() => resolve(answerOf(name, input))));
  const subscribe = (name: EventName, listener: (payload: unknown) => void) => {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  };

  const fake: FakeMain = {
    bridge: buildBridge(invoke, subscribe),
    setAnswer(text, tokensPerSecond) {
      answer = text;
      rate = tokensPerSecond;
    },
    streamDone: () => done,
    stream(streamId, text, tokensPerSecond) {
      const charsPerMs = (tokensPerSecond * CHARS_PER_TOKEN) / 1000;
      const start = performance.now();
      let sent = 0;
      emit('chat.event', { streamId, type: 'status', status: 'streaming' } satisfies ChatStreamEvent);
      return new Promise<void>((resolve) => {
        const tick = () => {
          if (stopped.has(streamId)) {
            emit('chat.event', doneEvent(streamId, 'interrupted', true));
            resolve();
            return;
          }
          const due = Math.min(text.length, Math.floor((performance.now() - start) * charsPerMs));
          if (due > sent) {
            emit('chat.event', {
              streamId,
              type: 'delta',
              text: text.slice(sent, due),
              reasoning: '',
            } satisfies ChatStreamEvent);
            sent = due;
          }
          if (sent >= text.length) {
            emit('chat.event', doneEvent(streamId, 'complete', false));
            resolve();
            return;
          }
          setTimeout(tick, 16);
        };
        setTimeout(tick, 16);
      });
    },
  };
  return fake;
}

function doneEvent(streamId: string, state: 'complete' | 'interrupted', stopped: boolean): ChatStreamEvent {
  return {
    streamId,
    type: 'done',
    state,
    stopped,
    error: null,
    answeredBy: { providerId: 'bench', model: 'bench-model' },
    usage: { inputTokens: 10, outputTokens: 15000, estimated: false },
    costUsd: 0.01,
    adjustments: null,
    timing: null,
    filter: null,
    route: null,
  };
}
