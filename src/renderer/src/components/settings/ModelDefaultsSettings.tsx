import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParameterName } from '../../../../shared/assistants.ts';
import type { SettingsView } from '../../../../shared/settings.ts';
import { settingsStore } from '../../state/app-state.ts';
import { HistoryLimitField, ParameterFields } from '../assistants/ParameterFields.tsx';
import type { ParamForm } from '../assistants/param-form.ts';
import { fromForm, historyLimitText, parseHistoryLimit, toForm } from '../assistants/param-form.ts';
import { FeedbackLine } from './Feedback.tsx';
import { useSaver } from './useSaver.ts';

/** Settings → Models → Model defaults: the parameters and history limit of conversations and assistants that set none. */
export function ModelDefaultsSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const [feedback, run, busy] = useSaver();
  const [form, setForm] = useState<ParamForm>(() => toForm(settings.defaultParameters));
  const [history, setHistory] = useState(historyLimitText(settings.defaultHistoryLimit));
  const [tried, setTried] = useState(false);
  const { parameters, problems } = fromForm(form);
  const historyLimit = parseHistoryLimit(history);

  const save = () => {
    setTried(true);
    if (Object.keys(problems).length > 0 || historyLimit === undefined) return;
    void run(async () => {
      await settingsStore.update({ defaultParameters: parameters, defaultHistoryLimit: historyLimit });
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
      <ParameterFields
        idPrefix="default-param"
        form={form}
        defaults={{}}
        supported={null}
        problems={tried ? problems : {}}
        onChange={(name: ParameterName, value: string) => setForm((f) => ({ ...f, [name]: value }))}
      />
      <HistoryLimitField
        id="default-history"
        value={history}
        invalid={tried && historyLimit === undefined}
        onChange={setHistory}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('modelDefaults.save')}
        </button>
      </div>
      <FeedbackLine feedback={feedback} />
    </form>
  );
}
