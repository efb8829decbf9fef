import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** `2024-05-01T12-30-05-123Z`: sortable, and legal in file names everywhere. */
export function fileTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Renames `file` to `name.<label>-<timestamp>.ext` beside it, so nothing unreadable is ever
 * overwritten. Returns the new path, or null when there was nothing to move.
 */
export function moveAside(file: string, label: string, date: Date = new Date()): string | null {
  if (!existsSync(file)) return null;
  const ext = extname(file);
  const stem = basename(file, ext);
  let target = join(dirname(file), `${stem}.${label}-${fileTimestamp(date)}${ext}`);
  for (let n = 2; existsSync(target); n++) {
    target = join(dirname(file), `${stem}.${label}-${fileTimestamp(date)}-${n}${ext}`);
  }
  renameSync(file, target);
  return target;
}

/** Write to a temporary file, flush it to disk, then rename over the target: readers see old or new, never half. */
export function writeFileAtomic(file: string, content: string, mode = 0o644): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
