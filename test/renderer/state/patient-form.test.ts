// The new-patient form check mirrors the contract's rules, so what the form lets through the main side accepts.
import { describe, expect, it } from 'vitest';
import { api, type Patient } from '../../../src-main/contract/index.ts';
import { emptyPatientForm, filterPatients, patientFormToInput, sortPatients, upsertPatient } from '../../../src-renderer/src/state/patient-form.ts';

const form = (fields: Partial<ReturnType<typeof emptyPatientForm>>) => ({ ...emptyPatientForm(), ...fields });

describe('patientFormToInput', () => {
  it('accepts a pseudonymous code and produces a payload the contract schema accepts unchanged', () => {
    const checked = patientFormToInput(form({ code: '  RH-001 ', birthYear: '1958', lesionSide: 'right', dominantHand: 'left', notes: 'hemiparesis' }), 2026);
    expect(checked).toEqual({ ok: true, input: { code: 'RH-001', birthYear: 1958, lesionSide: 'right', dominantHand: 'left', notes: 'hemiparesis' } });
    if (checked.ok) expect(api['patients.create'].params.parse(checked.input)).toEqual({ ok: true, value: checked.input });
  });

  it('refuses names and other codes the contract refuses, naming the code field', () => {
    for (const code of ['Jean Dupont', '', 'x', '-abc', 'a'.repeat(33), 'éric']) {
      expect(patientFormToInput(form({ code }), 2026)).toEqual({ ok: false, problem: { field: 'code', messageKey: 'codeRule' } });
      expect(api['patients.create'].params.parse({ code }).ok).toBe(false);
    }
  });

  it('treats an empty year as unknown and refuses years that are not four digits within range', () => {
    const empty = patientFormToInput(form({ code: 'P01', birthYear: ' ' }), 2026);
    expect(empty.ok && empty.input.birthYear).toBeNull();
    for (const birthYear of ['58', '1899', '2027', '19a8', '1958.5']) {
      expect(patientFormToInput(form({ code: 'P01', birthYear }), 2026)).toEqual({ ok: false, problem: { field: 'birthYear', messageKey: 'birthYearRange' } });
    }
  });

  it('refuses notes longer than the contract allows', () => {
    expect(patientFormToInput(form({ code: 'P01', notes: 'x'.repeat(4001) }), 2026)).toEqual({ ok: false, problem: { field: 'notes', messageKey: 'notesTooLong' } });
  });
});

describe('patient list updates', () => {
  const p = (id: number, code: string): Patient => ({ id, code, birthYear: null, lesionSide: 'unknown', dominantHand: 'unknown', notes: '', createdAt: '2026-01-01T00:00:00Z' });

  it('orders codes naturally and replaces an existing entry by id', () => {
    const list = sortPatients([p(1, 'P10'), p(2, 'p2'), p(3, 'A1')]);
    expect(list.map((x) => x.code)).toEqual(['A1', 'p2', 'P10']);
    const updated = upsertPatient(list, { ...p(2, 'B7') });
    expect(updated.map((x) => x.code)).toEqual(['A1', 'B7', 'P10']);
    expect(list.map((x) => x.code)).toEqual(['A1', 'p2', 'P10']);
  });

  it('filters by code, ignoring case', () => {
    const list = [p(1, 'RH-001'), p(2, 'LH-002'), p(3, 'rh-010')];
    expect(filterPatients(list, 'rh').map((x) => x.id)).toEqual([1, 3]);
    expect(filterPatients(list, '  ')).toHaveLength(3);
  });
});
