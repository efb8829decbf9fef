import { useTranslation } from 'react-i18next';
import type { ModelRef } from '../../../../shared/providers.ts';
import type { SettingsView } from '../../../../shared/settings.ts';

const SEP = '\u0001';

/** A native select (accessible, keyboard-friendly), grouped by provider. */
export function ModelPicker({
  settings,
  value,
  onChange,
  placeholder,
}: {
  settings: SettingsView | null;
  value: ModelRef | null;
  onChange(model: ModelRef | null): void;
  /** What the empty choice says (default: "Default model"). */
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const providers = (settings?.providers ?? []).filter((p) => p.models.length > 0);
  const current = value ? `${value.providerId}${SEP}${value.model}` : '';
  const known = providers.some((p) => p.id === value?.providerId && p.models.includes(value.model));
  return (
    <label className="model-picker">
      <span className="visually-hidden">{t('chat.model')}</span>
      <select
        aria-label={t('chat.model')}
        value={known ? current : ''}
        disabled={providers.length === 0}
        onChange={(event) => {
          const [providerId, model] = event.target.value.split(SEP);
          onChange(providerId && model ? { providerId, model } : null);
        }}
      >
        {providers.length === 0 && <option value="">{t('chat.noModels')}</option>}
        {!known && providers.length > 0 && <option value="">{placeholder ?? t('chat.defaultModel')}</option>}
        {providers.map((provider) => (
          <optgroup key={provider.id} label={provider.name}>
            {provider.models.map((model) => (
              <option key={model} value={`${provider.id}${SEP}${model}`}>
                {model}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
