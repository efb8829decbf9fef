import type { AnswerRating } from '../../../shared/routing.ts';
import type { ChatMessageInput, LlmEvent, Usage } from '../../../shared/llm-events.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { ModelRef, ProviderConfig } from '../../../shared/providers.ts';
import type { RoutingMode } from '../../../shared/routing.ts';
import type { HistoryChange } from '../../../shared/contract.ts';
import type { ConversationSource, MessageState, StoredMessage } from '../../../shared/history.ts';
import type { AttachmentChoice, MessagePart } from '../../../shared/attachments.ts';
import type { AttachmentReader } from './attachment-parts.ts';
import type { Timers } from './delta-coalescer.ts';
import type { ChangedHistory } from './conversation-changes.ts';
import type {
  Assistant,
  ConversationSettings,
  ModelParameters,
  RequestAdjustments,
} from '../../../shared/assistants.ts';
import type { ContextWindow } from './request-context.ts';
import type { ModelOverrides } from '../llm/capabilities.ts';
import type { FilterOverride, MessageFilter } from '../../../shared/filters.ts';
import type { QuestionInput } from '../filters/content-filters.ts';
import type { ServerToolBox } from '../tools/tool-loop.ts';
import type { ToolDefinition } from '../../../shared/tools.ts';

/** What the chat service needs from the rest of the core: the client, the store, the settings. */

/** The part of the streaming client the chat service drives: its events, a batch per network read. */
export interface ChatStreamer {
  streamBatches(
    request: {
      chain: { provider: ProviderConfig; model: string }[];
      messages: ChatMessageInput[];
      parameters?: ModelParameters;
      routing?: RoutingMode;
      requestId?: string;
      conversationId?: string | null;
      tools?: ToolDefinition[];
    },
    signal?: AbortSignal,
  ): AsyncIterable<LlmEvent[]>;
}

/** The part of the history store the chat service writes to (the store is the only writer). */
export interface ChatHistory extends ChangedHistory {
  /**
   * The store titles a conversation from its first message (`conversationTitle`); with
   * `titlePending`, a generated title may replace that one after the first answer.
   */
  createConversation(init: {
    providerId: string | null;
    model: string | null;
    source: ConversationSource;
    titlePending: boolean;
    /** Copied from its assistant (or the defaults in Settings). */
    settings: Omit<ConversationSettings, 'systemPromptVersion'>;
  }): {
    id: string;
  };
  /** The conversation's system prompt, parameters and history limit as they are now. */
  settingsOf(conversationId: string): ConversationSettings;
  getMessage(messageId: string): StoredMessage;
  /** Puts an interrupted answer back into `streaming`, keeping its text, so Continue appends to it. */
  resumeMessage(messageId: string): void;
  currentLeaf(conversationId: string): string | null;
  addMessage(init: {
    conversationId: string;
    parentId: string | null;
    role: 'user' | 'assistant';
    content: string;
    /** A message with attachments: its parts in order (text parts joined are `content`). */
    parts?: MessagePart[];
    state: MessageState;
    providerId?: string | null;
    model?: string | null;
    /** Answers asked together in one comparison share this id (their question's id). */
    compareId?: string | null;
  }): StoredMessage;
  /**
   * Shows an answer of a comparison and makes its model the conversation's; with `settle` (the
   * person chose it) the comparison's answers become ordinary branches (their `compareId` cleared).
   */
  showComparedAnswer(conversationId: string, messageId: string, settle: boolean): void;
  appendToMessage(messageId: string, delta: { text?: string; reasoning?: string }): void;
  /** A tool call or result of a streaming answer, kept after the text that came before it. */
  appendPart(messageId: string, part: MessagePart): void;
  /** Switches a conversation's tools (`chat.send`'s `tools`). */
  updateSettings(conversationId: string, patch: { tools: string[] }): unknown;
  finishMessage(
    messageId: string,
    result: {
      state: Exclude<MessageState, 'streaming'>;
      error: AppError | null;
      usage: Usage | null;
      costUsd: number | null;
      answeredBy: ModelRef | null;
      adjustments: RequestAdjustments | null;
      timing?: StoredMessage['timing'];
      filter?: StoredMessage['filter'];
      route?: StoredMessage['route'];
    },
  ): Pick<StoredMessage, 'state' | 'error'>;
  /** The messages from the root to `messageId`, in order. */
  pathTo(messageId: string): StoredMessage[];
  /** Writes an answer's rating (answer-ratings.ts checks what may be rated). */
  setRating(messageId: string, rating: AnswerRating | null): void;
}

/** Where a generated title goes; a rename by the user always wins (history-titles.ts). */
export interface TitleStore {
  /** Claims the one title request of a conversation; false when none is due. */
  claimTitle(conversationId: string): boolean;
  /** Saves a generated title (null: the request failed); false when a rename came first. */
  settleTitle(conversationId: string, title: string | null): boolean;
}

/** Titles conversations in the background once an answer is saved (conversation-titles.ts). */
export interface ChatTitles {
  /** `exchange`: the path to the saved answer; `onTitled` is told when a title was saved. */
  afterAnswer(conversationId: string, exchange: StoredMessage[], model: ModelRef, onTitled: () => void): void;
  settled(): Promise<void>;
}

export interface ModelSettings {
  providers: ProviderConfig[];
  defaultModel: ModelRef | null;
  failoverChain: ModelRef[];
  /** The order the chain is tried in (src/shared/routing.ts); as written when absent. */
  routingMode?: RoutingMode;
  /** With `saveExchanges` off, quick-prompt exchanges leave history once answered. */
  quickPrompt?: { saveExchanges: boolean };
  /** What a new conversation starts with when its assistant sets nothing. */
  defaultParameters?: ModelParameters;
  defaultHistoryLimit?: number | null;
  /** Corrections of the capability table (context windows among them). */
  modelOverrides?: ModelOverrides;
  /** Model tool names (`server__tool`) that run without asking. */
  toolsAlwaysAllowed?: string[];
}

/** What the metrics record of a request adds about the conversation that sent it. */
export interface RequestTags {
  systemPromptVersion: number;
  assistantId: string | null;
}

export interface ChatServiceDeps {
  client: ChatStreamer;
  history: ChatHistory;
  settings: () => ModelSettings;
  timers?: Timers;
  /** Cost of a finished answer, from the editable price table. */
  cost?: (model: ModelRef, usage: Usage) => number | null;
  /** Told when a send creates, changes or discards a conversation, so every window can refresh its list. */
  onConversationChange?: (change: HistoryChange) => void;
  /** Titles conversations after their first answer (absent: they keep the first message's words). */
  titles?: ChatTitles;
  /** The assistant library; a new conversation may start from one of them. */
  assistants?: { get(id: string): Assistant };
  /** A model's context window (defaults to the capability table). */
  window?: (link: { provider: ProviderConfig; model: string }) => ContextWindow;
  /** Filled while a request runs (by its request id), so its metrics record says what it sent. */
  requestTags?: Map<string, RequestTags>;
  /** Where attached files are stored (absent: a send that lists attachments is refused). */
  attachments?: AttachmentReader;
  /** The content filters (filters/content-filters.ts); absent: nothing is checked. */
  filters?: ChatFilters;
  /** The MCP servers' tools (tools/mcp/mcp-manager.ts); absent: answers never use tools. */
  tools?: ToolSource;
  /** Saves "Always for this tool" (settings' toolsAlwaysAllowed); absent: remembered until the process ends. */
  allowToolAlways?: (name: string) => void | Promise<void>;
}

/** Where an answer's tools come from: the tools of the named MCP servers, ready for the tool loop. */
export interface ToolSource {
  toolbox(servers: readonly string[]): Promise<ServerToolBox>;
}

/** The content filters' gate: the text to store and send, or a `content_filtered` hold thrown. */
export interface ChatFilters {
  checkQuestion(input: QuestionInput, providerId: string): Promise<string>;
  /** Looks at an answer's events as they come; `finish` gives its mark (null: nothing found). */
  watchAnswer(
    conversationId: string,
    providerId: string,
    onFilter: (filter: MessageFilter) => void,
  ): { see(event: LlmEvent): void; finish(): Promise<MessageFilter | null> };
}

export interface SendInput {
  content: string;
  /** Stored attachments (`attachments.finish`), in the order they are sent after the text. */
  attachments?: AttachmentChoice[];
  conversationId: string | null;
  /** Undefined: follow the conversation's current leaf; null: a new first message (an edit of it). */
  parentId?: string | null;
  model: ModelRef | null;
  source?: ConversationSource;
  /** A new conversation starts from this assistant (its model unless `model` is given). */
  assistantId?: string | null;
  /** A new conversation's own system prompt and parameters, over its assistant's (`parley ask --system`…). */
  settings?: { systemPrompt?: string; parameters?: ModelParameters };
  /** The person's answer to a hold by the content filters. */
  filters?: FilterOverride;
  /** The MCP servers whose tools the conversation uses from now on (stored before answering). */
  tools?: string[];
}

/** One question to several models (`chat.compare`): each answers alone, as a branch of it. */
export type CompareInput = Omit<SendInput, 'model' | 'settings' | 'tools'> & { models: ModelRef[] };

/** What `chat.preview` counts: a send not yet made. */
export type PreviewInput = Omit<SendInput, 'source' | 'settings' | 'tools'>;
