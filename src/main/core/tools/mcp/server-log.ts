import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A server's stderr, kept in the data folder (`mcp-logs/<name>.log`, one earlier file kept as
 * `.log.1` past MAX_LOG_BYTES) so a person can see why it failed. The last line is also kept in
 * memory for the status shown in Settings. Writing never throws: a full disk loses log lines only.
 */

const MAX_LOG_BYTES = 1024 * 1024;
const MAX_LAST_LINE = 500;

export class ServerLog {
  readonly file: string;
  #lastLine = '';
  #pending = '';
  /** The file's size as last known: read once, then counted, so a chatty server costs no stat per line. */
  #size: number | null = null;

  constructor(dir: string, name: string) {
    this.file = join(dir, `${name}.log`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      // Reported when a line cannot be written (never).
    }
  }

  /** The last non-empty line the server wrote, trimmed to a readable length. */
  get lastLine(): string {
    return this.#lastLine;
  }

  write(chunk: string): void {
    const lines = (this.#pending + chunk).split(/\r?\n/);
    this.#pending = lines.pop() ?? '';
    if (this.#pending.length > MAX_LAST_LINE * 8) this.#pending = this.#pending.slice(-MAX_LAST_LINE);
    for (const line of lines) if (line.trim()) this.#lastLine = line.trim().slice(0, MAX_LAST_LINE);
    this.#append(chunk);
  }

  /** A note of Parley's own (started, stopped, restarted), stamped. */
  note(text: string): void {
    this.#append(`[parley ${new Date().toISOString()}] ${text}\n`);
  }

  #append(text: string): void {
    try {
      this.#size ??= statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
      if (this.#size > MAX_LOG_BYTES) {
        renameSync(this.file, `${this.file}.1`);
        this.#size = 0;
      }
      appendFileSync(this.file, text, { mode: 0o600 });
      this.#size += Buffer.byteLength(text);
    } catch {
      // A log line lost to a full disk or a removed folder is not worth stopping a tool for; the
      // size is read again next time.
      this.#size = null;
    }
  }
}
