// The progress screen's words in the window's language: vue-i18n's `t`, `n` and dates, in the shape `state/review.ts` takes.
import { useI18n } from 'vue-i18n';
import type { ReviewWords } from '../state/review.ts';

export function useReviewWords(): ReviewWords & { date: (iso: string) => string } {
  const { t, n, d } = useI18n();
  return {
    t: (key, params = {}, plural) => (plural === undefined ? t(key, params) : t(key, params, plural)),
    n: (value, options) => n(value, options as Parameters<typeof n>[1]),
    date: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : d(date, 'short');
    },
  };
}
