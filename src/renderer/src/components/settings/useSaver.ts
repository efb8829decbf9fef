import { useCallback, useState } from 'react';
import { errorText } from '../../lib/error-text.ts';

export type Feedback = { text: string; error: boolean } | null;

/** Runs an action and keeps its plain-words outcome for a status line; `clear` drops it (on an edit). */
export function useSaver(): [
  Feedback,
  (run: () => Promise<string | null>) => Promise<void>,
  boolean,
  clear: () => void,
] {
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<string | null>) => {
    setBusy(true);
    setFeedback(null);
    try {
      const text = await action();
      setFeedback(text ? { text, error: false } : null);
    } catch (error) {
      setFeedback({ text: errorText(error), error: true });
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setFeedback(null), []);
  return [feedback, run, busy, clear];
}
