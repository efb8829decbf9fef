import { useTranslation } from 'react-i18next';
import type { SettingsPatch, SettingsView } from '../../../../shared/settings.ts';
import { languages, noticeIn, themes } from '../../../../shared/settings.ts';
import { settingsStore, useAppInfo } from '../../state/app-state.ts';
import { ShortcutRecorder } from '../../quick/ShortcutRecorder.tsx';
import { useSaver } from './useSaver.ts';
import { FeedbackLine } from './Feedback.tsx';
import { TitleSettings } from './TitleSettings.tsx';

export function GeneralSettings({ settings }: { settings: SettingsView }) {
  const { t, i18n } = useTranslation();
  const [feedback, run] = useSaver();
  // The browser edition has no global shortcut, tray or login item: those show in the desktop app only.
  const appInfo = useAppInfo();
  const update = (patch: SettingsPatch) => void run(async () => (await settingsStore.update(patch), null));

  return (
    <section className="settings-section">
      <h3>{t('settings.tabs.general')}</h3>
      {settings.notices.length > 0 && (
        <div className="notice-box" role="status">
          <strong>{t('settings.notices')}</strong>
          <ul>
            {settings.notices.map((n, i) => (
              <li key={i}>{noticeIn(n, i18n.language)}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="field-grid">
        <label htmlFor="set-theme">{t('settings.theme')}</label>
        <select
          id="set-theme"
          value={settings.theme}
          onChange={(e) => update({ theme: e.target.value as SettingsView['theme'] })}
        >
          {themes.map((theme) => (
            <option key={theme} value={theme}>
              {t(`settings.themes.${theme}`)}
            </option>
          ))}
        </select>

        <label htmlFor="set-language">{t('settings.language')}</label>
        <select
          id="set-language"
          value={settings.language}
          onChange={(e) => update({ language: e.target.value as SettingsView['language'] })}
        >
          {languages.map((language) => (
            <option key={language} value={language}>
              {t(`settings.languages.${language}`)}
            </option>
          ))}
        </select>

        {appInfo?.edition === 'desktop' && (
          <>
            <span className="field-label">{t('settings.hotkey')}</span>
            <ShortcutRecorder
              value={settings.hotkey}
              onChange={(hotkey) => update({ hotkey })}
              status={settings.hotkeyStatus}
              platform={appInfo.platform}
            />
          </>
        )}
      </div>
      <div className="checks">
        {/* A tray, launching at login and updates belong to the desktop app; the browser edition has none. */}
        {appInfo?.edition === 'desktop' && (
          <>
            <label>
              <input
                type="checkbox"
                checked={settings.closeToTray}
                onChange={(e) => update({ closeToTray: e.target.checked })}
              />
              {t('settings.closeToTray')}
            </label>
            <label>
              <input
                type="checkbox"
                checked={settings.launchAtLogin}
                onChange={(e) => update({ launchAtLogin: e.target.checked })}
              />
              {t('settings.launchAtLogin')}
            </label>
            <label>
              <input
                type="checkbox"
                checked={settings.autoUpdate}
                onChange={(e) => update({ autoUpdate: e.target.checked })}
              />
              {t('updates.switch')}
            </label>
          </>
        )}
        <label>
          <input
            type="checkbox"
            checked={settings.quickPrompt.saveExchanges}
            onChange={(e) =>
              update({ quickPrompt: { ...settings.quickPrompt, saveExchanges: e.target.checked } })
            }
          />
          {t('settings.quickSave')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={settings.quickPrompt.prefillFromClipboard}
            onChange={(e) =>
              update({ quickPrompt: { ...settings.quickPrompt, prefillFromClipboard: e.target.checked } })
            }
          />
          {t('settings.quickClipboard')}
        </label>
      </div>
      <TitleSettings settings={settings} update={update} />
      <FeedbackLine feedback={feedback} />
    </section>
  );
}
