// vue-i18n set-up: English and French, the choice remembered in localStorage and mirrored on <html lang>.
import { createI18n } from 'vue-i18n';
import { en, type Messages } from './en.ts';
import { fr } from './fr.ts';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };
const STORAGE_KEY = 'neurofeat.locale';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The remembered language, else the browser's if we have it, else English. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage may be refused; fall through.
  }
  const browser = navigator.language.slice(0, 2);
  return isLocale(browser) ? browser : 'en';
}

export function rememberLocale(locale: Locale): void {
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, still applied.
  }
}

/** Dates as clinicians write them in each language; Intl picks the order and month names. */
const datetimeFormats = {
  short: { year: 'numeric', month: 'short', day: 'numeric' },
  long: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
} as const;

export function createAppI18n() {
  const locale = initialLocale();
  document.documentElement.lang = locale;
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, fr },
    datetimeFormats: { en: datetimeFormats, fr: datetimeFormats },
    missingWarn: false,
    fallbackWarn: false,
  });
}
