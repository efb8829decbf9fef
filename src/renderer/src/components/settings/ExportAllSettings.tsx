import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportAllFormat } from '../../../../shared/history.ts';
import { call, on } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { downloadEverything } from '../../lib/export-download.ts';
import { DownloadIcon } from '../icons.tsx';
import { FeedbackLine } from './Feedback.tsx';
import type { Feedback } from './useSaver.ts';

/** Settings > Data: every conversation at once, as a zip of Markdown files or one JSON file. */
export function ExportAllSettings() {
  const { t } = useTranslation();
  const [percent, setPercent] = useState<number | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);

  const start = async (format: ExportAllFormat) => {
    setFeedback(null);
    setPercent(0);
    try {
      const count = await downloadEverything({ call, on }, format, (f) => setPercent(Math.round(f * 100)));
      setFeedback({ text: t('exportAll.done', { count }), error: false });
    } catch (error) {
      setFeedback({ text: t('exportAll.failed', { message: errorText(error) }), error: true });
    } finally {
      setPercent(null);
    }
  };

  return (
    <>
      <h4>{t('exportAll.title')}</h4>
      <p className="hint">{t('exportAll.hint')}</p>
      <div className="inline-row">
        <button type="button" onClick={() => void start('md-zip')} disabled={percent !== null}>
          <DownloadIcon size={15} /> {t('exportAll.markdown')}
        </button>
        <button type="button" onClick={() => void start('json')} disabled={percent !== null}>
          <DownloadIcon size={15} /> {t('exportAll.json')}
        </button>
      </div>
      {percent !== null && <p role="status">{t('exportAll.working', { percent })}</p>}
      <FeedbackLine feedback={feedback} />
    </>
  );
}
