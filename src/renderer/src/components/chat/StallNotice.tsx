import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chatStore } from '../../state/app-state.ts';
import { toolWait } from '../../state/tool-parts.ts';
import { RefreshIcon, StopIcon } from '../icons.tsx';

/** After this long without a word from the stream, the answer says so (and offers Stop and Retry). */
export const STALL_AFTER_MS = 5_000;

/**
 * "No data for 12 s" under an answer that has gone quiet, counting each second, with Stop and
 * Retry; it goes away as soon as anything arrives. It reads the time of the last delta from the
 * store once a second, so the growing text does not re-render it.
 */
export function StallNotice({ messageId, onRetry }: { messageId: string; onRetry(): void }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const live = chatStore.getLive(messageId);
  const idle = now - (live?.lastDataAt ?? now);
  // A call waiting for the person, or running, has its own card (with Cancel): the model is not late.
  if (idle < STALL_AFTER_MS || (live && toolWait(live.tools))) return null;
  const stop = async (thenRetry: boolean) => {
    setBusy(true);
    try {
      await chatStore.stopAnswer(messageId);
      if (thenRetry) onRetry();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="status stalled" role="status">
      <span>{t('stall.noData', { seconds: Math.floor(idle / 1000) })}</span>
      <button type="button" className="pill" disabled={busy} onClick={() => void stop(false)}>
        <StopIcon size={12} /> {t('stall.stop')}
      </button>
      <button type="button" className="pill" disabled={busy} onClick={() => void stop(true)}>
        <RefreshIcon size={12} /> {t('stall.retry')}
      </button>
    </div>
  );
}
