import './filters.css';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterHold, FilterRule } from '../../../../shared/filters.ts';
import { holdLines } from './finding-text.ts';
import { AlertIcon } from '../icons.tsx';

interface Props {
  hold: FilterHold;
  /** The saved rules, to name a matched rule by its pattern. */
  rules: readonly FilterRule[];
  /** A resend is on its way: the buttons wait. */
  busy: boolean;
  onRedact(): void;
  onSendAnyway(): void;
  /** Closes the panel; the draft stays. */
  onCancel(): void;
}

/**
 * Above a composer whose message the content filters held: what they found, in plain words (never
 * the text found), and what may be done: Redact (secrets become placeholders), Send anyway, Cancel.
 * Focus moves here when it opens; Escape cancels. The main window and the quick prompt both use it.
 */
export function HoldPanel({ hold, rules, busy, onRedact, onSendAnyway, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const textId = useId();
  useEffect(() => panel.current?.focus(), [hold]);
  const lines = holdLines(hold.findings, rules, { t, language: i18n.language });
  const sendAnyway = hold.canSendAnyway && !hold.blocked;

  return (
    <div
      ref={panel}
      className={hold.blocked ? 'hold-panel blocked' : 'hold-panel'}
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      tabIndex={-1}
      data-testid="hold-panel"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        onCancel();
      }}
    >
      <AlertIcon size={18} />
      <div className="hold-main">
        <p className="hold-title" id={titleId}>
          {hold.blocked ? t('filters.hold.blocked') : t('filters.hold.title')}
        </p>
        <div id={textId}>
          {lines.map((line, index) => (
            <p key={index} className="hold-finding">
              {line}
            </p>
          ))}
          <p className="hold-kept">{t('filters.hold.kept')}</p>
        </div>
        <div className="hold-actions">
          {hold.canRedact && (
            <button
              type="button"
              className="primary"
              disabled={busy}
              title={t('filters.hold.redactHint')}
              onClick={onRedact}
            >
              {t('filters.hold.redact')}
            </button>
          )}
          {sendAnyway && (
            <button
              type="button"
              className={hold.canRedact ? 'ghost' : 'primary'}
              disabled={busy}
              onClick={onSendAnyway}
            >
              {t('filters.hold.sendAnyway')}
            </button>
          )}
          <button type="button" className="ghost" onClick={onCancel}>
            {t('filters.hold.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
