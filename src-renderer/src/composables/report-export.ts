// Exporting a patient's progress report: asks main for the file (`review.report`) and saves it, with a busy state and the error if any.
import { ref, shallowRef } from 'vue';
import { reportLanguages, type ApiError, type ReportFormat, type ReportLanguage } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { base64ToBlob } from './base64-blob.ts';

/** The report's language for a window language: the same where the report has it, else English. */
export function reportLanguageOf(locale: string): ReportLanguage {
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return (reportLanguages as readonly string[]).includes(base) ? (base as ReportLanguage) : 'en';
}

/** The control's state; `save` offers the file (the component passes the browser's download, `saveBlob`). */
export function useReportExport(patientId: () => number, windowLocale: string, save: (blob: Blob, fileName: string) => void) {
  const client = useClient();
  const format = ref<ReportFormat>('pdf');
  const lang = ref<ReportLanguage>(reportLanguageOf(windowLocale));
  const busy = ref(false);
  const error = shallowRef<ApiError | null>(null);
  /** The name of the file last saved, to say so. */
  const saved = ref<string | null>(null);

  async function exportReport(): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    saved.value = null;
    try {
      const result = await client.call('review.report', { patientId: patientId(), format: format.value, lang: lang.value });
      if (!result.ok) {
        error.value = result.error;
        return;
      }
      save(base64ToBlob(result.value.base64, result.value.mimeType), result.value.fileName);
      saved.value = result.value.fileName;
    } finally {
      busy.value = false;
    }
  }

  return { format, lang, busy, error, saved, exportReport };
}
