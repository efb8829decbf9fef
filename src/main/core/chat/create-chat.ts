import type { ModelRef, ProviderConfig } from '../../../shared/providers.ts';
import type { ModelOverrides } from '../llm/capabilities.ts';
import { createLlmClient } from '../llm/client.ts';
import { ratedQuality, type RatingsReader } from './model-quality.ts';
import type { LlmClient } from '../llm/client.ts';
import type { Env } from '../llm/system-proxy.ts';
import { costUsd, priceTable } from '../metrics/prices.ts';
import type { PriceTable } from '../metrics/prices.ts';
import type { MetricsSink } from '../metrics/request-metrics.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { ChatService } from './chat-service.ts';
import type { ChatHistory, ChatServiceDeps, RequestTags, TitleStore, ToolSource } from './chat-ports.ts';
import type { ModelParameters } from '../../../shared/assistants.ts';
import { ConversationTitler } from './conversation-titles.ts';
import { answerRequestId } from '../tools/tool-loop.ts';
import type { ContentFilterSettings } from '../../../shared/filters.ts';
import { ContentFilters } from '../filters/content-filters.ts';
import { createModerator } from '../filters/moderation.ts';
import type { AuditEntry } from '../filters/audit-log.ts';

/** What a send reads from the user's settings. */
export interface ChatSettings {
  providers: ProviderConfig[];
  defaultModel: ModelRef | null;
  failoverChain: ModelRef[];
  priceOverrides: PriceTable;
  /** Corrections of the capability table (settings.modelOverrides). */
  modelOverrides?: ModelOverrides;
  autoTitle?: boolean;
  titleModel?: ModelRef | null;
  defaultParameters?: ModelParameters;
  defaultHistoryLimit?: number | null;
  /** The content filters (absent: their defaults, the secret guard on). */
  contentFilter?: ContentFilterSettings;
  /** Model tool names that run without asking (settings.toolsAlwaysAllowed). */
  toolsAlwaysAllowed?: string[];
}

export interface ChatWiring {
  settings: () => ChatSettings;
  secrets: SecretStore;
  history: ChatHistory;
  /** Where each request's metrics go (the history store), if anywhere. */
  metrics?: MetricsSink;
  env?: Env;
  onConversationChange?: ChatServiceDeps['onConversationChange'];
  /** Where generated titles are saved; without it, no title request is sent (`parley ask`). */
  titles?: TitleStore;
  /** The assistant library new conversations may start from. */
  assistants?: ChatServiceDeps['assistants'];
  /** Where attached files are stored (absent: a send with attachments is refused). */
  attachments?: ChatServiceDeps['attachments'];
  /** Where the content filters' decisions are logged (the data folder's filter-audit.jsonl). */
  audit?: (entry: AuditEntry) => void;
  /** Ratings per model since a time: routing's tie-breaker (absent: no ratings). */
  ratings?: RatingsReader;
  /** The MCP servers' tools (absent: answers never use tools). */
  tools?: ToolSource;
  /** Saves "Always for this tool" (absent: it holds until the process ends). */
  allowToolAlways?: ChatServiceDeps['allowToolAlways'];
}

/**
 * The client and the chat service, wired the same way for every way in (desktop, browser edition,
 * `parley ask`): keys from the secret store, prices with the user's overrides, costs on each answer.
 */
export function createChat(wiring: ChatWiring): { client: LlmClient; chat: ChatService } {
  const prices = (): PriceTable => priceTable(wiring.settings().priceOverrides);
  // Each request's record says which system prompt version and assistant it used.
  const requestTags = new Map<string, RequestTags>();
  const sink = wiring.metrics;
  const client = createLlmClient({
    secrets: wiring.secrets,
    prices,
    // A tool answer's later steps are requests of their own, tagged like its first.
    metrics: sink && ((record) => sink({ ...record, ...requestTags.get(answerRequestId(record.requestId)) })),
    env: wiring.env,
    modelOverrides: () => wiring.settings().modelOverrides ?? {},
    quality: wiring.ratings && ratedQuality(wiring.ratings),
  });
  const titles = wiring.titles
    ? new ConversationTitler({ client, store: wiring.titles, settings: wiring.settings })
    : undefined;
  const filters = new ContentFilters({
    settings: wiring.settings,
    secrets: wiring.secrets,
    attachments: wiring.attachments,
    assistants: wiring.assistants,
    assistantOf: (conversationId) => wiring.history.settingsOf(conversationId).assistantId,
    audit: wiring.audit,
    moderator: createModerator({ client, settings: wiring.settings }),
  });
  const chat = new ChatService({
    client,
    history: wiring.history,
    settings: wiring.settings,
    cost: (ref, usage) => costUsd(prices(), ref, usage),
    onConversationChange: wiring.onConversationChange,
    titles,
    assistants: wiring.assistants,
    attachments: wiring.attachments,
    requestTags,
    filters,
    tools: wiring.tools,
    allowToolAlways: wiring.allowToolAlways,
  });
  return { client, chat };
}
