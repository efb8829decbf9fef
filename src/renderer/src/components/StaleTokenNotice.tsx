import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useTokenRejected } from '../lib/token-status.ts';
import './stale-token-notice.css';

/**
 * Browser edition: shown over everything once the host refuses this tab's token, which happens
 * when `npm run web` was restarted (each start makes a new token). Says so, and what to do.
 */
export function StaleTokenNotice() {
  const { t } = useTranslation();
  const rejected = useTokenRejected();
  useEffect(() => {
    if (!rejected) return;
    // The new address pasted into this tab changes only the fragment: load the page with it.
    const onHash = () => {
      if (new URLSearchParams(window.location.hash.slice(1)).has('token')) window.location.reload();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [rejected]);
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
