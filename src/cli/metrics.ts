import { startMetricsServer } from '../main/core/metrics/metrics-server.ts';
import { CliUsageError, parseArgs } from './args.ts';
import type { CommandIo } from './io.ts';
import { withUsageErrors } from './io.ts';
import { withHistory } from './history.ts';
import { metricsUsage } from './usage.ts';

const flagSpec = { port: 'string', 'token-env': 'string' } as const;

/** `parley metrics serve --port N [--token-env VAR]`: the OpenMetrics endpoint until Ctrl-C. */
export function runMetricsCommand(args: string[], io: CommandIo, signal?: AbortSignal): Promise<number> {
  return withUsageErrors(io, metricsUsage, async () => {
    const [action, ...rest] = args;
    if (action !== 'serve')
      throw new CliUsageError(action ? `Unknown action "${action}".` : 'Say what to do.');
    const { flags, positionals } = parseArgs(rest, flagSpec);
    if (positionals.length > 0) throw new CliUsageError(`Unexpected argument "${positionals[0]}".`);
    const port = Number(flags.port);
    if (typeof flags.port !== 'string' || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new CliUsageError('--port takes a port number (1 to 65535).');
    let token: string | null = null;
    if (typeof flags['token-env'] === 'string') {
      token = io.env[flags['token-env']]?.trim() || null;
      if (!token)
        throw new CliUsageError(`The environment variable ${flags['token-env']} is empty or not set.`);
    }
    return withHistory(io, async (history) => {
      const server = await startMetricsServer({ port, feed: history, token });
      io.stderr(
        `Serving OpenMetrics at ${server.url}${token ? ' (bearer token required)' : ''}. Ctrl-C stops.\n`,
      );
      await new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.close();
      return 0;
    });
  });
}
