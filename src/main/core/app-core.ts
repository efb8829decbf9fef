import { readFileSync } from 'node:fs';
import { AuditLog } from './filters/audit-log.ts';
import type { AppInfo } from '../../shared/contract.ts';
import type { NoticeText, SettingsView } from '../../shared/settings.ts';
import type { ChatService } from './chat/chat-service.ts';
import { createChat } from './chat/create-chat.ts';
import { Broadcaster } from './handlers/broadcaster.ts';
import { ExportDownloads } from './handlers/export-downloads.ts';
import { ChunkedUploads } from './handlers/chunked-uploads.ts';
import { createHandlers } from './handlers/index.ts';
import type { HostHandlers } from './handlers/index.ts';
import type { LlmClient } from './llm/client.ts';
import type { Handlers } from './rpc/bind-contract.ts';
import { dataFiles } from './paths.ts';
import type { SafeStorageLike } from './secrets/encrypted-file-store.ts';
import { openSecretStore } from './secrets/open-secret-store.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import { openHistory } from './store/history-service.ts';
import type { HistoryService } from './store/history-service.ts';
import { keyStorageNotice } from './secrets/storage-notice.ts';
import { openSettings } from './store/settings.ts';
import { AssistantStore } from './assistants/assistant-store.ts';
import type { SettingsFactory, SettingsStore } from './store/settings.ts';
import { TempFiles } from './store/temp-files.ts';
import { ingestHere, workerIngest } from './attachments/ingest-runner.ts';
import type { Ingest } from './attachments/ingest-runner.ts';
import { MetricsExport } from './metrics/metrics-export.ts';
import { MetricsToken } from './metrics/metrics-token.ts';
import { startAlerts } from './metrics/alerts-host.ts';
import type { ActiveAlert } from '../../shared/alerts.ts';
import { McpManager } from './tools/mcp/mcp-manager.ts';

export interface CoreOptions {
  dataDir: string;
  edition: AppInfo['edition'];
  /** How this host hides the quick prompt and opens a conversation in the main window. */
  host: HostHandlers;
  /** Electron's safeStorage (desktop only): the fallback when the OS keychain cannot be used. */
  safeStorage?: SafeStorageLike;
  /** electron-store in the desktop app; conf (the default) in the plain-Node hosts. */
  settingsFactory?: SettingsFactory;
  /** Where the desktop shell reports whether the global hotkey is registered. */
  hotkeyStatus?: () => SettingsView['hotkeyStatus'];
  /** Defaults to process.env; where a first-run OPENAI_API_KEY is looked for. */
  env?: Record<string, string | undefined>;
  /**
   * ingest-worker.ts as this host runs it (from source, or bundled): attached files and imported
   * images are then prepared on a worker thread. Absent: on this thread (tests).
   */
  ingestWorker?: URL | string;
  /** The desktop app's system notification for a newly raised alert (the windows show it anyway). */
  notifyAlert?: (alert: ActiveAlert) => void;
}

export interface Core {
  handlers: Handlers;
  chat: ChatService;
  settings: SettingsStore;
  history: HistoryService;
  assistants: AssistantStore;
  secrets: SecretStore;
  client: LlmClient;
  broadcaster: Broadcaster;
  /** The MCP servers: started when an answer first needs their tools, stopped on close. */
  mcp: McpManager;
  /** Plain-words notices from start-up (a corrupt file set aside, keys kept in memory only…). */
  notices: NoticeText[];
  close(): Promise<void>;
}

const version = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * The main-side core the desktop shell and the browser-edition host share (the CLI shares its chat
 * part through `createChat`). Electron-free: what differs per host comes in through the options.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const { dataDir } = options;
  const opened = openSettings({ dataDir, factory: options.settingsFactory });
  const { settings } = opened;
  const env = options.env ?? process.env;
  const secretsOpened = await openSecretStore({
    dataDir,
    safeStorage: options.safeStorage,
    vaultPassphrase: env.PARLEY_VAULT_PASSPHRASE,
  });
  const secrets = secretsOpened.store;
  for (const moved of opened.movedSecrets) await secrets.set(moved.account, moved.secret);
  // Deleting is undoable until Parley quits (the Undo toast); the next start removes it for good,
  // and with it quick exchanges the user chose not to keep.
  const broadcaster = new Broadcaster();
  // Every notice in both languages (the renderer shows the one in use); history notices (a repair,
  // a full disk) can also come later and join the list as they happen.
  const notices: NoticeText[] = [...opened.notices];
  const storageNotice = keyStorageNotice(secrets.kind, secretsOpened.reason);
  // Decoding an image or reading a PDF costs seconds of CPU: never on the thread that answers windows.
  const ingest: Ingest & { close?: () => Promise<void> } = options.ingestWorker
    ? workerIngest(options.ingestWorker)
    : ingestHere;
  const { history, notices: historyNotices } = await openHistory({
    dataDir,
    ingest,
    purgeDeletedAfterMs: 0,
    onNotice: (n) => {
      notices.push(n);
      if (n.kind === 'history-repaired')
        broadcaster.emit('history.changed', { conversationId: null, reason: 'restored', summary: null });
    },
  });
  notices.push(...historyNotices, ...(storageNotice ? [storageNotice] : []));
  const assistants = new AssistantStore({ dataDir });
  assistants.list(); // reads the file once now, so a damaged one is reported at start
  notices.push(...assistants.notices);

  const audit = new AuditLog(dataFiles(dataDir).filterAudit);
  // The opt-in OpenMetrics endpoint and StatsD push, following their setting.
  const metricsToken = new MetricsToken(secrets);
  const exports = new MetricsExport({
    feed: history,
    notice: (n) => notices.push(n),
    token: () => metricsToken.read(),
  });
  await exports.apply(settings.get().metricsExport);
  const unsubscribe = settings.subscribe((next) => void exports.apply(next.metricsExport));
  // Each server's state goes to every window (Settings' list, the tool cards).
  const mcp = new McpManager({
    dataDir,
    secrets,
    servers: () => settings.get().mcpServers,
    onStatus: (status) => broadcaster.emit('mcp.status', status),
  });
  const unsubscribeMcp = settings.subscribe(() => void mcp.sync());
  const alerts = startAlerts({ settings, history, broadcaster, notify: options.notifyAlert });
  // Set once the handlers exist: tells every window the settings changed.
  let settingsChanged = (): Promise<unknown> => Promise.resolve();
  const { client, chat } = createChat({
    settings: () => settings.get(),
    secrets,
    history,
    metrics: (record) => {
      history.recordMetrics(record);
      exports.push(record);
      alerts.observe(record);
    },
    titles: history,
    assistants,
    attachments: history.attachments,
    audit: (entry) => audit.write(entry),
    ratings: (since) => history.ratingsSince(since),
    onConversationChange: (change) => broadcaster.emit('history.changed', change),
    tools: mcp,
    // "Always for this tool": the next calls of it run without asking; every window is told.
    allowToolAlways: async (name) => {
      const allowed = settings.get().toolsAlwaysAllowed;
      if (allowed.includes(name)) return;
      settings.update({ toolsAlwaysAllowed: [...allowed, name] });
      await settingsChanged();
    },
  });
  const temp = new TempFiles(dataFiles(dataDir).temp);
  // What a window closed mid-download or an abandoned import left behind.
  await temp.sweep();
  const uploads = new ChunkedUploads(temp);
  const downloads = new ExportDownloads(temp);
  const handlers = createHandlers({
    info: { version, edition: options.edition, platform: process.platform },
    host: options.host,
    settings,
    secrets,
    secretsNotice: storageNotice,
    vault: secretsOpened.vault ?? null,
    notices: () => notices,
    hotkeyStatus: options.hotkeyStatus ?? (() => null),
    env,
    client,
    chat,
    history,
    assistants,
    uploads,
    attachments: history.attachments,
    ingest,
    downloads,
    broadcaster,
    linkHealth: client,
    alerts: alerts.monitor,
    metricsToken,
    metricsExport: exports,
    mcp,
    onChangedReady: (changed) => (settingsChanged = changed),
  });
  // Settings follows the failover chain's circuit breakers as they open and close.
  client.onHealthChange((view) => broadcaster.emit('routing.healthChanged', view));

  return {
    handlers,
    chat,
    settings,
    history,
    assistants,
    secrets,
    client,
    broadcaster,
    mcp,
    notices,
    async close() {
      for (const id of chat.activeIds()) chat.stop(id);
      await chat.settled();
      await client.close();
      await uploads.discardAll();
      await ingest.close?.();
      await downloads.discardAll();
      unsubscribe();
      unsubscribeMcp();
      await mcp.stopAll();
      alerts.close();
      await exports.close();
      history.close();
    },
  };
}
