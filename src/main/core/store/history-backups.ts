import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { BackupInfo } from '../../../shared/backups.ts';
import { backupIdSchema } from '../../../shared/backups.ts';
import { ParleyError } from '../../../shared/errors.ts';
import { checkRestorable, describeBackup, listBackups, rotateBackups, writeBackup } from './backups.ts';
import type { BackupFile } from './backups.ts';
import { moveDatabaseAside } from './history-db.ts';
import type { HistoryNotice } from './history-notices.ts';
import { backupFailedNotice } from './history-notices.ts';
import { checkIntegrityInBackground } from './integrity-check.ts';
import {
  attachmentIdsIn,
  attachmentPool,
  copyAttachments,
  prunePool,
  storedIds,
} from './attachment-backups.ts';

export interface HistoryBackupsDeps {
  backupsDir: string;
  /** The live history file. */
  file: string;
  /** The live attachments folder (a backup keeps the files it refers to: attachment-backups.ts). */
  attachmentsDir: string;
  now: () => Date;
  /** How many automatic backups to keep. */
  keep: number;
  /** The open database, its buffered text written first. */
  db: () => DatabaseSync;
  /** Another process has the history open (a restore under it would be lost). */
  othersOpen: () => boolean;
  /** Closes the open database, runs `install` on the closed file, opens it again. */
  replace: (install: () => void) => HistoryNotice[];
}

/** Backups of the history: listed, made, restored (what the Settings page, the contract and the CLI use). */
export class HistoryBackups {
  readonly #deps: HistoryBackupsDeps;

  constructor(deps: HistoryBackupsDeps) {
    this.#deps = deps;
  }

  list(): BackupInfo[] {
    return listBackups(this.#deps.backupsDir).map(describeBackup);
  }

  async create(kind: BackupFile['kind'] = 'manual'): Promise<BackupInfo> {
    const { backupsDir, now, keep } = this.#deps;
    const file = await writeBackup(this.#deps.db(), backupsDir, kind, now());
    this.#keepAttachments(file);
    if (kind === 'auto' && rotateBackups(backupsDir, 'auto', keep).length > 0) {
      prunePool(
        attachmentPool(backupsDir),
        listBackups(backupsDir).map((b) => b.file),
      );
    }
    const made = listBackups(backupsDir).find((b) => b.file === file);
    if (!made)
      throw new ParleyError({ code: 'storage', message: 'The backup was written but then disappeared.' });
    return describeBackup(made);
  }

  /**
   * Replaces the whole history with the backup `id` (a file name from `list`). The backup is checked
   * first; the current history is kept before it is replaced — as a `before-restore` backup, or, when
   * it cannot be copied (a damaged file), moved aside as it is — so a restore never loses it.
   */
  async restore(id: string): Promise<{ keptAt: string; notices: HistoryNotice[] }> {
    const { backupsDir, file, now } = this.#deps;
    const name = backupIdSchema.safeParse(id);
    const source = name.success ? join(backupsDir, name.data) : null;
    if (!source || !existsSync(source)) {
      throw new ParleyError({
        code: 'not_found',
        message: 'There is no backup with that name. Your current history was not changed.',
      });
    }
    checkRestorable(source);
    if (this.#deps.othersOpen()) {
      throw new ParleyError({
        code: 'invalid_input',
        message:
          'Parley is open in another window or process. Restore from its Settings, or quit it first. Your current history was not changed.',
      });
    }
    let keptAt: string | null = null;
    try {
      keptAt = await writeBackup(this.#deps.db(), backupsDir, 'before-restore', now());
    } catch {
      keptAt = null; // copied below, by moving the file itself aside
    }
    // Every attachment file there is now, so the history kept before the restore keeps them too.
    const pool = attachmentPool(backupsDir);
    copyAttachments(this.#deps.attachmentsDir, pool, storedIds(this.#deps.attachmentsDir));
    const notices = this.#deps.replace(() => {
      if (keptAt === null) keptAt = moveDatabaseAside(file, 'before-restore', now());
      for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
      const temp = `${file}.restoring`;
      copyFileSync(source, temp);
      renameSync(temp, file);
      // What the backup refers to and the live folder lacks; a file the pool lacks stays missing
      // (its messages show it as missing).
      copyAttachments(pool, this.#deps.attachmentsDir, attachmentIdsIn(file) ?? []);
    });
    return { keptAt: keptAt ?? file, notices };
  }

  /** Puts in the pool the attachment files the backup `file` refers to. */
  #keepAttachments(file: string): void {
    const ids = attachmentIdsIn(file) ?? [];
    copyAttachments(this.#deps.attachmentsDir, attachmentPool(this.#deps.backupsDir), ids);
  }

  /**
   * Background upkeep after open: SQLite's integrity check on a worker thread — at once when the
   * last run did not end cleanly, else on the automatic-backup cadence — then a backup with rotation.
   * Damage is repaired (and reported by `repair`), and no automatic backup is taken of it. Never rejects.
   */
  async maintain(options: {
    everyMs: number | null;
    /** The last run did not close cleanly: check now, whatever the cadence. */
    force: boolean;
    hasConversations: () => boolean;
    closed: () => boolean;
    repair: () => HistoryNotice;
    report: (notice: HistoryNotice) => void;
  }): Promise<HistoryNotice[]> {
    const notices: HistoryNotice[] = [];
    try {
      const due = (): boolean => {
        if (options.everyMs === null || !options.hasConversations()) return false;
        const newest = listBackups(this.#deps.backupsDir).find((b) => b.kind === 'auto');
        return !newest || this.#deps.now().getTime() - newest.createdAt >= options.everyMs;
      };
      if (!options.force && !due()) return notices;
      const problems = await checkIntegrityInBackground(this.#deps.file);
      if (options.closed()) return notices;
      if (problems.length > 0) {
        notices.push(options.repair());
        return notices;
      }
      if (due()) await this.create('auto');
    } catch (error) {
      if (options.closed()) return notices;
      const notice = backupFailedNotice(error);
      notices.push(notice);
      options.report(notice);
    }
    return notices;
  }
}
