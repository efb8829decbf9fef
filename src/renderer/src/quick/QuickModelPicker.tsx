import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelRef } from '../../../shared/providers.ts';
import type { SettingsView } from '../../../shared/settings.ts';

const MODEL_KEY = 'parley.quick.model';

function loadModel(): ModelRef | null {
  try {
    const raw = JSON.parse(localStorage.getItem(MODEL_KEY) ?? 'null') as ModelRef | null;
    return raw && typeof raw.providerId === 'string' && typeof raw.model === 'string' ? raw : null;
  } catch {
    return null;
  }
}

function modelKey(ref: ModelRef): string {
  return `${ref.providerId}\u0001${ref.model}`;
}

/**
 * The model the quick prompt asks (null: the default), remembered in this window: the one chosen
 * while it is still set up. `remember` keeps the one a question was sent to.
 */
export function useQuickModel(settings: SettingsView | null): {
  model: ModelRef | null;
  choose(next: ModelRef | null): void;
  remember(): void;
} {
  const [chosen, setChosen] = useState<ModelRef | null>(loadModel);
  const models = useMemo(
    () => (settings?.providers ?? []).flatMap((p) => p.models.map((model) => ({ providerId: p.id, model }))),
    [settings],
  );
  const model = chosen && models.some((m) => modelKey(m) === modelKey(chosen)) ? chosen : null;
  const choose = useCallback((next: ModelRef | null) => {
    setChosen(next);
    if (next) localStorage.setItem(MODEL_KEY, JSON.stringify(next));
    else localStorage.removeItem(MODEL_KEY);
  }, []);
  const remember = useCallback(() => {
    if (model) localStorage.setItem(MODEL_KEY, JSON.stringify(model));
  }, [model]);
  return { model, choose, remember };
}

/** The quick prompt's model select: the default model, then each provider's models. */
export function QuickModelPicker({
  settings,
  value,
  onChange,
}: {
  settings: SettingsView | null;
  value: ModelRef | null;
  onChange(next: ModelRef | null): void;
}) {
  const { t } = useTranslation('quick');
  const providers = (settings?.providers ?? []).filter((p) => p.models.length > 0);
  return (
    <label className="quick-model">
      <span className="visually-hidden">{t('model')}</span>
      <select
        aria-label={t('model')}
        value={value ? modelKey(value) : ''}
        disabled={providers.length === 0}
        onChange={(event) => {
          const [providerId, name] = event.target.value.split('\u0001');
          onChange(providerId && name ? { providerId, model: name } : null);
        }}
      >
        {providers.length === 0 ? (
          <option value="">{t('noModels')}</option>
        ) : (
          <option value="">
            {settings?.defaultModel
              ? `${t('defaultModel')} (${settings.defaultModel.model})`
              : t('defaultModel')}
          </option>
        )}
        {providers.map((p) => (
          <optgroup key={p.id} label={p.name}>
            {p.models.map((m) => (
              <option key={m} value={modelKey({ providerId: p.id, model: m })}>
                {m}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
