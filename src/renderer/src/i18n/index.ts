import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Language = 'en' | 'zh-CN';

/** Follows the OS (browser) language unless the user picked one in settings. */
export function systemLanguage(languages: readonly string[] = navigator.languages): Language {
  return languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function resolveLanguage(setting: 'system' | Language): Language {
  return setting === 'system' ? systemLanguage() : setting;
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: systemLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
});

export const i18n = i18next;
