import { useCallback, useState } from 'react';
import { errorText } from '../../lib/error-text.ts';

export type Feedback = { text: string; error: boolean } | null;

/**
 * Runs an action and keeps its plain-words outcome for a status line (text it returns, or a Feedback
 * of its own when the outcome is a failure it words itself); `clear` drops it (on an edit).
 */
export function useSaver(): [
  Feedback,
  (run: () => Promise<string | Feedback>) => Promise<void>,
  boolean,
  clear: () => void,
] {
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<string | Feedback>) => {
    setBusy(true);
    setFeedback(null);
    try {
      const outcome = await action();
      setFeedback(typeof outcome === 'string' ? (outcome ? { text: outcome, error: false } : null) : outcome);
    } catch (error) {
      setFeedback({ text: errorText(error), error: true });
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setFeedback(null), []);
  return [feedback, run, busy, clear];
}
