import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/settings.ts';
import { resolveLanguage } from '../i18n/index.ts';

/** Theme and language from settings (following the OS when set to "system"), for every window. */
export function useLook(settings: SettingsView | null): void {
  const { i18n } = useTranslation();
  const theme = settings?.theme ?? 'system';
  useEffect(() => {
    const root = document.documentElement;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      root.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
  const language = settings?.language ?? 'system';
  useEffect(() => {
    const lng = resolveLanguage(language);
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
    document.documentElement.lang = lng;
  }, [language, i18n]);
}
