import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, on } from '../../lib/api.ts';
import { ParleyError } from '../../../../shared/errors.ts';
import { errorText } from '../../lib/error-text.ts';
import type { ImportStage } from '../../lib/import-upload.ts';
import { uploadImport } from '../../lib/import-upload.ts';
import { chatStore } from '../../state/app-state.ts';
import { UploadIcon } from '../icons.tsx';
import { BackupsSettings } from './BackupsSettings.tsx';
import { ExportAllSettings } from './ExportAllSettings.tsx';

/** Import a ChatGPT export (with a progress bar), export everything, and the history's backups. */
export function DataSettings() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<ImportStage | null>(null);
  const [result, setResult] = useState<{ text: string; error: boolean } | null>(null);

  const start = async (file: File) => {
    setResult(null);
    setStage({ stage: 'uploading', fraction: 0 });
    try {
      const progress = await uploadImport({ call, on }, file, setStage);
      if (progress.error) throw new ParleyError(progress.error);
      const counts = {
        conversations: progress.conversationsAdded,
        messages: progress.messagesAdded,
        existing: progress.conversationsUnchanged,
      };
      setResult({
        text: counts.existing ? t('exportAll.importExisting', counts) : t('settings.importDone', counts),
        error: false,
      });
      void chatStore.loadList();
    } catch (error) {
      setResult({ text: t('settings.importFailed', { message: errorText(error) }), error: true });
    } finally {
      setStage(null);
    }
  };

  const fraction =
    stage === null
      ? 0
      : stage.stage === 'uploading'
        ? stage.fraction
        : stage.progress.totalBytes > 0
          ? stage.progress.bytesRead / stage.progress.totalBytes
          : 0;
  const percent = Math.round(fraction * 100);

  return (
    <section className="settings-section">
      <h3>{t('settings.tabs.data')}</h3>
      <h4>{t('settings.import')}</h4>
      <p className="hint">{t('settings.importHint')}</p>
      <input
        ref={input}
        type="file"
        accept=".json,.zip,application/json,application/zip"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void start(file);
        }}
      />
      <div className="inline-row">
        <button type="button" onClick={() => input.current?.click()} disabled={stage !== null}>
          <UploadIcon size={15} /> {t('settings.importChoose')}
        </button>
      </div>
      {stage && (
        <div className="import-progress">
          <progress max={100} value={percent} aria-label={t('settings.import')} />
          <span role="status">
            {stage.stage === 'uploading'
              ? t('settings.importUploading', { percent })
              : t('settings.importProgress', { percent })}
          </span>
        </div>
      )}
      {result && (
        <p
          className={result.error ? 'feedback error' : 'feedback ok'}
          role={result.error ? 'alert' : 'status'}
        >
          {result.text}
        </p>
      )}
      <ExportAllSettings />
      <BackupsSettings />
    </section>
  );
}
