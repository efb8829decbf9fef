import { randomUUID } from 'node:crypto';
import { TITLE_INSTRUCTION, generatedTitle } from '../../../shared/conversation-title.ts';
import type { StoredMessage } from '../../../shared/history.ts';
import type { ChatMessageInput } from '../../../shared/llm-events.ts';
import type { ModelRef, ProviderConfig } from '../../../shared/providers.ts';
import type { ChatStreamer, ChatTitles, TitleStore } from './chat-ports.ts';

/** What a title request reads from the settings. */
export interface TitleSettings {
  providers: ProviderConfig[];
  /** Off: no title request is ever sent. */
  autoTitle?: boolean;
  /** A cheaper model for titles; null: the conversation's own. */
  titleModel?: ModelRef | null;
}

/** How much of the first exchange the title request carries, in characters per message. */
const EXCERPT_CHARS = 2000;
/** A title request that has not finished by then is given up. */
const TITLE_TIMEOUT_MS = 60_000;

/**
 * Titles a conversation after its first answer is saved, in the background: one short request to
 * the conversation's model (or the one chosen for titles) in the conversation's language. The store
 * decides whether a title is due and keeps a name the user gave (history-titles.ts). A failure
 * leaves the title as it was and shows only in the request metrics the client records.
 */
export interface TitlerDeps {
  client: ChatStreamer;
  store: TitleStore;
  settings: () => TitleSettings;
}

export class ConversationTitler implements ChatTitles {
  readonly #deps: TitlerDeps;
  readonly #running = new Set<Promise<void>>();

  constructor(deps: TitlerDeps) {
    this.#deps = deps;
  }

  /** Starts the title request if one is due; never throws, never delays the caller. */
  afterAnswer(
    conversationId: string,
    exchange: StoredMessage[],
    model: ModelRef,
    onTitled: () => void,
  ): void {
    const settings = this.#deps.settings();
    if (settings.autoTitle === false) return;
    const ref = settings.titleModel ?? model;
    const provider = settings.providers.find((p) => p.id === ref.providerId);
    if (!provider) return;
    let claimed: boolean;
    try {
      claimed = this.#deps.store.claimTitle(conversationId);
    } catch {
      return;
    }
    if (!claimed) return;
    const run = this.#run(conversationId, titleRequest(exchange), { provider, model: ref.model }, onTitled);
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  /** Resolves when every title request has settled. */
  async settled(): Promise<void> {
    await Promise.all([...this.#running]);
  }

  async #run(
    conversationId: string,
    messages: ChatMessageInput[],
    target: { provider: ProviderConfig; model: string },
    onTitled: () => void,
  ): Promise<void> {
    let text = '';
    let failed = false;
    try {
      const request = { chain: [target], messages, requestId: randomUUID(), conversationId };
      for await (const batch of this.#deps.client.streamBatches(
        request,
        AbortSignal.timeout(TITLE_TIMEOUT_MS),
      )) {
        for (const event of batch) {
          if (event.type === 'text') text += event.text;
          else if (event.type === 'error') failed = true;
        }
      }
    } catch {
      failed = true;
    }
    const title = failed ? '' : generatedTitle(text);
    try {
      if (this.#deps.store.settleTitle(conversationId, title || null)) onTitled();
    } catch {
      // The conversation is gone or the store cannot write: the title stays as it was.
    }
  }
}

/**
 * The first exchange (cut to size), then the instruction naming the conversation's language, so
 * the title comes in the language the person writes in.
 */
export function titleRequest(exchange: Pick<StoredMessage, 'role' | 'content'>[]): ChatMessageInput[] {
  const turns = exchange
    .filter((m) => (m.role === 'user' || m.role === 'assistant') && m.content.trim() !== '')
    .slice(0, 2)
    .map((m) => ({ role: m.role, content: m.content.slice(0, EXCERPT_CHARS) }));
  const firstUser = turns.find((m) => m.role === 'user')?.content ?? '';
  const language = writtenIn(firstUser);
  const inLanguage = language
    ? `, in ${language} (the language of the conversation)`
    : ', in the language of the conversation';
  return [
    ...turns,
    {
      role: 'user',
      content: `${TITLE_INSTRUCTION}${inLanguage}. Reply with the title only: no quotes, no Markdown, no full stop.`,
    },
  ];
}

/** Scripts that name their language plainly; other text leaves the language to the model. */
const SCRIPTS: [RegExp, string][] = [
  [/[\u3040-\u30ff]/u, 'Japanese'],
  [/[\uac00-\ud7af]/u, 'Korean'],
  [/\p{Script=Han}/u, 'Chinese'],
  [/\p{Script=Greek}/u, 'Greek'],
  [/\p{Script=Hebrew}/u, 'Hebrew'],
  [/\p{Script=Thai}/u, 'Thai'],
];

/** The language the first message is written in, as far as its script tells; null when it does not. */
export function writtenIn(text: string): string | null {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return null;
  for (const [script, language] of SCRIPTS) {
    const share = letters.filter((c) => script.test(c)).length / letters.length;
    // A few English words (names, code) in Chinese text do not make it English: a fifth is enough.
    if (share >= 0.2) return language;
  }
  return null;
}
