import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { CommandIo } from './io.ts';

/** One line from the terminal without echoing it (a passphrase): the prompt goes to stderr, the typing nowhere. */
export async function readHidden(io: CommandIo, prompt: string): Promise<string> {
  io.stderr(prompt);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: io.stdin, output: silent, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      reader.once('line', resolve);
      reader.once('close', () => resolve(''));
    });
  } finally {
    reader.close();
    io.stderr('\n');
  }
}
