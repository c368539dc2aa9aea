// Handlers of the clinical assessments a therapist records per session (FMA-UE, ARAT).
import type { HandlerMap } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { addAssessment, listPatientAssessments } from '../storage/assessments.ts';
import { findPatient } from '../storage/patients.ts';
import type { ServiceContext } from './service-context.ts';

export function assessmentHandlers(context: ServiceContext): HandlerMap<'assessments.add' | 'assessments.list'> {
  return {
    'assessments.add': (p) => addAssessment(context.storage(), p),
    'assessments.list': (p) => {
      const db = context.storage();
      if (!findPatient(db, p.patientId)) throw new ApiFailure('not-found', `There is no patient with id ${p.patientId}.`, undefined, detail('missing', { thing: 'patient', id: String(p.patientId) }));
      return listPatientAssessments(db, p.patientId);
    },
  };
}
