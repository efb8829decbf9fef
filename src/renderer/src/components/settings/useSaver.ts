import { useCallback, useState } from 'react';
import { errorText } from '../../lib/errors.ts';

export type Feedback = { text: string; error: boolean } | null;

/** Runs an action and keeps its plain-words outcome for a status line. */
export function useSaver(): [Feedback, (run: () => Promise<string | null>) => Promise<void>, boolean] {
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<string | null>) => {
    setBusy(true);
    try {
      const text = await action();
      setFeedback(text ? { text, error: false } : null);
    } catch (error) {
      setFeedback({ text: errorText(error), error: true });
    } finally {
      setBusy(false);
    }
  }, []);
  return [feedback, run, busy];
}
