// Handlers of patients and their sessions, stored in the data folder's database.
import type { HandlerMap } from '../../contract/api.ts';
import { createPatient, createSession, listPatients, listSessions } from '../storage/patients.ts';
import type { ServiceContext } from './service-context.ts';

export function patientHandlers(context: ServiceContext): HandlerMap<'patients.list' | 'patients.create' | 'sessions.list' | 'sessions.create'> {
  return {
    'patients.list': () => listPatients(context.storage()),
    'patients.create': (p) => createPatient(context.storage(), p),
    'sessions.list': (p) => listSessions(context.storage(), p.patientId),
    'sessions.create': (p) => createSession(context.storage(), p.patientId, p.notes),
  };
}
