// Handlers that move a patient between workstations: the whole record written to one archive, and an archive added under new ids.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { HandlerMap } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { findPatient } from '../storage/patients.ts';
import { exportPatient } from '../transfer/export-patient.ts';
import { importPatientArchive } from '../transfer/import-patient.ts';
import type { ServiceContext } from './service-context.ts';

/** The window passes the paths the user typed or chose: relative paths would depend on the host's working folder. */
function absolute(method: string, file: string): string {
  if (!path.isAbsolute(file)) throw new ApiFailure('invalid-payload', `${method}: path: expected an absolute path, got '${file}'.`, undefined, detail('invalid-field', { method, field: 'path', detail: 'expected an absolute path' }));
  return file;
}

export function transferHandlers(context: ServiceContext): HandlerMap<'patients.export' | 'patients.import'> {
  return {
    'patients.export': (p) => {
      const file = absolute('patients.export', p.path);
      const db = context.storage();
      const patient = findPatient(db, p.patientId);
      if (!patient) throw new ApiFailure('not-found', `There is no patient with id ${p.patientId}.`, undefined, detail('missing', { thing: 'patient', id: String(p.patientId) }));
      return exportPatient(db, context.dataDir, patient.code, file);
    },
    'patients.import': (p) => {
      const file = absolute('patients.import', p.path);
      let isFile = false;
      try {
        isFile = statSync(file).isFile();
      } catch {
        // Reported below.
      }
      if (!isFile) throw new ApiFailure('not-found', `There is no patient archive ${file}.`, 'Check the path of the archive (written by Export on the other workstation).', detail('missing', { thing: 'file', id: file }));
      return importPatientArchive(() => context.storage(), context.dataDir, file);
    },
  };
}
