import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  parameterNames,
  type ModelCapabilityView,
  type ParameterName,
} from '../../../../shared/assistants.ts';
import { call } from '../../lib/api.ts';
import { settingsStore } from '../../state/app-state.ts';
import type { useSaver } from './useSaver.ts';

/**
 * A person's correction of the capability table for one of a provider's models: its context window
 * and which parameters it takes (settings.modelOverrides, key `providerId/model`).
 */
export function ModelCorrections({
  providerId,
  models,
  saver,
}: {
  providerId: string;
  models: string[];
  saver: ReturnType<typeof useSaver>;
}) {
  const { t } = useTranslation();
  const [model, setModel] = useState(models[0] ?? '');
  const [view, setView] = useState<ModelCapabilityView | null>(null);
  const [windowText, setWindowText] = useState('');
  const [taken, setTaken] = useState<Record<ParameterName, boolean> | null>(null);
  const [, run, busy] = saver;
  const key = `${providerId}/${model}`;
  const corrected = !!settingsStore.get()?.modelOverrides[key];

  useEffect(() => {
    if (!model) return;
    let live = true;
    void call('models.capabilities', { providerId, model })
      .then((found) => {
        if (!live) return;
        setView(found);
        setWindowText(found.contextWindow ? String(found.contextWindow) : '');
        setTaken(found.parameters);
      })
      .catch(() => live && setView(null));
    return () => {
      live = false;
    };
  }, [providerId, model, corrected]);

  if (!models.length) return null;
  const windowNumber = windowText.trim() ? Number(windowText) : null;
  const windowBad =
    windowNumber !== null && !(Number.isInteger(windowNumber) && windowNumber >= 256 && windowNumber <= 1e8);

  const save = () =>
    run(async () => {
      const overrides = { ...settingsStore.get()?.modelOverrides };
      overrides[key] = {
        ...overrides[key],
        ...(windowNumber !== null ? { contextWindow: windowNumber } : {}),
        ...(taken ? { parameters: taken } : {}),
      };
      await settingsStore.update({ modelOverrides: overrides });
      return t('settings.saved');
    });
  const reset = () =>
    run(async () => {
      const { [key]: _dropped, ...rest } = settingsStore.get()?.modelOverrides ?? {};
      await settingsStore.update({ modelOverrides: rest });
      return t('settings.saved');
    });

  return (
    <>
      <span className="field-label">{t('modelCorrections.title')}</span>
      <div className="model-corrections">
        <div className="inline-row">
          <select
            aria-label={t('modelCorrections.model')}
            value={model}
            onChange={(e) => setModel(e.target.value)}
          >
            {models.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <input
            aria-label={t('modelCorrections.contextWindow')}
            type="number"
            inputMode="numeric"
            min={256}
            step={1}
            value={windowText}
            placeholder={t('modelCorrections.unknownWindow')}
            aria-invalid={windowBad}
            onChange={(e) => setWindowText(e.target.value)}
          />
        </div>
        {windowBad && (
          <p className="field-problem" role="alert">
            {t('modelCorrections.windowRange')}
          </p>
        )}
        {taken && (
          <fieldset className="parameter-switches">
            <legend>{t('modelCorrections.takes')}</legend>
            {parameterNames.map((name) => (
              <label key={name} className="check">
                <input
                  type="checkbox"
                  checked={taken[name]}
                  onChange={(e) => setTaken({ ...taken, [name]: e.target.checked })}
                />
                {t(`params.${name}`)}
              </label>
            ))}
          </fieldset>
        )}
        <div className="inline-row">
          <span className="hint">{view ? t('modelCorrections.family', { family: view.family }) : ''}</span>
          <span>
            {corrected && (
              <button type="button" className="ghost small" onClick={() => void reset()} disabled={busy}>
                {t('modelCorrections.reset')}
              </button>
            )}
            <button
              type="button"
              className="ghost small"
              onClick={() => void save()}
              disabled={busy || windowBad}
            >
              {t('modelCorrections.save')}
            </button>
          </span>
        </div>
      </div>
    </>
  );
}
