import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActiveAlert } from '../../../../shared/alerts.ts';
import { noticeIn } from '../../../../shared/settings.ts';
import { call, on } from '../../lib/api.ts';
import { CloseIcon } from '../icons.tsx';
import './alerts.css';

/**
 * The alerts raised now (Settings → Usage sets them), each with its figures, in a corner of the
 * window. A dismissed alert stays away until it clears and is raised again (a new `raiseId`).
 */
export function AlertNotice() {
  const { t, i18n } = useTranslation();
  const [alerts, setAlerts] = useState<ActiveAlert[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const off = on('alerts.changed', setAlerts);
    void call('alerts.list').then(setAlerts, () => {});
    return off;
  }, []);
  const shown = alerts.filter((a) => !dismissed.has(a.raiseId));
  if (shown.length === 0) return null;
  return (
    <section className="alert-notice" role="status" aria-label={t('alerts.notice.region')}>
      <strong className="alert-notice-title">{t('alerts.notice.title', { count: shown.length })}</strong>
      <ul>
        {shown.map((alert) => (
          <li key={alert.raiseId} data-alert={alert.kind}>
            <span>{noticeIn(alert.text, i18n.language)}</span>
            <button
              type="button"
              className="icon-button"
              aria-label={t('alerts.notice.dismissLabel')}
              title={t('alerts.notice.dismiss')}
              onClick={() => setDismissed((before) => new Set(before).add(alert.raiseId))}
            >
              <CloseIcon />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
