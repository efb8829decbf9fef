import { readFileSync } from 'node:fs';
import type { AskDeps } from './ask.ts';
import type { BatchDeps } from './batch.ts';
import { processIo, type CommandIo } from './io.ts';
import { holdYoungGeneration } from './steady-heap.ts';
import {
  askUsage,
  assistantUsage,
  batchUsage,
  backupUsage,
  historyUsage,
  importUsage,
  keyUsage,
  providerUsage,
  metricsUsage,
  mcpUsage,
  statsUsage,
} from './usage.ts';

/**
 * The `parley` command: a dispatcher over one module per command, each loaded only when it runs
 * (so `parley ask` never loads the importer). To add a command, add one row to `commands` (its
 * usage text and how to load and run it); everything else here stays as it is.
 */

export interface CliDeps {
  /** Overrides of what `parley ask` gets from the process (tests). */
  ask?: Partial<AskDeps>;
  /** Ctrl-C for `parley batch`: the first stops taking lines, the second cancels the running ones. */
  batch?: Pick<BatchDeps, 'stop' | 'cancel'>;
}

interface Command {
  usage: string;
  run(args: string[], io: CommandIo, deps: CliDeps): Promise<number>;
  /** A second Ctrl-C cancels work the command then winds down itself (else it ends the process). */
  gracefulCancel?: boolean;
  /** The command runs long at a steady pace, so its heap is held steady (steady-heap.ts). */
  steadyHeap?: boolean;
}

export const commands: Record<string, Command> = {
  ask: {
    usage: askUsage,
    run: async (args, io, deps) => {
      const [{ runAskCommand }, { askDeps }] = await Promise.all([
        import('./ask.ts'),
        import('./ask-deps.ts'),
      ]);
      return runAskCommand(args, io, { ...askDeps(io), ...deps.ask });
    },
  },
  batch: {
    usage: batchUsage,
    gracefulCancel: true,
    steadyHeap: true,
    run: async (args, io, deps) => {
      const [{ runBatchCommand }, { askDeps }] = await Promise.all([
        import('./batch.ts'),
        import('./ask-deps.ts'),
      ]);
      const { settings, secrets } = { ...askDeps(io), ...deps.ask };
      return runBatchCommand(args, io, { settings, secrets, ...deps.batch });
    },
  },
  assistant: {
    usage: assistantUsage,
    run: async (args, io) => (await import('./assistant.ts')).runAssistantCommand(args, io),
  },
  key: {
    usage: keyUsage,
    run: async (args, io) => (await import('./key.ts')).runKeyCommand(args, io),
  },
  provider: {
    usage: providerUsage,
    run: async (args, io) => (await import('./provider.ts')).runProviderCommand(args, io),
  },
  history: {
    usage: historyUsage,
    run: async (args, io) => (await import('./history.ts')).runHistoryCommand(args, io),
  },
  import: {
    usage: importUsage,
    run: async (args, io) => (await import('./import.ts')).runImportCommand(args, io),
  },
  backup: {
    usage: backupUsage,
    run: async (args, io) => (await import('./backup.ts')).runBackupCommand(args, io),
  },
  metrics: {
    usage: metricsUsage,
    // Ctrl-C (the same signal that stops an answer) stops serving.
    run: async (args, io, deps) =>
      (await import('./metrics.ts')).runMetricsCommand(args, io, deps.ask?.signal),
  },
  mcp: {
    usage: mcpUsage,
    run: async (args, io) => (await import('./mcp.ts')).runMcpCommand(args, io),
  },
  stats: {
    usage: statsUsage,
    run: async (args, io) => (await import('./stats.ts')).runStatsCommand(args, io),
  },
};

function usage(): string {
  return `Usage:\n${Object.values(commands)
    .map((command) => command.usage)
    .join('\n\n')}\n\nparley --version   the version of Parley\n`;
}

/** Parley's version, from the package (two folders up from this file, in the sources and the build). */
export function version(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/** Runs `parley ARGS...` and returns the exit status (0 done, 1 failed, 2 usage error). */
export async function main(argv: string[], io: CommandIo, deps: CliDeps = {}): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-V') {
    io.stdout(`parley ${version()}\n`);
    return 0;
  }
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

/**
 * The real process: its streams and environment, and Ctrl-C to stop an answer (a second Ctrl-C ends
 * the process, or for `parley batch` cancels the running lines; a third ends it).
 */
export async function runFromProcess(): Promise<number> {
  const io = processIo();
  const controller = new AbortController();
  const cancel = new AbortController();
  const name = process.argv[2] ?? '';
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  const graceful = command?.gracefulCancel === true;
  if (command?.steadyHeap) holdYoungGeneration();
  const stop = (): void => {
    if (!controller.signal.aborted) controller.abort();
    else if (graceful && !cancel.signal.aborted) cancel.abort();
    else process.exit(130);
  };
  process.on('SIGINT', stop);
  // `parley ask ... | head`: whoever reads has all they want. The answer stops, and nothing more is
  // said: no "Stopped" notice, exit status 0, as `yes | head` ends.
  let pipeClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') return;
    pipeClosed = true;
    controller.abort();
  });
  const quietOnceClosed: CommandIo = {
    ...io,
    stdout: (text) => void (pipeClosed || io.stdout(text)),
    stderr: (text) => void (pipeClosed || io.stderr(text)),
  };
  try {
    const status = await main(process.argv.slice(2), quietOnceClosed, {
      ask: { signal: controller.signal },
      batch: { stop: controller.signal, cancel: cancel.signal },
    });
    return pipeClosed ? 0 : status;
  } finally {
    process.off('SIGINT', stop);
  }
}
