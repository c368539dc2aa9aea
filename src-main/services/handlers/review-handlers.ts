// Handlers of the longitudinal review: a patient's sessions over the therapy, and the progress report made of them.
import type { HandlerMap } from '../../contract/api.ts';
import { renderReport } from '../reports/report-file.ts';
import { patientReview } from '../review/patient-review.ts';
import type { ServiceContext } from './service-context.ts';

export function reviewHandlers(context: ServiceContext): HandlerMap<'review.patient' | 'review.report'> {
  return {
    'review.patient': (p) => patientReview(context.storage(), p.patientId),
    'review.report': (p) => {
      const file = renderReport(patientReview(context.storage(), p.patientId), p.format, p.lang, { version: context.version, dataDir: context.dataDir });
      return { fileName: file.fileName, mimeType: file.mimeType, base64: Buffer.from(file.bytes).toString('base64') };
    },
  };
}
