import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/settings.ts';
import { settingsStore } from '../../state/app-state.ts';
import { useParamSection } from '../assistants/use-param-form.tsx';
import { FeedbackLine } from './Feedback.tsx';
import { useSaver } from './useSaver.ts';

/** Settings → Models → Model defaults: the parameters and history limit of conversations and assistants that set none. */
export function ModelDefaultsSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const [feedback, run, busy] = useSaver();
  const params = useParamSection(settings.defaultParameters, settings.defaultHistoryLimit);

  const save = () => {
    params.show();
    if (params.invalid) return;
    void run(async () => {
      await settingsStore.update({
        defaultParameters: params.parameters,
        defaultHistoryLimit: params.historyLimit ?? null,
      });
      return t('modelDefaults.saved');
    });
  };

  return (
    <form
      className="model-defaults"
      aria-labelledby="model-defaults-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h4 id="model-defaults-title">{t('modelDefaults.title')}</h4>
      <p className="hint">{t('modelDefaults.hint')}</p>
      {params.fields({ idPrefix: 'default', defaults: {}, supported: null })}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('modelDefaults.save')}
        </button>
      </div>
      <FeedbackLine feedback={feedback} />
    </form>
  );
}
