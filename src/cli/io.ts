import { CliUsageError } from './args.ts';
import type { Readable } from 'node:stream';
import { ParleyError } from '../shared/errors.ts';

/** What a command needs from its process; `processIo()` for the real one, tests pass their own. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin: Readable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** Whether standard error is a terminal (progress bars); absent: it is not. */
  stderrIsTTY?: boolean;
  env: Record<string, string | undefined>;
}

export function processIo(): CommandIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
  };
}

/** Standard input, whole, as text (a prompt or a key piped in). */
export async function readAll(io: CommandIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs a command; a ParleyError becomes its plain-words message on stderr and exit code 1. */
export async function withPlainErrors(io: CommandIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ParleyError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** As withPlainErrors, and a command line it cannot read is told with its usage: exit status 2. */
export function withUsageErrors(io: CommandIo, usage: string, run: () => Promise<number>): Promise<number> {
  return withPlainErrors(io, async () => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof CliUsageError)) throw error;
      io.stderr(`${error.message}\n\nUsage:\n${usage}\n`);
      return 2;
    }
  });
}
