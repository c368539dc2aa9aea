// Handlers of patients and their sessions, stored in the data folder's database.
import type { HandlerMap } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { listImpedanceMeasurements } from '../storage/impedance.ts';
import { createPatient, createSession, findSession, listPatients, listSessions } from '../storage/patients.ts';
import type { ServiceContext } from './service-context.ts';

export function patientHandlers(context: ServiceContext): HandlerMap<'patients.list' | 'patients.create' | 'sessions.list' | 'sessions.create' | 'sessions.impedance'> {
  return {
    'patients.list': () => listPatients(context.storage()),
    'patients.create': (p) => createPatient(context.storage(), p),
    'sessions.list': (p) => listSessions(context.storage(), p.patientId),
    'sessions.create': (p) => createSession(context.storage(), p.patientId, p.notes),
    'sessions.impedance': (p) => {
      const db = context.storage();
      if (!findSession(db, p.sessionId)) throw new ApiFailure('not-found', `There is no session with id ${p.sessionId}.`, undefined, detail('missing', { thing: 'session', id: String(p.sessionId) }));
      return listImpedanceMeasurements(db, p.sessionId);
    },
  };
}
