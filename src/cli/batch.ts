import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProviderConfig } from '../shared/providers.ts';
import { CliUsageError, parseArgs } from './args.ts';
import { resolveTarget, targetFlagSpec, type CallTarget, type TargetDeps } from './call-target.ts';
import type { CommandIo } from './io.ts';
import { readRequestFlags, requestFlagSpec, type RequestFlags } from './request-flags.ts';
import { batchUsage } from './usage.ts';
import type { FilterOverride } from '../shared/filters.ts';
import { readFilterFlags } from './ask-filters.ts';

/**
 * `parley batch INPUT.jsonl --out OUT.jsonl`: every line of INPUT asked through the app's client
 * (its limiter, retries and connection pool), each result appended to OUT as it finishes. The
 * parts: batch-input.ts (reading), batch-run.ts (scheduling), batch-call.ts (one line),
 * batch-output.ts (writing and resuming), batch-progress.ts (progress and summary).
 */

const flagSpec = {
  ...targetFlagSpec,
  ...requestFlagSpec,
  out: 'string',
  concurrency: 'string',
  rpm: 'string',
  tpm: 'string',
  'allow-secrets': 'boolean',
  redact: 'boolean',
  help: 'boolean',
} as const;

/** Retries per line unless --max-retries or the provider says otherwise: a batch can wait. */
const BATCH_MAX_RETRIES = 5;

export interface BatchDeps extends TargetDeps {
  /** The first Ctrl-C: take no more lines, let the running ones finish. */
  stop?: AbortSignal;
  /** The second Ctrl-C: end the running lines too (they are not written). */
  cancel?: AbortSignal;
}

export interface BatchPlan extends CallTarget {
  input: string;
  out: string;
  concurrency: number;
  request: RequestFlags;
  /** The secret guard's answer given in advance (--redact, --allow-secrets); else a line with a secret is held. */
  secretsOverride: FilterOverride;
}

function wholeNumber(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new CliUsageError(`--${flag} must be a whole number from 1 to ${max}, not "${value}".`);
  return n;
}

function checkFile(path: string, what: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliUsageError(`${what} ${path} does not exist.`);
  }
  if (!isFile) throw new CliUsageError(`${what} ${path} is not a file.`);
}

async function plan(args: readonly string[], io: CommandIo, deps: BatchDeps): Promise<BatchPlan | 'help'> {
  const { flags, positionals } = parseArgs(args, flagSpec);
  if (flags.help === true) return 'help';
  const text = (name: keyof typeof flagSpec) => (typeof flags[name] === 'string' ? flags[name] : undefined);
  if (positionals.length !== 1)
    throw new CliUsageError('Give one input file: parley batch INPUT.jsonl --out OUT.jsonl.');
  const input = positionals[0]!;
  const out = text('out');
  if (!out) throw new CliUsageError('Name the output file with --out OUT.jsonl.');
  checkFile(input, 'The input file');
  if (resolve(input) === resolve(out)) throw new CliUsageError('--out must be another file than the input.');
  const concurrency = wholeNumber(text('concurrency'), 'concurrency', 1000) ?? 4;
  const rpm = wholeNumber(text('rpm'), 'rpm', 10_000_000);
  const tpm = wholeNumber(text('tpm'), 'tpm', 1_000_000_000);
  const request = readRequestFlags(flags);
  const secretsOverride = readFilterFlags(flags).override;
  const target = await resolveTarget(flags, io, deps, { request, maxRetries: BATCH_MAX_RETRIES });
  // The batch's limits on the provider asked first: the client's own limiter applies them.
  const limited = (p: ProviderConfig): ProviderConfig => ({
    ...p,
    rateLimit: {
      ...p.rateLimit,
      maxConcurrent: concurrency,
      ...(rpm === undefined ? {} : { requestsPerMinute: rpm }),
      ...(tpm === undefined ? {} : { tokensPerMinute: tpm }),
    },
  });
  target.settings = {
    ...target.settings,
    providers: target.settings.providers.map((p) => (p.id === target.model.providerId ? limited(p) : p)),
  };
  return { ...target, input, out, concurrency, request, secretsOverride };
}

export async function runBatchCommand(args: string[], io: CommandIo, deps: BatchDeps): Promise<number> {
  let call: BatchPlan;
  try {
    const planned = await plan(args, io, deps);
    if (planned === 'help') {
      io.stdout(`${batchUsage}\n`);
      return 0;
    }
    call = planned;
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`${error.message}\n\nUsage:\n${batchUsage}\n`);
    return 2;
  }
  const { runPlanned } = await import('./batch-session.ts');
  return runPlanned(call, io, deps);
}
