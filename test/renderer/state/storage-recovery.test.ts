import { describe, expect, it } from 'vitest';
import { summariseRecovery } from '../../../src-renderer/src/state/storage-recovery.ts';

describe('summariseRecovery', () => {
  it('lists the recovered patients with their sessions, and says which rows and tables could not be read', () => {
    const summary = summariseRecovery({
      file: '/data/neurofeat.sqlite',
      tables: [
        { table: 'patients', rows: [{ id: 1, code: 'P001', birthYear: 1950, lesionSide: 'left' }, { id: 2, code: 'P002', birthYear: null, lesionSide: null }], unreadableRows: 3, error: null },
        { table: 'sessions', rows: [{ id: 5, patientId: 1, startedAt: '2026-02-01T10:00:00Z' }, { id: 4, patientId: 1, startedAt: '2026-01-01T10:00:00Z' }, { id: 6, patientId: 9, startedAt: 'x' }], unreadableRows: 0, error: null },
      ],
    });
    expect(summary.patients).toEqual([
      { id: 1, code: 'P001', birthYear: 1950, lesionSide: 'left', sessions: ['2026-01-01T10:00:00Z', '2026-02-01T10:00:00Z'] },
      { id: 2, code: 'P002', birthYear: null, lesionSide: 'unknown', sessions: [] },
    ]);
    expect(summary.unreadable).toEqual([{ table: 'patients', rows: 3, error: null }]);
  });

  it('reports a table that could not be read at all', () => {
    const summary = summariseRecovery({ file: 'f', tables: [{ table: 'patients', rows: [], unreadableRows: 0, error: 'the database file is missing or empty' }, { table: 'sessions', rows: [], unreadableRows: 0, error: null }] });
    expect(summary).toEqual({ patients: [], unreadable: [{ table: 'patients', rows: 0, error: 'the database file is missing or empty' }] });
  });
});
