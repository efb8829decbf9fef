import './content-filters.css';
import { useTranslation } from 'react-i18next';
import type { ContentFilterSettings as FilterSettings } from '../../../../shared/filters.ts';
import type { SettingsView } from '../../../../shared/settings.ts';
import { settingsStore } from '../../state/app-state.ts';
import { useSaver } from './useSaver.ts';
import { FeedbackLine } from './Feedback.tsx';
import { FilterRulesEditor } from './FilterRulesEditor.tsx';

type Moderation = FilterSettings['moderation'];

/**
 * Settings → Content filters: which providers are moderated and through which provider, whether a
 * flagged question may be sent anyway, the person's own rules, and the secret guard. Each change
 * saves the whole `contentFilter` object, as the latest settings hold it.
 */
export function ContentFilterSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const [feedback, run] = useSaver();
  const filters = settings.contentFilter;
  const moderation = filters.moderation;
  const update = (patch: Partial<FilterSettings>) =>
    void run(async () => {
      const current = settingsStore.get()?.contentFilter ?? filters;
      await settingsStore.update({ contentFilter: { ...current, ...patch } });
      return null;
    });
  const moderate = (patch: Partial<Moderation>) => {
    const current = settingsStore.get()?.contentFilter.moderation ?? moderation;
    update({ moderation: { ...current, ...patch } });
  };
  const providers = settings.providers;

  return (
    <section className="settings-section content-filters">
      <h3>{t('filters.settings.tab')}</h3>
      <p className="hint">{t('filters.settings.intro')}</p>

      <h4>{t('filters.settings.secretGuard')}</h4>
      <p className="hint">{t('filters.settings.secretGuardHint')}</p>
      <div className="checks">
        <label>
          <input
            type="checkbox"
            checked={filters.secretGuard.enabled}
            onChange={(e) => update({ secretGuard: { ...filters.secretGuard, enabled: e.target.checked } })}
          />
          {t('filters.settings.secretGuardOn')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={filters.secretGuard.personalData}
            disabled={!filters.secretGuard.enabled}
            onChange={(e) =>
              update({ secretGuard: { ...filters.secretGuard, personalData: e.target.checked } })
            }
          />
          {t('filters.settings.personalData')}
        </label>
      </div>

      <h4>{t('filters.settings.moderation')}</h4>
      <p className="hint">{t('filters.settings.moderationHint')}</p>
      <fieldset className="checks moderated">
        <legend>{t('filters.settings.providers')}</legend>
        {providers.length === 0 && <p className="muted">{t('filters.settings.noProviders')}</p>}
        {providers.map((provider) => (
          <label key={provider.id}>
            <input
              type="checkbox"
              checked={moderation.providers.includes(provider.id)}
              onChange={(e) =>
                moderate({
                  providers: e.target.checked
                    ? [...moderation.providers, provider.id]
                    : moderation.providers.filter((id) => id !== provider.id),
                })
              }
            />
            {provider.name}
          </label>
        ))}
      </fieldset>
      <div className="field-grid below">
        <label htmlFor="set-moderation-via">{t('filters.settings.via')}</label>
        <select
          id="set-moderation-via"
          value={moderation.via ?? ''}
          onChange={(e) => moderate({ via: e.target.value || null })}
        >
          <option value="">{t('filters.settings.viaOwn')}</option>
          {providers.map((provider) => (
            <option key={provider.id} value={provider.id}>
              {provider.name}
            </option>
          ))}
        </select>
      </div>
      <div className="checks">
        <label>
          <input
            type="checkbox"
            checked={moderation.allowSendAnyway}
            onChange={(e) => moderate({ allowSendAnyway: e.target.checked })}
          />
          {t('filters.settings.allowSendAnyway')}
        </label>
      </div>
      <FeedbackLine feedback={feedback} />

      <h4>{t('filters.settings.rules')}</h4>
      <p className="hint">{t('filters.settings.rulesHint')}</p>
      <FilterRulesEditor saved={filters.rules} />
    </section>
  );
}
