import { appendFileSync, renameSync, statSync } from 'node:fs';

/**
 * The content filters' audit log (`filter-audit.jsonl` in the data folder): one JSON line per
 * decision (when, which filter, which rule, kind or categories, what happened, in which
 * conversation), never the text that was flagged nor the secret found. Kept under a size cap (the
 * full file moves to `.1`, replacing the older one); a failed write is dropped, never a send.
 */

export interface AuditEntry {
  source: 'secret' | 'rule' | 'moderation' | 'provider';
  decision: 'held' | 'redacted' | 'sent-anyway' | 'flagged';
  conversationId: string | null;
  ruleId?: string;
  kind?: string;
  categories?: string[];
}

export const AUDIT_MAX_BYTES = 1024 * 1024;

export class AuditLog {
  readonly #file: string;
  readonly #maxBytes: number;
  readonly #now: () => Date;

  constructor(file: string, options: { maxBytes?: number; now?: () => Date } = {}) {
    this.#file = file;
    this.#maxBytes = options.maxBytes ?? AUDIT_MAX_BYTES;
    this.#now = options.now ?? (() => new Date());
  }

  write(entry: AuditEntry): void {
    const line = `${JSON.stringify({ time: this.#now().toISOString(), ...entry })}\n`;
    try {
      if (sizeOf(this.#file) + line.length > this.#maxBytes) renameSync(this.#file, `${this.#file}.1`);
      appendFileSync(this.#file, line, { mode: 0o600 });
    } catch {
      // A full disk or a read-only folder loses this line, not the message.
    }
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
