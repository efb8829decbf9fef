import type { FilterHold, FilterOverride } from '../../../../shared/filters.ts';
import { filterHoldSchema } from '../../../../shared/filters.ts';

/**
 * A question the content filters held (`content_filtered`, reason `message_held`): what they
 * found and what may be done, or null for any other error. Checked, since it crossed a boundary.
 */
export function holdOf(error: unknown): FilterHold | null {
  if (!error || typeof error !== 'object') return null;
  const { code, reason, hold } = error as { code?: unknown; reason?: unknown; hold?: unknown };
  if (code !== 'content_filtered' || reason !== 'message_held') return null;
  const parsed = filterHoldSchema.safeParse(hold);
  return parsed.success ? parsed.data : null;
}

/** The person's answers to a hold, as `chat.send` takes them. */
export const REDACT: FilterOverride = { secrets: 'redact' };
export const SEND_ANYWAY: FilterOverride = { sendAnyway: true, secrets: 'allow' };

/** What a window's send reports to its composer: sent, failed (the error shown apart), or held. */
export type SendOutcome = 'sent' | 'failed' | { hold: FilterHold };
