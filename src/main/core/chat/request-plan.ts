import type {
  Assistant,
  ContextPreview,
  ModelParameters,
  ConversationSettings,
  RequestAdjustments,
} from '../../../shared/assistants.ts';
import { usedTools, type AttachmentChoice } from '../../../shared/attachments.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { ModelRef, ProviderConfig } from '../../../shared/providers.ts';
import type { StoredMessage } from '../../../shared/history.ts';
import type { ChatHistory, ModelSettings } from './chat-ports.ts';
import { buildContext } from './request-context.ts';
import type { BuiltContext, ContextWindow, PlannedMessage } from './request-context.ts';
import type { AttachmentReader } from './attachment-parts.ts';
import { attachmentTokens, imageRule, newMessageParts, plannedMessage } from './attachment-parts.ts';

/**
 * Where a request's settings come from: a new conversation copies its assistant's (the defaults in
 * Settings fill what it leaves out), an existing one has its own. Builds the context each request
 * sends, and the preview of it shown before sending.
 */

export type Link = { provider: ProviderConfig; model: string };
export type NewConversationSettings = Omit<ConversationSettings, 'systemPromptVersion'>;

export interface PlanDeps {
  history: ChatHistory;
  settings: () => ModelSettings;
  /** The assistant library (absent: no assistants, e.g. a bare test). */
  assistants?: { get(id: string): Assistant };
  /** The model's context window and usual output budget, with the person's corrections. */
  window: (link: Link) => ContextWindow;
  /** Where attached files are stored (absent: none can be sent). */
  attachments?: AttachmentReader;
}

export class RequestPlanner {
  readonly #deps: PlanDeps;

  constructor(deps: PlanDeps) {
    this.#deps = deps;
  }

  /** A new conversation's settings and the model its assistant brings (null: none). */
  forNewConversation(
    assistantId: string | null | undefined,
    own: { systemPrompt?: string; parameters?: ModelParameters } = {},
  ): {
    settings: NewConversationSettings;
    model: ModelRef | null;
  } {
    const defaults = this.#deps.settings();
    const assistant = assistantId ? this.#assistant(assistantId) : null;
    return {
      settings: {
        assistantId: assistant?.id ?? null,
        systemPrompt: own.systemPrompt ?? assistant?.systemPrompt ?? '',
        parameters: { ...defaults.defaultParameters, ...assistant?.parameters, ...own.parameters },
        historyLimit: assistant?.historyLimit ?? defaults.defaultHistoryLimit ?? null,
        tools: assistant?.tools ?? [],
      },
      model: assistant?.model ?? null,
    };
  }

  /**
   * What to send for one request: the conversation's messages (the `keep` newest always) fitted to
   * the smallest known window in the chain, so a failover never meets a request too long for it.
   */
  build(
    settings: NewConversationSettings,
    messages: PlannedMessage[],
    keep: number,
    chain: Link[],
    exact = false,
  ): Promise<BuiltContext> {
    // Images count as the costliest API in the chain counts them, so no link gets more than it holds.
    const rules = chain.map((link) => imageRule(link.provider));
    const counted = messages.map((message) =>
      message.attachments
        ? { ...message, attachmentTokens: attachmentTokens(message.attachments, rules) }
        : message,
    );
    return buildContext({ settings, messages: counted, keep, window: this.#window(chain), exact });
  }

  /**
   * One request as the conversation's settings are now (an edit applies to the next request): its
   * messages fitted to the window, its parameters, and what its metrics record. Refused in plain
   * words when even the system prompt and the newest messages do not fit.
   */
  async prepare(conversationId: string, messages: PlannedMessage[], keep: number, chain: Link[]) {
    const settings = this.#deps.history.settingsOf(conversationId);
    const built = await this.build(settings, messages, keep, chain);
    if (built.tooLong) {
      throw new ParleyError({
        code: 'context_too_long',
        message: `This message and the system prompt are longer than the model's context window (about ${built.inputTokens} tokens). Shorten them, or choose a model with a larger window.`,
      });
    }
    return {
      built,
      request: { messages: built.messages, parameters: settings.parameters },
      tags: { systemPromptVersion: settings.systemPromptVersion, assistantId: settings.assistantId },
    };
  }

  #window(chain: Link[]): ContextWindow {
    const windows = chain.map((link) => this.#deps.window(link));
    const known = windows.flatMap((w) => (w.contextWindow === null ? [] : [w.contextWindow]));
    return {
      contextWindow: known.length ? Math.min(...known) : null,
      defaultMaxOutput: Math.max(...windows.map((w) => w.defaultMaxOutput)),
    };
  }

  /** The count shown before sending: what `text` would send now in that conversation (or a new one). */
  async preview(input: {
    conversationId: string | null;
    parentId?: string | null;
    content: string;
    attachments?: readonly AttachmentChoice[];
    chain: Link[];
    assistantId?: string | null;
  }): Promise<ContextPreview> {
    const { history } = this.#deps;
    const settings =
      input.conversationId === null
        ? this.forNewConversation(input.assistantId).settings
        : history.settingsOf(input.conversationId);
    const parentId =
      input.conversationId === null
        ? null
        : input.parentId === undefined
          ? history.currentLeaf(input.conversationId)
          : input.parentId;
    const earlier = contextTo(history, parentId);
    const next: PlannedMessage = { role: 'user', content: input.content };
    const parts = newMessageParts(input.content, input.attachments ?? [], this.#deps.attachments);
    if (parts) next.attachments = parts;
    const built = await this.build(settings, [...earlier, next], 1, input.chain, true);
    return {
      inputTokens: built.inputTokens,
      contextWindow: this.#window(input.chain).contextWindow,
      sentMessages: built.sentEarlier,
      leftOut: built.leftOutByLimit + built.leftOutToFit,
    };
  }

  #assistant(id: string): Assistant {
    if (!this.#deps.assistants)
      throw new ParleyError({ code: 'not_found', message: `There is no assistant "${id}".` });
    return this.#deps.assistants.get(id);
  }
}

/** What the answer records about its request; null when nothing was changed. */
export function adjustmentsOf(built: BuiltContext | null, dropped: RequestAdjustments['dropped']) {
  const leftOut = built?.leftOutToFit ?? 0;
  if (leftOut === 0 && dropped.length === 0) return null;
  return { leftOut, fitTokens: built?.fitTokens ?? null, dropped } satisfies RequestAdjustments;
}

/** Answers that failed before any text (or tool call) add nothing to the model's context. */
function isContext(message: StoredMessage): boolean {
  return message.role === 'user' || message.content.length > 0 || usedTools(message.parts ?? []);
}

/** The messages from the root to `messageId` (none for null) that a request sends, with their attachments. */
export function contextTo(history: Pick<ChatHistory, 'pathTo'>, messageId: string | null): PlannedMessage[] {
  return messageId === null ? [] : history.pathTo(messageId).filter(isContext).map(plannedMessage);
}
