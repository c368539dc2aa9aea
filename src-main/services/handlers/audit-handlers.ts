// Handlers of the audit log and the integrity check: `audit.verify`, `audit.list`.
import type { HandlerMap } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { verifyDataFolder } from '../data-folder-check.ts';
import { listAudit } from '../storage/audit.ts';
import { findPatient } from '../storage/patients.ts';
import type { ServiceContext } from './service-context.ts';

export function auditHandlers(context: ServiceContext): HandlerMap<'audit.verify' | 'audit.list'> {
  return {
    'audit.verify': () => verifyDataFolder(context.storage(), context.dataDir),
    'audit.list': (p) => {
      const db = context.storage();
      if (p.patientId !== undefined && !findPatient(db, p.patientId)) {
        throw new ApiFailure('not-found', `There is no patient with id ${p.patientId}.`, undefined, detail('missing', { thing: 'patient', id: String(p.patientId) }));
      }
      return listAudit(db, { patientId: p.patientId, limit: p.limit });
    },
  };
}
