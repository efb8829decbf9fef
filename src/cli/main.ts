import { defaultDataDir } from '../main/core/paths.ts';
import { openSecretStore } from '../main/core/secrets/open-secret-store.ts';
import { recordExchange, type ExchangeRecorder } from '../main/core/store/exchange-recorder.ts';
import { openHistory } from '../main/core/store/history-service.ts';
import type { ModelRef } from '../shared/providers.ts';
import { askUsage, runAskCommand, type AskDeps } from './ask.ts';
import { backupUsage, runBackupCommand } from './backup.ts';
import { historyUsage, processIo, runHistoryCommand, type CommandIo } from './history.ts';
import { importUsage, runImportCommand } from './import.ts';
import { keyUsage, runKeyCommand } from './key.ts';

/**
 * The `parley` command: a dispatcher over one module per command. To add a command, add one row to
 * `commands` (its usage text and how to run it); everything else here stays as it is.
 */

export interface CliDeps {
  ask?: AskDeps;
}

interface Command {
  usage: string;
  run(args: string[], io: CommandIo, deps: CliDeps): Promise<number>;
}

export const commands: Record<string, Command> = {
  ask: { usage: askUsage, run: (args, io, deps) => runAskCommand(args, io, deps.ask) },
  key: { usage: keyUsage, run: (args, io) => runKeyCommand(args, io) },
  history: { usage: historyUsage, run: (args, io) => runHistoryCommand(args, io) },
  import: { usage: importUsage, run: (args, io) => runImportCommand(args, io) },
  backup: { usage: backupUsage, run: (args, io) => runBackupCommand(args, io) },
};

function usage(): string {
  return `Usage:\n${Object.values(commands)
    .map((command) => command.usage)
    .join('\n\n')}\n`;
}

/** Runs `parley ARGS...` and returns the exit status (0 done, 1 failed, 2 usage error). */
export async function main(argv: string[], io: CommandIo, deps: CliDeps = {}): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    if (name === undefined) {
      io.stderr(usage());
      return 2;
    }
    io.stdout(usage());
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return command.run(args, io, deps);
}

/** The real process: its streams and environment, the OS keychain, and Ctrl-C to stop an answer. */
export async function runFromProcess(): Promise<number> {
  const io = processIo();
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', stop);
  // `parley ask ... | head`: a closed pipe ends the answer quietly instead of crashing.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') controller.abort();
  });
  const dataDir = defaultDataDir({ env: io.env });
  const secrets = async () => (await openSecretStore({ dataDir })).store;
  try {
    return await main(process.argv.slice(2), io, {
      ask: { secrets, record: historyRecorder(io, dataDir), signal: controller.signal },
    });
  } finally {
    process.off('SIGINT', stop);
  }
}

/** Saves a `parley ask` exchange to the history in the data folder, closing it when the answer ends. */
function historyRecorder(io: CommandIo, dataDir: string) {
  return async (init: { prompt: string; model: ModelRef }): Promise<ExchangeRecorder> => {
    const { history, notices } = await openHistory({ dataDir, autoBackupEveryMs: null });
    for (const notice of notices) io.stderr(`${notice.message}\n`);
    try {
      const recorder = recordExchange(history, init);
      return {
        ...recorder,
        finish(result) {
          try {
            recorder.finish(result);
          } finally {
            history.close();
          }
        },
      };
    } catch (error) {
      history.close();
      throw error;
    }
  };
}
