import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { sv } from './sv.ts';

export const consoleLanguages = ['sv', 'en'] as const;
export type ConsoleLanguage = (typeof consoleLanguages)[number];

const storageKey = 'vaxel.language';

/** The language the person chose in this browser, if any; otherwise the organisation's applies. */
export function chosenLanguage(): ConsoleLanguage | null {
  try {
    const v = globalThis.localStorage?.getItem(storageKey);
    return v === 'sv' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

export function chooseLanguage(language: ConsoleLanguage): void {
  try {
    globalThis.localStorage?.setItem(storageKey, language);
  } catch {
    /* private mode: the choice lasts this page only */
  }
  void i18n.changeLanguage(language);
}

/** Applies the organisation's language unless the person picked one. */
export function applyOrganisationLanguage(language: string): void {
  const lang = chosenLanguage() ?? (language === 'en' ? 'en' : 'sv');
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, sv: { translation: sv } },
  lng: chosenLanguage() ?? 'sv',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

export { i18n };
