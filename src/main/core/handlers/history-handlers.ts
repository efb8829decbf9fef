import type { ExportResult, ImportProgress } from '../../../shared/contract.ts';
import type { AppError } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { Handlers, Peer } from '../rpc/bind-contract.ts';
import type { HistoryService } from '../store/history-service.ts';
import type { Broadcaster } from './broadcaster.ts';
import type { ImportUploads } from './import-uploads.ts';

type HistoryHandlers = Pick<Handlers, Extract<keyof Handlers, `history.${string}` | `backups.${string}`>>;

type ImportCounts = Pick<
  ImportProgress,
  'bytesRead' | 'conversationsRead' | 'conversationsAdded' | 'messagesAdded'
>;

const mimeTypes = { md: 'text/markdown; charset=utf-8', json: 'application/json' } as const;

/** Conversation history and its backups through the contract; every change is announced to every window. */
export function historyHandlers(deps: {
  history: HistoryService;
  uploads: ImportUploads;
  broadcaster: Broadcaster;
}): HistoryHandlers {
  const { history, uploads, broadcaster } = deps;
  const announce = (conversationId: string | null, reason: 'updated' | 'deleted' | 'restored' | 'imported') =>
    broadcaster.emit('history.changed', { conversationId, reason });

  const runImport = async (importId: string, file: string, totalBytes: number, peer: Peer) => {
    const progress = (p: ImportCounts, done: boolean, error: AppError | null = null) =>
      peer.send('history.importProgress', {
        importId,
        totalBytes,
        bytesRead: p.bytesRead,
        conversationsRead: p.conversationsRead,
        conversationsAdded: p.conversationsAdded,
        messagesAdded: p.messagesAdded,
        done,
        error,
      });
    try {
      const result = await history.importChatGpt(file, { onProgress: (p) => progress(p, false) });
      progress(
        { ...result, conversationsAdded: result.conversationsAdded + result.conversationsUpdated },
        true,
      );
      announce(null, 'imported');
    } catch (error) {
      const appError =
        error instanceof ParleyError
          ? error.toJSON()
          : { code: 'storage' as const, message: 'The import failed. Nothing was half-imported; try again.' };
      progress(
        { bytesRead: 0, conversationsRead: 0, conversationsAdded: 0, messagesAdded: 0 },
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
    'history.rename': ({ conversationId, title }) => {
      const summary = history.rename(conversationId, title);
      announce(conversationId, 'updated');
      return summary;
    },
    'history.pin': ({ conversationId, pinned }) => {
      const summary = history.setPinned(conversationId, pinned);
      announce(conversationId, 'updated');
      return summary;
    },
    'history.delete': ({ conversationId }) => {
      history.delete(conversationId);
      announce(conversationId, 'deleted');
      return { deleted: true };
    },
    'history.restore': ({ conversationId }) => {
      const summary = history.undoDelete(conversationId);
      announce(conversationId, 'restored');
      return summary;
    },
    'history.setLeaf': ({ conversationId, messageId }) => {
      history.setCurrentLeaf(conversationId, messageId);
      return { ok: true };
    },
    'history.deleteMessage': ({ conversationId, messageId }) => {
      const result = history.deleteMessage(conversationId, messageId);
      announce(conversationId, 'updated');
      return result;
    },
    'history.search': (input) => history.search(input),
    'history.export': ({ conversationId, format }): ExportResult => {
      const title = history.open(conversationId).title;
      return {
        fileName: `${safeFileName(title)}.${format}`,
        mimeType: mimeTypes[format],
        content: history.exportConversation(conversationId, format),
      };
    },
    'backups.list': () => history.backups.list(),
    'backups.create': () => history.backups.create('manual'),
    'backups.restore': async ({ id }) => {
      await history.backups.restore(id);
      announce(null, 'restored');
      return { restored: true };
    },
    'history.importBegin': ({ fileName, totalBytes }) => ({ importId: uploads.begin(fileName, totalBytes) }),
    'history.importChunk': async ({ importId, offset, data }) => ({
      received: await uploads.chunk(importId, offset, data),
    }),
    'history.importFinish': ({ importId }, { peer }) => {
      const { file, totalBytes } = uploads.finish(importId);
      void runImport(importId, file, totalBytes, peer);
      return { importId };
    },
  };
}

/** A title as a file name on every OS: no path separators or reserved characters, not empty. */
export function safeFileName(title: string): string {
  const cleaned = title
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/[. ]+$/, '');
  return cleaned || 'conversation';
}
