import { z } from 'zod';

/** A backup of the conversation history, as the contract lists it (never keys: they are not in it). */
export interface BackupInfo {
  /** The backup's file name in the backups folder; what `backups.restore` takes. */
  id: string;
  /** ISO 8601. */
  createdAt: string;
  bytes: number;
  /** Conversations in it (not deleted), or null when the file could not be read. */
  conversations: number | null;
}

/** A backup file name as Parley writes them: no folders, nothing else. */
export const backupIdSchema = z
  .string()
  .max(120)
  .regex(
    /^history-(auto|manual|before-v\d+|before-restore)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z(-\d+)?\.sqlite$/,
    'Not a backup name.',
  );
