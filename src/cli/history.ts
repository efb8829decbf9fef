import { exportAllFormats, exportFormats } from '../shared/history.ts';
import type { ExportAllFormat, ExportFormat, SearchGroup, SnippetPart } from '../shared/history.ts';
import { defaultDataDir } from '../main/core/paths.ts';
import { openHistory } from '../main/core/store/history-service.ts';
import type { HistoryService } from '../main/core/store/history-service.ts';
import type { CommandIo } from './io.ts';
import { withPlainErrors } from './io.ts';
import { historyUsage } from './usage.ts';

/** Opens the history in the data folder (PARLEY_DATA_DIR or the platform's), runs `use`, closes it. */
export async function withHistory<T>(
  io: CommandIo,
  use: (history: HistoryService) => Promise<T> | T,
): Promise<T> {
  const { history, notices } = await openHistory({
    dataDir: defaultDataDir({ env: io.env }),
    autoBackupEveryMs: null,
  });
  for (const notice of notices) io.stderr(`${notice.message}\n`);
  try {
    return await use(history);
  } finally {
    history.close();
  }
}

export function runHistoryCommand(args: string[], io: CommandIo): Promise<number> {
  return withPlainErrors(io, async () => {
    const [action, ...rest] = args;
    switch (action) {
      case 'stats':
        return withHistory(io, (history) => {
          const stats = history.stats();
          io.stdout(`conversations: ${stats.conversations}\nmessages: ${stats.messages}\n`);
          return 0;
        });
      case 'list':
        return list(rest, io);
      case 'search': {
        const query = rest.join(' ').trim();
        if (!query) return usage(io);
        return withHistory(io, (history) => {
          const groups = history.searchConversations({ query, limit: 50 });
          for (const group of groups) io.stdout(`${searchLine(group, io.stdoutIsTTY)}\n`);
          if (groups.length === 0) io.stderr(`Nothing found for "${query}".\n`);
          return 0;
        });
      }
      case 'export':
        return rest[0] === '--all' ? exportAll(rest, io) : exportOne(rest, io);
      case 'archive':
      case 'unarchive': {
        const [id] = rest;
        if (!id || rest.length !== 1) return usage(io);
        return withHistory(io, (history) => {
          history.setArchived(id, action === 'archive');
          io.stdout(`${action === 'archive' ? 'Archived' : 'Unarchived'} ${id}.\n`);
          return 0;
        });
      }
      default:
        return usage(io);
    }
  });
}

async function list(args: string[], io: CommandIo): Promise<number> {
  let limit = Infinity;
  let includeArchived = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--all') includeArchived = true;
    else if (args[i] === '--limit' && /^\d+$/.test(args[i + 1] ?? '')) limit = Number(args[++i]);
    else return usage(io);
  }
  return withHistory(io, (history) => {
    let cursor: string | null = null;
    let shown = 0;
    do {
      const page = history.list({ limit: Math.min(500, limit - shown), cursor, includeArchived });
      for (const c of page.items) io.stdout(`${c.id}\t${oneLine(c.title) || '(untitled)'}\n`);
      shown += page.items.length;
      cursor = page.nextCursor;
    } while (cursor && shown < limit);
    return 0;
  });
}

async function exportOne(args: string[], io: CommandIo): Promise<number> {
  const [id, flag, format] = args;
  if (!id || flag !== '--format' || !exportFormats.includes(format as ExportFormat) || args.length !== 3) {
    return usage(io);
  }
  return withHistory(io, (history) => {
    io.stdout(history.exportConversation(id, format as ExportFormat));
    return 0;
  });
}

/** `export --all --format md-zip|json --out FILE`: every conversation, archived ones too, streamed to FILE. */
async function exportAll(args: string[], io: CommandIo): Promise<number> {
  const [, formatFlag, format, outFlag, file] = args;
  if (
    formatFlag !== '--format' ||
    !exportAllFormats.includes(format as ExportAllFormat) ||
    outFlag !== '--out' ||
    !file ||
    args.length !== 5
  ) {
    return usage(io);
  }
  return withHistory(io, async (history) => {
    const { conversations } = await history.exportAll(format as ExportAllFormat, file);
    io.stdout(`Exported ${conversations} conversations to ${file}.\n`);
    return 0;
  });
}

function usage(io: CommandIo): number {
  io.stderr(`Usage:\n${historyUsage}\n`);
  return 2;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * One conversation: id, title, its best snippet, and how many more messages match (when any),
 * tab-separated. Matches are marked as `renderSnippet` marks them.
 */
function searchLine(group: SearchGroup, terminal: boolean): string {
  const title = group.titleMatch ? renderSnippet(group.titleMatch, terminal) : group.title;
  const more = group.hitCount > 1 ? `\t${group.hitCount - 1} more` : '';
  const snippet = group.best ? renderSnippet(group.best.snippet, terminal) : '';
  return `${group.conversationId}\t${oneLine(title)}\t${snippet}${more}`;
}

/** Matches in bold on a terminal, in [brackets] when piped. */
export function renderSnippet(parts: SnippetPart[], terminal: boolean): string {
  return parts
    .map((p) =>
      p.match ? (terminal ? `\u001b[1m${p.text}\u001b[22m` : `[${p.text}]`) : p.text.replace(/\t/g, ' '),
    )
    .join('');
}
