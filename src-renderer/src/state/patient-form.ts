// The new-patient form as plain data, and its check before anything is sent: pure so it is tested without a browser.
import { PATIENT_CODE_PATTERN, type hands, type lesionSides, type Patient, type PatientInput } from '../../../src-main/contract/index.ts';

export interface PatientForm {
  code: string;
  /** As typed: empty means unknown. */
  birthYear: string;
  lesionSide: (typeof lesionSides)[number];
  dominantHand: (typeof hands)[number];
  notes: string;
}

export type PatientFormField = 'code' | 'birthYear' | 'notes';

/** Which field is wrong and the message key that says why (the page shows it next to that field). */
export interface FieldProblem {
  field: PatientFormField;
  messageKey: 'codeRule' | 'birthYearRange' | 'notesTooLong';
}

export const emptyPatientForm = (): PatientForm => ({ code: '', birthYear: '', lesionSide: 'unknown', dominantHand: 'unknown', notes: '' });

export const MIN_BIRTH_YEAR = 1900;
export const NOTES_MAX_CHARS = 4000;

/** Turns the form into the `patients.create` payload, or names the first field that would be refused. */
export function patientFormToInput(form: PatientForm, currentYear: number): { ok: true; input: PatientInput } | { ok: false; problem: FieldProblem } {
  const code = form.code.trim();
  if (!PATIENT_CODE_PATTERN.test(code)) return { ok: false, problem: { field: 'code', messageKey: 'codeRule' } };
  const yearText = form.birthYear.trim();
  let birthYear: number | null = null;
  if (yearText !== '') {
    birthYear = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
    if (!(birthYear >= MIN_BIRTH_YEAR && birthYear <= currentYear)) return { ok: false, problem: { field: 'birthYear', messageKey: 'birthYearRange' } };
  }
  if (form.notes.length > NOTES_MAX_CHARS) return { ok: false, problem: { field: 'notes', messageKey: 'notesTooLong' } };
  return { ok: true, input: { code, birthYear, lesionSide: form.lesionSide, dominantHand: form.dominantHand, notes: form.notes } };
}

/** The list after a patient was created or changed: one entry per id, ordered by code as clinicians look them up. */
export function upsertPatient(list: readonly Patient[], patient: Patient): Patient[] {
  const next = list.filter((p) => p.id !== patient.id);
  next.push(patient);
  return sortPatients(next);
}

export function sortPatients(list: readonly Patient[]): Patient[] {
  return [...list].sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true, sensitivity: 'base' }) || a.id - b.id);
}

/** Patients whose code contains the filter text, ignoring case. */
export function filterPatients(list: readonly Patient[], text: string): Patient[] {
  const needle = text.trim().toLowerCase();
  return needle === '' ? [...list] : list.filter((p) => p.code.toLowerCase().includes(needle));
}
