import { useEffect, useState } from 'react';
import type { UsageQuery, UsageSummary } from '../../../../shared/usage.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';

export type UsageState =
  | { status: 'loading'; summary: UsageSummary | null }
  | { status: 'ready'; summary: UsageSummary }
  | { status: 'failed'; summary: UsageSummary | null; message: string };

interface Answer {
  /** The query it answers (as JSON). */
  key: string;
  summary: UsageSummary | null;
  message: string | null;
}

/**
 * The usage summary for a query, asked again when the query changes; an answer to an older query
 * is dropped. While the next one loads, the last summary stays on screen (no flash of nothing).
 */
export function useUsageSummary(query: UsageQuery | null): UsageState {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const key = query ? JSON.stringify(query) : null;
  useEffect(() => {
    if (key === null) return;
    let current = true;
    call('usage.summary', JSON.parse(key) as UsageQuery)
      .then((summary) => current && setAnswer({ key, summary, message: null }))
      .catch(
        (error: unknown) =>
          current && setAnswer((a) => ({ key, summary: a?.summary ?? null, message: errorText(error) })),
      );
    return () => {
      current = false;
    };
  }, [key]);
  const summary = answer?.summary ?? null;
  if (!answer || answer.key !== key) return { status: 'loading', summary };
  if (answer.message !== null) return { status: 'failed', summary, message: answer.message };
  return summary ? { status: 'ready', summary } : { status: 'loading', summary };
}
