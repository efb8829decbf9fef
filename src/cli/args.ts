import { ParleyError } from '../shared/errors.ts';

/**
 * A small command-line flag reader: `--name value`, `--name=value`, boolean `--flag`, repeatable
 * `list` flags (`--header A --header B`), one-letter aliases (`-c value`), `--` ends the flags.
 */

export type FlagKind = 'string' | 'boolean' | 'list';

/** A command line Parley cannot read: the one error class, told apart so the exit status is 2. */
export class CliUsageError extends ParleyError {
  constructor(message: string) {
    super({ code: 'invalid_input', message });
    this.name = 'CliUsageError';
  }
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[]>;
  positionals: string[];
}

export function parseArgs(
  args: readonly string[],
  spec: Readonly<Record<string, FlagKind>>,
  aliases: Readonly<Record<string, string>> = {},
): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') {
      positionals.push(...args.slice(index + 1));
      break;
    }
    const short = /^-[a-zA-Z]$/.test(arg);
    const alias = short ? aliases[arg.slice(1)] : undefined;
    if (short && !alias) throw new CliUsageError(`Unknown option ${arg}.`);
    if (!alias && (!arg.startsWith('--') || arg === '-')) {
      positionals.push(arg);
      continue;
    }
    const equals = alias ? -1 : arg.indexOf('=');
    const name = alias ?? arg.slice(2, equals >= 0 ? equals : undefined);
    const kind = spec[name];
    if (!kind) throw new CliUsageError(`Unknown option --${name}.`);
    if (kind === 'boolean') {
      if (equals >= 0) throw new CliUsageError(`--${name} takes no value.`);
      flags[name] = true;
      continue;
    }
    const value = equals >= 0 ? arg.slice(equals + 1) : args[++index];
    if (value === undefined || (equals < 0 && value.startsWith('--')))
      throw new CliUsageError(`--${name} needs a value.`);
    if (kind === 'list') {
      const earlier = flags[name];
      flags[name] = [...(Array.isArray(earlier) ? earlier : []), value];
    } else flags[name] = value;
  }
  return { flags, positionals };
}
