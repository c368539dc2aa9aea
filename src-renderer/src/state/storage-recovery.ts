// What a read-only recovery of a damaged database gives back, arranged for the clinician: patients with their sessions.
import type { StorageRecovery } from '../../../src-main/contract/index.ts';

export interface RecoveredPatient {
  id: number | null;
  code: string;
  birthYear: number | null;
  lesionSide: string;
  /** Start times of the patient's readable sessions, oldest first. */
  sessions: string[];
}

export interface RecoveredSummary {
  patients: RecoveredPatient[];
  /** Rows that could not be read, per table (damaged pages), and tables that could not be read at all. */
  unreadable: { table: string; rows: number; error: string | null }[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));
const integer = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'bigint' ? Number(value) : null);

export function summariseRecovery(recovery: StorageRecovery): RecoveredSummary {
  const rowsOf = (table: 'patients' | 'sessions') => recovery.tables.find((t) => t.table === table)?.rows ?? [];
  const sessionsByPatient = new Map<number, string[]>();
  for (const row of rowsOf('sessions')) {
    const patientId = integer(row.patientId);
    if (patientId === null) continue;
    sessionsByPatient.set(patientId, [...(sessionsByPatient.get(patientId) ?? []), text(row.startedAt)]);
  }
  const patients = rowsOf('patients').map((row) => {
    const id = integer(row.id);
    return {
      id,
      code: text(row.code),
      birthYear: integer(row.birthYear),
      lesionSide: text(row.lesionSide) || 'unknown',
      sessions: (id !== null ? sessionsByPatient.get(id) ?? [] : []).sort(),
    };
  });
  const unreadable = recovery.tables.filter((t) => t.unreadableRows > 0 || t.error !== null).map((t) => ({ table: t.table, rows: t.unreadableRows, error: t.error }));
  return { patients, unreadable };
}
