import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { metricsTokenSchema } from '../../../../shared/usage.ts';
import { call } from '../../lib/api.ts';
import { FeedbackLine } from './Feedback.tsx';
import { SecretField } from './SecretField.tsx';
import { useSaver } from './useSaver.ts';

/**
 * The metrics endpoint's bearer token: typed once and sent to main, which keeps it in the keychain;
 * the page only ever learns whether one is set.
 */
export function MetricsTokenField() {
  const { t } = useTranslation();
  const [set, setSet] = useState<boolean | null>(null);
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [feedback, run, busy, clear] = useSaver();
  useEffect(() => {
    void call('metrics.tokenStatus').then(
      (status) => setSet(status.set),
      () => {},
    );
  }, []);

  const save = () => {
    const ok = metricsTokenSchema.safeParse(value).success;
    setInvalid(!ok);
    if (!ok) return;
    void run(async () => {
      setSet((await call('metrics.setToken', { token: value })).set);
      setValue('');
      return t('alerts.settings.tokenSaved');
    });
  };
  const remove = () =>
    void run(async () => {
      setSet((await call('metrics.removeToken')).set);
      return t('alerts.settings.tokenRemoved');
    });

  return (
    <>
      <SecretField
        id="metrics-token"
        label={t('alerts.settings.token')}
        value={value}
        placeholder={t('alerts.settings.tokenPlaceholder')}
        onChange={(next) => {
          setValue(next);
          setInvalid(false);
          clear();
        }}
        status={{
          text: set ? t('alerts.settings.tokenSet') : t('alerts.settings.tokenNone'),
          saved: set === true,
        }}
        onRemove={remove}
        busy={busy}
        extra={
          <button type="button" className="ghost small" onClick={save} disabled={busy || !value.trim()}>
            {t('alerts.settings.saveToken')}
          </button>
        }
      />
      {(invalid || feedback) && (
        <>
          <span />
          <div>
            {invalid && (
              <p id="metrics-token-problem" className="field-problem" role="alert">
                {t('alerts.problems.token')}
              </p>
            )}
            <FeedbackLine feedback={feedback} />
          </div>
        </>
      )}
    </>
  );
}
