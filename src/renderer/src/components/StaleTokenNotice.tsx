import { useTranslation } from 'react-i18next';
import { useTokenRejected } from '../lib/token-status.ts';
import './stale-token-notice.css';

/**
 * Browser edition: shown over everything once the host refuses this tab's token, which happens
 * when `npm run web` was restarted (each start makes a new token). Says so, and what to do; the
 * new address pasted into the tab is followed by `api.ts`.
 */
export function StaleTokenNotice() {
  const { t } = useTranslation();
  const rejected = useTokenRejected();
  if (!rejected) return null;
  return (
    <div className="stale-token">
      <div className="stale-token-card" role="alert" aria-labelledby="stale-token-title">
        <h2 id="stale-token-title">{t('staleToken.title')}</h2>
        <p>{t('staleToken.body')}</p>
        <p>{t('staleToken.action')}</p>
      </div>
    </div>
  );
}
