import { useTranslation } from 'react-i18next';
import type { SettingsPatch, SettingsView } from '../../../../shared/settings.ts';
import { availableModels, modelKey, modelLabel, parseModelKey } from '../../state/settings-store.ts';

/** Settings → General: generated titles on or off, and the (cheaper) model that writes them. */
export function TitleSettings({
  settings,
  update,
}: {
  settings: SettingsView;
  update(patch: SettingsPatch): void;
}) {
  const { t } = useTranslation();
  const models = availableModels(settings);
  return (
    <>
      <div className="checks">
        <label>
          <input
            type="checkbox"
            checked={settings.autoTitle}
            onChange={(e) => update({ autoTitle: e.target.checked })}
          />
          {t('conversationModel.autoTitle')}
        </label>
      </div>
      <div className="field-grid">
        <label htmlFor="set-title-model">{t('conversationModel.titleModel')}</label>
        <select
          id="set-title-model"
          value={settings.titleModel ? modelKey(settings.titleModel) : ''}
          disabled={!settings.autoTitle}
          onChange={(e) => update({ titleModel: parseModelKey(e.target.value) })}
        >
          <option value="">{t('conversationModel.titleModelOwn')}</option>
          {models.map((m) => (
            <option key={modelKey(m)} value={modelKey(m)}>
              {modelLabel(settings, m)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
