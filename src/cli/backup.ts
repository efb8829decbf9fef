import type { BackupInfo } from '../shared/backups.ts';
import { withHistory } from './history.ts';
import type { CommandIo } from './io.ts';
import { withPlainErrors } from './io.ts';
import { backupUsage } from './usage.ts';

/** `parley backup`: the same backups as Settings > Data and the contract's backups.* requests. */
export function runBackupCommand(args: string[], io: CommandIo): Promise<number> {
  return withPlainErrors(io, async () => {
    const [action, ...rest] = args;
    if (action === 'list' && rest.length === 0) {
      return withHistory(io, (history) => {
        const backups = history.backups.list();
        for (const backup of backups) io.stdout(`${line(backup)}\n`);
        if (backups.length === 0)
          io.stderr('There are no backups yet. Make one with: parley backup create\n');
        return 0;
      });
    }
    if (action === 'create' && rest.length === 0) {
      return withHistory(io, async (history) => {
        io.stdout(`${line(await history.backups.create('manual'))}\n`);
        return 0;
      });
    }
    if (action === 'restore' && rest.length === 1) {
      return withHistory(io, async (history) => {
        const { keptAt } = await history.backups.restore(rest[0]!);
        io.stdout(`Restored ${rest[0]}. The history it replaced was kept as ${keptAt}.\n`);
        return 0;
      });
    }
    io.stderr(`Usage:\n${backupUsage}\n`);
    return 2;
  });
}

function line(backup: BackupInfo): string {
  const n = backup.conversations;
  const conversations = n === null ? 'unreadable' : `${n} conversation${n === 1 ? '' : 's'}`;
  return `${backup.id}\t${backup.createdAt}\t${formatBytes(backup.bytes)}\t${conversations}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
