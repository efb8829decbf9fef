import type { AppInfo } from '../../../shared/contract.ts';
import type { ChatService } from '../chat/chat-service.ts';
import type { CallContext, Handlers } from '../rpc/bind-contract.ts';
import type { HistoryService } from '../store/history-service.ts';
import type { Broadcaster } from './broadcaster.ts';
import { historyHandlers } from './history-handlers.ts';
import type { AssistantStore } from '../assistants/assistant-store.ts';
import { assistantHandlers } from './assistant-handlers.ts';
import type { AttachmentShelf } from './attachment-handlers.ts';
import { attachmentHandlers } from './attachment-handlers.ts';
import type { ExportDownloads } from './export-downloads.ts';
import type { Ingest } from '../attachments/ingest-runner.ts';
import type { ChunkedUploads } from './chunked-uploads.ts';
import type { SettingsHandlerDeps } from './settings-handlers.ts';
import { settingsHandlers } from './settings-handlers.ts';
import type { VaultHandlerDeps } from './vault-handlers.ts';
import { vaultHandlers } from './vault-handlers.ts';
import { testRules } from '../filters/rules.ts';
import { routingHandlers, type RoutingHandlerDeps } from './routing-handlers.ts';
import type { AlertHandlerDeps } from './alert-handlers.ts';
import { alertHandlers } from './alert-handlers.ts';
import type { McpManager } from '../tools/mcp/mcp-manager.ts';
import { toolHandlers } from './tool-handlers.ts';

/** The requests each host answers its own way (the desktop shell; the browser edition). */
export type HostHandlers = Pick<
  Handlers,
  'app.hideQuick' | 'app.openInMain' | 'app.updateStatus' | 'app.restartToUpdate'
>;

export interface HandlerDeps
  extends SettingsHandlerDeps, VaultHandlerDeps, RoutingHandlerDeps, AlertHandlerDeps {
  info: AppInfo;
  host: HostHandlers;
  chat: ChatService;
  history: HistoryService;
  assistants: AssistantStore;
  uploads: ChunkedUploads;
  /** Where attached files are kept (the history's attachment store). */
  attachments: AttachmentShelf;
  /** Where attached files are prepared (a worker thread where the host gives one). */
  ingest?: Ingest;
  downloads: ExportDownloads;
  broadcaster: Broadcaster;
  /** The MCP servers (Settings' list, Test). */
  mcp: McpManager;
}

/** The whole contract's handler table; its type makes a missing handler a compile error. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { chat } = deps;
  const handlers: Handlers = {
    'app.info': () => deps.info,
    ...deps.host,
    ...settingsHandlers(deps),
    ...vaultHandlers(deps),
    ...historyHandlers(deps),
    ...assistantHandlers(deps),
    ...attachmentHandlers(deps),
    ...routingHandlers(deps),
    ...alertHandlers(deps),
    'chat.send': (input, { peer }) => chat.send(input, peer),
    'chat.regenerate': ({ userMessageId, model }, { peer }) => chat.regenerate(userMessageId, model, peer),
    'chat.continue': ({ assistantMessageId }, { peer }) => chat.continue(assistantMessageId, peer),
    'chat.stop': ({ streamId }) => ({ stopped: chat.stop(streamId) }),
    'chat.preview': (input) => chat.preview(input),
    'chat.compare': (input, { peer }) => chat.compare(input, peer),
    ...toolHandlers(deps),
    'filters.test': ({ text, rules }) => testRules(text, rules ?? deps.settings.get().contentFilter.rules),
  };
  return withBroadcast(handlers, deps.broadcaster);
}

/** Every caller joins the broadcast list, so changes made elsewhere reach it. */
function withBroadcast(handlers: Handlers, broadcaster: Broadcaster): Handlers {
  const wrapped = {} as Record<string, (input: unknown, ctx: CallContext) => unknown>;
  for (const [name, handler] of Object.entries(handlers) as [
    string,
    (i: unknown, c: CallContext) => unknown,
  ][]) {
    wrapped[name] = (input, ctx) => {
      broadcaster.add(ctx.peer);
      return handler(input, ctx);
    };
  }
  return wrapped as unknown as Handlers;
}
