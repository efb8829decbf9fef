import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../../shared/updates.ts';
import { call, on } from '../lib/api.ts';
import './update-banner.css';

/**
 * Desktop app: once an update has downloaded in the background, a bar offers "Restart to update".
 * The browser edition answers `unsupported`, so it never shows there.
 */
export function UpdateBanner() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<UpdateStatus>({ state: 'unsupported' });
  useEffect(() => {
    const off = on('app.updateChanged', setStatus);
    void call('app.updateStatus').then(setStatus, () => {});
    return off;
  }, []);
  if (status.state !== 'ready') return null;
  return (
    <div className="update-banner" role="status">
      <span>{t('updates.ready', { version: status.version })}</span>
      <button
        type="button"
        className="primary"
        onClick={() => void call('app.restartToUpdate').catch(() => {})}
      >
        {t('updates.restart')}
      </button>
    </div>
  );
}
