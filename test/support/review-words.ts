// The progress screen's words in a test: the app's own messages through a vue-i18n instance of the given language.
import { createI18n } from 'vue-i18n';
import { en } from '../../src-renderer/src/i18n/en.ts';
import { fr } from '../../src-renderer/src/i18n/fr.ts';
import type { ReviewWords } from '../../src-renderer/src/state/review.ts';

/** `t` and `n` of a fresh instance in `locale`, and dates as their ISO day (the tests' fixed format). */
export function reviewWords(locale: 'en' | 'fr'): ReviewWords & { date: (iso: string) => string } {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, fr }, missingWarn: false, fallbackWarn: false });
  const { t, n } = i18n.global;
  return {
    t: (key, params = {}, plural) => (plural === undefined ? t(key, params) : t(key, params, plural)),
    n: (value, options) => n(value, options as Parameters<typeof n>[1]),
    date: (iso) => iso.slice(0, 10),
  };
}
