import { randomInt } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * One lock file per running history writer (`<dataDir>/runs/<id>.lock`), held with SQLite's
 * exclusive lock for as long as the run lasts. The operating system drops the lock the moment the
 * process dies — even while it lingers as a zombie or its pid is reused — so "is run N still
 * writing?" has an exact answer, which a pid does not give. A clean close deletes the file: a lock
 * file nobody holds is the mark of a run that did not end cleanly.
 */
export class RunLock {
  readonly id: number;
  readonly #file: string;
  readonly #db: DatabaseSync;

  private constructor(id: number, file: string, db: DatabaseSync) {
    this.id = id;
    this.#file = file;
    this.#db = db;
  }

  static acquire(dir: string): RunLock {
    mkdirSync(dir, { recursive: true });
    const id = randomInt(1, 2 ** 47);
    const file = join(dir, `${id}.lock`);
    const db = new DatabaseSync(file, { timeout: 0 });
    db.exec('PRAGMA journal_mode = MEMORY'); // the file is only a lock: no journal file beside it
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    return new RunLock(id, file, db);
  }

  /** The run ended cleanly: the lock is dropped and its file removed. */
  release(): void {
    try {
      this.#db.close();
    } finally {
      removeLock(this.#file);
    }
  }
}

/** Whether the run `id` is still alive (its lock is held by some process). */
export function runAlive(dir: string, id: number): boolean {
  if (!Number.isSafeInteger(id) || id <= 0) return false;
  const names = safeList(dir);
  if (!names.includes(`${id}.lock`)) return false;
  return held(join(dir, `${id}.lock`));
}

/** Whether any run other than `except` holds its lock now (another Parley process has the history open). */
export function otherRunAlive(dir: string, except: number): boolean {
  return safeList(dir).some((name) => {
    const match = /^(\d+)\.lock$/.exec(name);
    return match !== null && Number(match[1]) !== except && held(join(dir, name));
  });
}

/**
 * The runs that ended without closing (their lock file is there and nobody holds it); their files
 * are removed, so each unclean end is reported once.
 */
export function collectUncleanRuns(dir: string): number[] {
  const unclean: number[] = [];
  for (const name of safeList(dir)) {
    const match = /^(\d+)\.lock$/.exec(name);
    if (!match) continue;
    const file = join(dir, name);
    if (held(file)) continue;
    unclean.push(Number(match[1]));
    removeLock(file);
  }
  return unclean;
}

function removeLock(file: string): void {
  rmSync(file, { force: true });
  rmSync(`${file}-journal`, { force: true });
}

function held(file: string): boolean {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { timeout: 0 });
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch {
    return true;
  } finally {
    db?.close();
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
