import { defaultDataDir } from '../main/core/paths.ts';
import type { HistoryService } from '../main/core/store/history-service.ts';
import type { AskDeps, SavedHistory } from './ask.ts';
import type { CommandIo } from './io.ts';
import { readSettings } from './read-settings.ts';
import { openAssistants } from './assistant.ts';

/** What `parley ask` uses in a real process: the data folder's settings, keychain and history. */
export function askDeps(io: CommandIo): AskDeps {
  const dataDir = defaultDataDir({ env: io.env });
  return {
    settings: () => readSettings(dataDir, io),
    assistants: () => openAssistants(io),
    secrets: async () => {
      const { openCliSecretStore } = await import('./cli-secrets.ts');
      return (await openCliSecretStore(io, { dataDir })).store;
    },
    openHistory: async () => {
      const { openHistory } = await import('../main/core/store/history-service.ts');
      const { history, notices } = await openHistory({ dataDir, autoBackupEveryMs: null });
      for (const notice of notices) io.stderr(`${notice.message}\n`);
      return savedHistory(history);
    },
  };
}

function savedHistory(history: HistoryService): SavedHistory {
  return {
    store: history,
    recordMetrics: (record) => history.recordMetrics(record),
    attachments: history.attachments,
    mostRecentConversation: () => mostRecentConversation(history),
    close: () => history.close(),
  };
}

/** The conversation updated last (pinned ones are listed first, so look past them). */
function mostRecentConversation(history: HistoryService): string | null {
  let best: { id: string; updatedAt: number } | null = null;
  let cursor: string | null = null;
  do {
    const page = history.list({ limit: 100, cursor });
    for (const item of page.items) if (!best || item.updatedAt > best.updatedAt) best = item;
    if (page.items.some((item) => !item.pinned)) break;
    cursor = page.nextCursor;
  } while (cursor);
  return best?.id ?? null;
}
