// Reading one patient's review for a command (`report`, `review`): the data folder must hold a database, the code must name a patient.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PatientReview } from '../contract/api.ts';
import { patientReview } from '../services/review/patient-review.ts';
import { DATABASE_FILE, openDatabase } from '../services/storage/database.ts';
import { findPatientByCode } from '../services/storage/patients.ts';
import { resolveDataDir } from '../services/paths.ts';
import { stringFlag, UsageError, type ParsedArgs } from './command.ts';
import { terminalSafe } from './terminal-text.ts';

/** The `--patient` code (required) and the `--data-dir` folder of a reading command. */
export function patientCodeFlag(args: ParsedArgs): string {
  const code = stringFlag(args, 'patient');
  if (code === undefined || code.trim() === '') throw new UsageError('--patient: expected the patient\'s code');
  return code;
}

/** The patient's review, read without creating anything: a folder without a database, or an unknown code, is a usage error naming it. */
export function readPatientReview(args: ParsedArgs, code: string): { review: PatientReview; dataDir: string } {
  const dataDir = resolveDataDir(stringFlag(args, 'data-dir'));
  if (!existsSync(path.join(dataDir, DATABASE_FILE))) throw new UsageError(`--data-dir: there is no NeuroFeat database in ${terminalSafe(dataDir)}`);
  const db = openDatabase(dataDir, 'cli');
  try {
    const patient = findPatientByCode(db, code);
    if (!patient) throw new UsageError(`--patient: there is no patient with code '${terminalSafe(code)}' in ${terminalSafe(dataDir)}`);
    return { review: patientReview(db, patient.id), dataDir };
  } finally {
    db.close();
  }
}
