import type { ParleyError } from '../shared/errors.ts';
import { contentFilterSettingsSchema } from '../shared/filters.ts';
import type { FilterFinding, FilterOverride } from '../shared/filters.ts';
import type { ChatSettings } from '../main/core/chat/create-chat.ts';
import { findingWords } from '../main/core/filters/hold-words.ts';
import { CliUsageError } from './args.ts';
import type { CommandIo } from './io.ts';
import type { StreamDone } from './terminal-peer.ts';

/**
 * `parley ask` and the content filters: `--moderation` (this call moderated, through the
 * moderation provider of the settings, else the provider asked), `--allow-secrets` / `--redact`
 * (the secret guard's answer given in advance), and exit status 3 for a question held or an
 * answer flagged, with what was found on standard error.
 */

export const FILTERED_EXIT = 3;

export const filterFlagSpec = {
  moderation: 'boolean',
  'allow-secrets': 'boolean',
  redact: 'boolean',
} as const;

export interface AskFilters {
  moderation: boolean;
  override: FilterOverride;
}

export function readFilterFlags(flags: Record<string, unknown>): AskFilters {
  if (flags['allow-secrets'] === true && flags.redact === true)
    throw new CliUsageError('Give either --allow-secrets or --redact, not both.');
  const secrets = flags['allow-secrets'] === true ? 'allow' : flags.redact === true ? 'redact' : 'ask';
  return { moderation: flags.moderation === true, override: { secrets } };
}

/** The settings this call uses: with --moderation, the provider asked is one moderation covers. */
export function withModeration(
  settings: ChatSettings,
  filters: AskFilters,
  providerId: string,
): ChatSettings {
  if (!filters.moderation) return settings;
  const contentFilter = settings.contentFilter ?? contentFilterSettingsSchema.parse({});
  const providers = [...new Set([...contentFilter.moderation.providers, providerId])];
  return {
    ...settings,
    contentFilter: { ...contentFilter, moderation: { ...contentFilter.moderation, providers } },
  };
}

const listed = (findings: readonly FilterFinding[]) => findings.map((f) => `  ${findingWords(f)}\n`).join('');

/** A question the filters held: its words and findings on standard error; null when the error is another. */
export function heldExit(error: ParleyError, io: CommandIo): number | null {
  if (error.reason !== 'message_held' || !error.hold) return null;
  const secret = error.hold.findings.some((f) => f.source === 'secret');
  const advice = secret
    ? 'Nothing was sent. Give --redact to send placeholders, or --allow-secrets.\n'
    : 'Nothing was sent.\n';
  io.stderr(`${error.message}\n${listed(error.hold.findings)}${advice}`);
  return FILTERED_EXIT;
}

/** An answer flagged by moderation or a block rule: said on standard error, exit status 3. */
export function flaggedExit(done: StreamDone, io: CommandIo): number | null {
  if (!done.filter?.flagged) return null;
  io.stderr(`The answer was flagged:\n${listed(done.filter.findings)}`);
  return FILTERED_EXIT;
}
