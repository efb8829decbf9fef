import { z } from 'zod';
import type { AppError } from './errors.ts';
import type { BackupInfo } from './backups.ts';
import { backupIdSchema } from './backups.ts';
import type { ChatCompareResult, ChatSendResult, ChatStreamEvent } from './chat.ts';
import type { FilterTestResult } from './filters.ts';
import { filterTestInputSchema } from './filters.ts';
import type { Assistant, AssistantImportResult, ContextPreview, ConversationSettings } from './assistants.ts';
import {
  ASSISTANTS_IMPORT_MAX_BYTES,
  assistantIdSchema,
  assistantInputSchema,
  conversationSettingsPatchSchema,
} from './assistants.ts';
import {
  chatCompareInputSchema,
  chatContinueInputSchema,
  chatPreviewInputSchema,
  chatRegenerateInputSchema,
  chatSendInputSchema,
  streamIdSchema,
} from './chat.ts';
import type {
  ConversationDetail,
  ConversationPage,
  ConversationSummary,
  SearchGroup,
  SearchHit,
  StoredMessage,
} from './history.ts';
import {
  conversationIdSchema,
  exportAllFormats,
  exportFormats,
  listConversationsInputSchema,
  messageIdSchema,
  searchConversationInputSchema,
  searchInputSchema,
} from './history.ts';
import type { ModelCapabilityView } from './assistants.ts';
import { modelRefSchema, providerIdSchema, providerSaveSchema, secretKinds } from './providers.ts';
import type { ProviderView, SettingsView } from './settings.ts';
import { settingsPatchSchema } from './settings.ts';
import { TITLE_MAX_LENGTH } from './conversation-title.ts';
import type { VaultStatus } from './vault.ts';
import type { AttachmentChunk, AttachmentRef } from './attachments.ts';
import {
  attachmentBeginSchema,
  attachmentChunkSchema,
  attachmentFinishSchema,
  attachmentReadSchema,
} from './attachments.ts';
import { vaultPassphraseInputSchema } from './vault.ts';
import type { UpdateStatus } from './updates.ts';
import type { KeyList, KeyStatus } from './keys.ts';
import type { UsageSummary } from './usage.ts';
import type { LinkHealthView } from './routing-health.ts';
import { routingHealthInputSchema } from './routing-health.ts';
import type { ActiveAlert } from './alerts.ts';
import type { McpServerStatus } from './mcp.ts';
import { toolApproveInputSchema, toolCancelInputSchema } from './tools.ts';
import { metricsTokenSchema, usageQuerySchema } from './usage.ts';

/**
 * The one IPC contract. Every request and event is declared here once; main validates inputs
 * against these schemas, the preload and the browser-edition client are built from these names,
 * and the handler table's type is derived from it, so a missing handler fails to compile.
 */

/** Declares a request's result type; results are produced by our own main-side code, so only typed. */
function request<O>() {
  return <I extends z.ZodType>(input: I): { input: I; output: O } => ({ input, output: undefined as O });
}
function event<T>(): { payload: T } {
  return { payload: undefined as T };
}

const none = z.object({}).strict().default({});
const providerInput = z.object({ providerId: providerIdSchema }).strict();
const conversationInput = z.object({ conversationId: conversationIdSchema }).strict();

export interface AppInfo {
  version: string;
  /** Which way in the renderer is served through. */
  edition: 'desktop' | 'web';
  platform: string;
}

export type TestResult = { ok: true; models: string[] } | { ok: false; error: AppError };

export interface ExportResult {
  fileName: string;
  mimeType: string;
  content: string;
}

/** An export of everything, written in main; the renderer reads it with `history.exportChunk`. */
export interface ExportAllResult {
  exportId: string;
  fileName: string;
  mimeType: string;
  totalBytes: number;
  conversations: number;
}

/** Progress of a ChatGPT import; the last event has `done: true` (and `error` if it failed). */
export interface ImportProgress {
  importId: string;
  bytesRead: number;
  totalBytes: number;
  conversationsRead: number;
  /** New conversations, and earlier imports that gained messages; a second import of a file adds none. */
  conversationsAdded: number;
  /** Conversations imported before, with nothing new in them (a second import of a file: all of them). */
  conversationsUnchanged: number;
  messagesAdded: number;
  done: boolean;
  error: AppError | null;
}

/** What changed in history, so every window can refresh what it shows. */
export interface HistoryChange {
  conversationId: string | null;
  reason: 'created' | 'updated' | 'deleted' | 'restored' | 'imported';
  /** The conversation as it now is, so a list updates without asking again; null when it was deleted or for bulk changes (imports). */
  summary: ConversationSummary | null;
}

export const IMPORT_CHUNK_BYTES = 1024 * 1024;

export const contract = {
  requests: {
    'app.info': request<AppInfo>()(none),
    /**
     * The quick prompt is done: its window steps aside and focus goes back to the app that had it.
     * `hidden` is false where the host has no window to hide (the browser edition).
     */
    'app.hideQuick': request<{ hidden: boolean }>()(none),
    /**
     * "Open in Parley": the host shows the conversation in the main window. `navigateTo` is the
     * address the page must go to itself (relative to it) where the host cannot (the browser
     * edition), else null.
     */
    'app.openInMain': request<{ navigateTo: string | null }>()(conversationInput),
    /** The desktop app's self-update; `unsupported` in the browser edition. */
    'app.updateStatus': request<UpdateStatus>()(none),
    /** "Restart to update": false when no downloaded update is waiting. */
    'app.restartToUpdate': request<{ restarting: boolean }>()(none),

    'settings.get': request<SettingsView>()(none),
    'settings.update': request<SettingsView>()(settingsPatchSchema),
    'providers.save': request<ProviderView>()(providerSaveSchema),
    'providers.remove': request<{ removed: boolean }>()(providerInput),
    'models.list': request<string[]>()(providerInput),
    /** What a model takes (the capability table with the person's corrections), to show only those parameters. */
    'models.capabilities': request<ModelCapabilityView>()(modelRefSchema.strict()),

    /** Saves a provider's secret (its API key unless `secret` names another kind), bound to where it is sent. */
    'keys.set': request<KeyStatus>()(
      z
        .object({
          providerId: providerIdSchema,
          key: z.string().trim().min(1).max(8192),
          secret: z.enum(secretKinds).default('api-key'),
        })
        .strict(),
    ),
    'keys.delete': request<KeyStatus>()(
      z.object({ providerId: providerIdSchema, secret: z.enum(secretKinds).default('api-key') }).strict(),
    ),
    /** First run: saves the key found in the environment (SettingsView.envKey says which), never showing it. */
    'keys.importFromEnv': request<KeyStatus>()(providerInput),
    'keys.test': request<TestResult>()(providerInput),
    /** A provider's API keys (used in turn; one that hits a 429 or its quota cools down), as hints. */
    'keys.list': request<KeyList>()(providerInput),
    'keys.add': request<KeyList>()(
      z.object({ providerId: providerIdSchema, key: z.string().trim().min(1).max(8192) }).strict(),
    ),
    'keys.remove': request<KeyList>()(
      z.object({ providerId: providerIdSchema, keyId: z.number().int().min(1).max(1000) }).strict(),
    ),

    /** The key vault, where there is no keychain: made and unlocked from the page (or PARLEY_VAULT_PASSPHRASE). */
    'vault.status': request<VaultStatus>()(none),
    'vault.create': request<VaultStatus>()(vaultPassphraseInputSchema),
    /** `wrongPassphrase` instead of an error: the page says so in its own language. */
    'vault.unlock': request<VaultStatus & { wrongPassphrase: boolean }>()(vaultPassphraseInputSchema),
    /** Keep keys for this session only: stop offering a vault until the next start. */
    'vault.decline': request<VaultStatus>()(none),

    /**
     * When the content filters stop the question, an error `content_filtered` (reason `message_held`)
     * whose `hold` says what they found: nothing was stored or sent.
     */
    'chat.send': request<ChatSendResult>()(chatSendInputSchema),
    /** The same question to 2–4 models at once, streamed side by side (held like `chat.send`). */
    'chat.compare': request<ChatCompareResult>()(chatCompareInputSchema),
    'chat.regenerate': request<ChatSendResult>()(chatRegenerateInputSchema),
    'chat.continue': request<ChatSendResult>()(chatContinueInputSchema),
    'chat.stop': request<{ stopped: boolean }>()(z.object({ streamId: streamIdSchema }).strict()),
    /** The token count of what the next send would carry (system prompt, kept history, the text). */
    'chat.preview': request<ContextPreview>()(chatPreviewInputSchema),
    /** The answer to a `tool_call` event that asked; `ok: false` when that call no longer waits. */
    'tools.approve': request<{ ok: boolean }>()(toolApproveInputSchema),
    /** Stops a running tool call (the model is told; the answer goes on). */
    'tools.cancel': request<{ cancelled: boolean }>()(toolCancelInputSchema),

    /** Settings' Test box: which rules match a text (the given ones, or the saved ones). */
    'filters.test': request<FilterTestResult>()(filterTestInputSchema),

    /**
     * A file a person chose (picked, dropped or pasted) arrives in chunks; `finish` sniffs, checks,
     * stores it once by content hash and says what it is. It stays unreferenced (and is swept) until
     * a message that lists it is sent.
     */
    'attachments.begin': request<{ uploadId: string }>()(attachmentBeginSchema),
    'attachments.chunk': request<{ received: number }>()(attachmentChunkSchema),
    'attachments.finish': request<AttachmentRef>()(attachmentFinishSchema),
    /** A stored attachment's bytes (to show an image, or save a file), in chunks. */
    'attachments.read': request<AttachmentChunk>()(attachmentReadSchema),

    /** Every assistant, hidden ones included (flagged), built-ins first. */
    'assistants.list': request<Assistant[]>()(none),
    /** Creates (no id) or replaces one; an edited built-in keeps the edit. */
    'assistants.save': request<Assistant>()(assistantInputSchema),
    /** A built-in cannot be removed (it can be hidden). */
    'assistants.remove': request<{ removed: boolean }>()(z.object({ id: assistantIdSchema }).strict()),
    'assistants.setHidden': request<Assistant>()(
      z.object({ id: assistantIdSchema, hidden: z.boolean() }).strict(),
    ),
    /** Every assistant as one JSON file. */
    'assistants.export': request<ExportResult>()(none),
    /** A file from `assistants.export`: an id already here is updated, never duplicated. */
    'assistants.import': request<AssistantImportResult>()(
      z
        .object({
          content: z
            .string()
            .max(ASSISTANTS_IMPORT_MAX_BYTES, 'That file is too large to be an assistants file (over 2 MB).'),
        })
        .strict(),
    ),

    'history.list': request<ConversationPage>()(listConversationsInputSchema),
    'history.open': request<ConversationDetail>()(conversationInput),
    'history.rename': request<ConversationSummary>()(
      z
        .object({
          conversationId: conversationIdSchema,
          title: z.string().trim().min(1).max(TITLE_MAX_LENGTH),
        })
        .strict(),
    ),
    'history.pin': request<ConversationSummary>()(
      z.object({ conversationId: conversationIdSchema, pinned: z.boolean() }).strict(),
    ),
    /** Archived conversations leave the list (search still finds them); the archive view unarchives. */
    'history.archive': request<ConversationSummary>()(
      z.object({ conversationId: conversationIdSchema, archived: z.boolean() }).strict(),
    ),
    /** Deletes softly; `history.restore` undoes it. */
    'history.delete': request<{ deleted: boolean }>()(conversationInput),
    'history.restore': request<ConversationSummary>()(conversationInput),
    /** A person's thumbs up or down on an answer (null clears it); answers only. Returns the answer. */
    'history.rate': request<StoredMessage>()(
      z.object({ messageId: messageIdSchema, rating: z.enum(['up', 'down']).nullable() }).strict(),
    ),
    /** Remembers which branch is shown: the path root..messageId. */
    'history.setLeaf': request<{ ok: true }>()(
      z.object({ conversationId: conversationIdSchema, messageId: messageIdSchema }).strict(),
    ),
    /**
     * The person chose one answer of a comparison to go on with: it is shown, its model becomes the
     * conversation's, and the comparison is settled (the other answers stay as branches).
     */
    'history.chooseAnswer': request<ConversationDetail>()(
      z.object({ conversationId: conversationIdSchema, messageId: messageIdSchema }).strict(),
    ),
    /**
     * Deletes one message and everything under it (answers, follow-ups, their branches) for good;
     * the shown branch moves to the parent's newest remaining leaf. Refused while it streams.
     * Returns the conversation as it now is (with the branch now shown).
     */
    'history.deleteMessage': request<{ deleted: number; conversation: ConversationDetail }>()(
      z.object({ conversationId: conversationIdSchema, messageId: messageIdSchema }).strict(),
    ),
    /** The conversation's system prompt, parameters and history limit. */
    'history.settings': request<ConversationSettings>()(conversationInput),
    /** Changes apply to the next request; a changed system prompt gets the next version number. */
    'history.updateSettings': request<ConversationSettings>()(conversationSettingsPatchSchema),
    /** Conversations whose title or messages match, best first, each with its best hit and a count. */
    'history.search': request<SearchGroup[]>()(searchInputSchema),
    /** One conversation's matching messages, best first (a search group, expanded). */
    'history.searchConversation': request<SearchHit[]>()(searchConversationInputSchema),
    'history.export': request<ExportResult>()(
      z.object({ conversationId: conversationIdSchema, format: z.enum(exportFormats) }).strict(),
    ),
    /** Every conversation (archived too; never settings or keys) into a file main keeps until it is read. */
    'history.exportAll': request<ExportAllResult>()(z.object({ format: z.enum(exportAllFormats) }).strict()),
    /** The export's bytes at `offset`, base64, at most IMPORT_CHUNK_BYTES; `done` on the last (the file then goes). */
    'history.exportChunk': request<{ data: string; done: boolean }>()(
      z.object({ exportId: z.string().uuid(), offset: z.number().int().min(0) }).strict(),
    ),
    /** A ChatGPT export arrives in chunks (both transports carry it the same way), then imports as a stream. */
    'history.importBegin': request<{ importId: string }>()(
      z
        .object({
          fileName: z.string().min(1).max(255),
          totalBytes: z
            .number()
            .int()
            .positive()
            .max(4 * 1024 ** 3),
        })
        .strict(),
    ),
    'history.importChunk': request<{ received: number }>()(
      z
        .object({
          importId: z.string().uuid(),
          offset: z.number().int().min(0),
          /** base64 of at most IMPORT_CHUNK_BYTES bytes */
          data: z.string().max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4 + 4),
        })
        .strict(),
    ),
    'history.importFinish': request<{ importId: string }>()(
      z.object({ importId: z.string().uuid() }).strict(),
    ),

    /** Requests, failures, latency percentiles, tokens and cost per model over whole local days (`parley stats`). */
    'usage.summary': request<UsageSummary>()(usageQuerySchema),
    /** Each model's circuit breaker and recent p95 time to first token, for the failover chain in Settings. */
    'routing.health': request<LinkHealthView[]>()(routingHealthInputSchema),
    /** The alerts raised now (Settings → Usage sets their thresholds), with their figures. */
    'alerts.list': request<ActiveAlert[]>()(none),
    /** Whether the metrics endpoint's bearer token is set; the token itself never leaves main. */
    'metrics.tokenStatus': request<{ set: boolean }>()(none),
    /** Saves the endpoint's bearer token in the keychain (the endpoint then asks for it). */
    'metrics.setToken': request<{ set: boolean }>()(z.object({ token: metricsTokenSchema }).strict()),
    'metrics.removeToken': request<{ set: boolean }>()(none),

    /** Backups of the history (Settings > Data, `parley backup`), newest first. */
    'backups.list': request<BackupInfo[]>()(none),
    'backups.create': request<BackupInfo>()(none),
    /** Replaces the history with a backup; the current history is kept first (as a backup, or moved aside). */
    'backups.restore': request<{ restored: true }>()(z.object({ id: backupIdSchema }).strict()),
  },
  events: {
    'chat.event': event<ChatStreamEvent>(),
    'history.changed': event<HistoryChange>(),
    'history.importProgress': event<ImportProgress>(),
    'settings.changed': event<SettingsView>(),
    'assistants.changed': event<Assistant[]>(),
    'vault.changed': event<VaultStatus>(),
    /** Main asks a window to show a conversation (e.g. "Open in Parley" from the quick prompt). */
    'app.navigate': event<{ conversationId: string }>(),
    'app.updateChanged': event<UpdateStatus>(),
    /** A model's circuit breaker opened, went half-open or closed again. */
    'routing.healthChanged': event<LinkHealthView>(),
    /** The alerts raised now, after each raise or clear. */
    'alerts.changed': event<ActiveAlert[]>(),
    /** An MCP server started, stopped, crashed or was restarted. */
    'mcp.status': event<McpServerStatus>(),
  },
} as const;

export type Contract = typeof contract;
export type RequestName = keyof Contract['requests'];
export type EventName = keyof Contract['events'];
export type RequestInput<N extends RequestName> = z.input<Contract['requests'][N]['input']>;
export type ParsedInput<N extends RequestName> = z.output<Contract['requests'][N]['input']>;
export type RequestOutput<N extends RequestName> = Contract['requests'][N]['output'];
export type EventPayload<N extends EventName> = Contract['events'][N]['payload'];

export const requestNames = Object.keys(contract.requests) as RequestName[];
export const eventNames = Object.keys(contract.events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(contract.requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(contract.events, name);
}

/** What crosses a transport for every request: never a thrown error, always this envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppError };
