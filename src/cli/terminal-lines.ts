import { createInterface, type Interface } from 'node:readline';
import type { CommandIo } from './io.ts';

/**
 * Lines typed on standard input, one at a time, for questions asked while an answer streams. One
 * reader for the whole command (a reader per question would lose what the next one was sent); made
 * when first asked, closed with `close()`, after which every question gets `null`.
 */
export class TerminalLines {
  readonly #io: CommandIo;
  #reader: Interface | null = null;
  readonly #typed: string[] = [];
  readonly #waiting: ((line: string | null) => void)[] = [];
  #closed = false;

  constructor(io: CommandIo) {
    this.#io = io;
  }

  /** Asks on standard error and waits for the next line (null: standard input ended or was closed). */
  ask(question: string): Promise<string | null> {
    this.#io.stderr(question);
    const typed = this.#typed.shift();
    if (typed !== undefined) return Promise.resolve(typed);
    if (this.#closed) return Promise.resolve(null);
    this.#open();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  close(): void {
    this.#reader?.close();
    this.#end();
  }

  #open(): void {
    if (this.#reader) return;
    this.#reader = createInterface({ input: this.#io.stdin, terminal: false });
    this.#reader.on('line', (line) => {
      const waiting = this.#waiting.shift();
      if (waiting) waiting(line);
      else this.#typed.push(line);
    });
    this.#reader.on('close', () => this.#end());
  }

  #end(): void {
    this.#closed = true;
    for (const waiting of this.#waiting.splice(0)) waiting(null);
  }
}
