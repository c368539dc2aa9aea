// Handlers of the longitudinal review: a patient's sessions over the therapy.
import type { HandlerMap } from '../../contract/api.ts';
import { patientReview } from '../review/patient-review.ts';
import type { ServiceContext } from './service-context.ts';

export function reviewHandlers(context: ServiceContext): HandlerMap<'review.patient'> {
  return {
    'review.patient': (p) => patientReview(context.storage(), p.patientId),
  };
}
