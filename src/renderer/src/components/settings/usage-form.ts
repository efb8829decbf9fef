import type { z } from 'zod';

/**
 * The forms of Settings → Usage keep what is typed as text; on Save it is read into numbers and
 * checked against the same schema main checks, and each field that fails is named by its path
 * (`dailyBudget.usd`), so the form can say what is wrong there in the page's language.
 */

/** A typed number: NaN (refused by the schema) when the box holds anything else. */
export function numberFrom(text: string): number {
  return /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The paths of the fields that fail, or the parsed value when none does. */
export function checkDraft<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; value: z.output<S> } | { ok: false; failed: Set<string> } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, failed: new Set(result.error.issues.map((issue) => issue.path.join('.'))) };
}
