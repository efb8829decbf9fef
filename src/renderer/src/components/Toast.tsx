import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from './icons.tsx';

export interface ToastState {
  id: number;
  text: string;
  error?: boolean;
  action?: { label: string; run(): void };
}

/** A short notice at the bottom, with an optional action (Undo); gone after a few seconds. */
export function Toast({ toast, onDone }: { toast: ToastState; onDone(): void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const timer = setTimeout(onDone, toast.action ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [toast, onDone]);
  return (
    <div className={`toast${toast.error ? ' error' : ''}`} role={toast.error ? 'alert' : 'status'}>
      <span>{toast.text}</span>
      {toast.action && (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            toast.action!.run();
            onDone();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-button" aria-label={t('actions.close')} onClick={onDone}>
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
