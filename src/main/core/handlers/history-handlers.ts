import type {
  ExportAllResult,
  ExportResult,
  HistoryChange,
  ImportProgress,
} from '../../../shared/contract.ts';
import type { ConversationSummary } from '../../../shared/history.ts';
import { summaryOf } from '../../../shared/history.ts';
import type { AppError } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { Handlers, Peer } from '../rpc/bind-contract.ts';
import { safeFileName } from '../store/safe-file-name.ts';
import type { HistoryService } from '../store/history-service.ts';
import type { ExportDownloads } from './export-downloads.ts';
import type { Broadcaster } from './broadcaster.ts';
import type { ChunkedUploads } from './chunked-uploads.ts';
import { chatGptImportUpload } from './upload-policies.ts';
import { rateAnswer } from '../chat/answer-ratings.ts';

type HistoryHandlers = Pick<
  Handlers,
  Extract<keyof Handlers, `history.${string}` | `backups.${string}` | `usage.${string}`>
>;

type ImportCounts = Pick<
  ImportProgress,
  'bytesRead' | 'conversationsRead' | 'conversationsAdded' | 'conversationsUnchanged' | 'messagesAdded'
>;

const mimeTypes = {
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
  'md-zip': 'application/zip',
} as const;
const allExtensions = { 'md-zip': '.zip', json: '.json' } as const;

/** Conversation history and its backups through the contract; every change is announced to every window. */
export function historyHandlers(deps: {
  history: HistoryService;
  uploads: ChunkedUploads;
  downloads: ExportDownloads;
  broadcaster: Broadcaster;
}): HistoryHandlers {
  const { history, uploads, downloads, broadcaster } = deps;
  const announce = (
    conversationId: string | null,
    reason: HistoryChange['reason'],
    summary: ConversationSummary | null = null,
  ) => broadcaster.emit('history.changed', { conversationId, reason, summary });
  /** A change to one conversation, told with the summary every window's list shows. */
  const changed = <T extends ConversationSummary>(conversation: T, reason: 'updated' | 'restored'): T => {
    announce(conversation.id, reason, summaryOf(conversation));
    return conversation;
  };

  const runImport = async (importId: string, file: string, totalBytes: number, peer: Peer) => {
    const progress = (p: ImportCounts, done: boolean, error: AppError | null = null) =>
      peer.send('history.importProgress', {
        importId,
        totalBytes,
        bytesRead: p.bytesRead,
        conversationsRead: p.conversationsRead,
        conversationsAdded: p.conversationsAdded,
        conversationsUnchanged: p.conversationsUnchanged,
        messagesAdded: p.messagesAdded,
        done,
        error,
      });
    try {
      const result = await history.importChatGpt(file, {
        onProgress: (p) => progress({ ...p, conversationsUnchanged: 0 }, false),
      });
      progress(
        { ...result, conversationsAdded: result.conversationsAdded + result.conversationsUpdated },
        true,
      );
      announce(null, 'imported');
    } catch (error) {
      const appError =
        error instanceof ParleyError
          ? error.toJSON()
          : {
              code: 'storage' as const,
              message: 'The import failed. Nothing was half-imported; try again.',
              reason: 'import_failed' as const,
            };
      progress(
        {
          bytesRead: 0,
          conversationsRead: 0,
          conversationsAdded: 0,
          conversationsUnchanged: 0,
          messagesAdded: 0,
        },
        true,
        appError,
      );
    } finally {
      await uploads.discard(importId);
    }
  };

  return {
    'history.list': (input) => history.list(input),
    'history.open': ({ conversationId }) => history.open(conversationId),
    'history.rename': ({ conversationId, title }) =>
      changed(history.rename(conversationId, title), 'updated'),
    'history.pin': ({ conversationId, pinned }) =>
      changed(history.setPinned(conversationId, pinned), 'updated'),
    'history.delete': ({ conversationId }) => {
      history.delete(conversationId);
      announce(conversationId, 'deleted');
      return { deleted: true };
    },
    'history.archive': ({ conversationId, archived }) =>
      changed(history.setArchived(conversationId, archived), 'updated'),
    'history.restore': ({ conversationId }) => changed(history.undoDelete(conversationId), 'restored'),
    'history.rate': ({ messageId, rating }) => {
      const rated = rateAnswer(history, messageId, rating);
      // Every window showing the conversation shows the rating too.
      changed(history.open(rated.conversationId), 'updated');
      return rated;
    },
    'history.setLeaf': ({ conversationId, messageId }) => {
      history.setCurrentLeaf(conversationId, messageId);
      return { ok: true };
    },
    'history.chooseAnswer': ({ conversationId, messageId }) => {
      history.showComparedAnswer(conversationId, messageId, true);
      return changed(history.open(conversationId), 'updated');
    },
    // The store owns which branch is shown after a delete; the caller gets it back as it now is.
    'history.deleteMessage': ({ conversationId, messageId }) => {
      const { deleted } = history.deleteMessage(conversationId, messageId);
      return { deleted, conversation: changed(history.open(conversationId), 'updated') };
    },
    'history.settings': ({ conversationId }) => history.settingsOf(conversationId),
    'history.updateSettings': ({ conversationId, ...patch }) => {
      const settings = history.updateSettings(conversationId, patch);
      changed(history.open(conversationId), 'updated');
      return settings;
    },
    'history.search': (input) => history.searchConversations(input),
    'usage.summary': (input) => history.usageSummary(input),
    'history.searchConversation': (input) => history.search(input),
    'history.export': ({ conversationId, format }): ExportResult => {
      const title = history.open(conversationId).title;
      return {
        fileName: `${safeFileName(title)}.${format}`,
        mimeType: mimeTypes[format],
        content: history.exportConversation(conversationId, format),
      };
    },
    'history.exportAll': async ({ format }): Promise<ExportAllResult> => {
      const ext = allExtensions[format];
      let conversations = 0;
      const { id, totalBytes } = await downloads.create(ext, async (file) => {
        conversations = (await history.exportAll(format, file)).conversations;
      });
      const day = new Date().toISOString().slice(0, 10);
      return {
        exportId: id,
        fileName: `parley-history-${day}${ext}`,
        mimeType: mimeTypes[format],
        totalBytes,
        conversations,
      };
    },
    'history.exportChunk': ({ exportId, offset }) => downloads.chunk(exportId, offset),
    'backups.list': () => history.backups.list(),
    'backups.create': () => history.backups.create('manual'),
    'backups.restore': async ({ id }) => {
      await history.backups.restore(id);
      announce(null, 'restored');
      return { restored: true };
    },
    'history.importBegin': ({ fileName, totalBytes }) => ({
      importId: uploads.begin(chatGptImportUpload, fileName, totalBytes),
    }),
    'history.importChunk': async ({ importId, offset, data }) => ({
      received: await uploads.chunk(chatGptImportUpload, importId, offset, data),
    }),
    'history.importFinish': async ({ importId }, { peer }) => {
      const { file, totalBytes } = await uploads.finish(chatGptImportUpload, importId);
      void runImport(importId, file, totalBytes, peer);
      return { importId };
    },
  };
}
