// The patient archive's manifest check: each way a manifest can be wrong is refused with the field named; protocol attempt ids remapped.
import { describe, expect, it } from 'vitest';
import { parseManifest, remapProtocolAttemptIds, type Manifest } from '../../../src-main/services/transfer/archive-format.ts';

const digest = 'a'.repeat(64);
const model = 'b'.repeat(64);

function sample(): Manifest {
  return {
    format: 'neurofeat-patient-archive', version: 2, appVersion: '0.1.0', schemaVersion: 6, exportedAt: '2026-11-30T12:00:00.000Z', patientCode: 'P-01',
    tables: {
      patients: [{ id: 4, code: 'P-01', birth_year: null, lesion_side: 'left', dominant_hand: 'right', notes: '', created_at: 't' }],
      sessions: [{ id: 7, patient_id: 4, started_at: 't', notes: '' }],
      runs: [{
        id: 9, session_id: 7, kind: 'imported', path: 'recordings/session-7/a.edf', original_name: 'a.edf', sha256: digest, size_bytes: 10, mtime_ms: 1.5,
        format: 'EDF+C', duration_sec: 1, sample_rate_hz: 160, channels_json: '[]', events_json: '[]', trials_json: '{}', quality_json: '{}', device: null,
        settings_json: JSON.stringify({ protocol: { kind: 'online', modelAttemptId: 11, outcome: { modelAttemptId: 11, trialsDone: 3 } } }), lost_samples: 0, interrupted: 0, created_at: 't',
      }],
      attempts: [{
        id: 11, session_id: 7, created_at: 't', family: 'psd', classifier: 'slda', classes_json: '["T1","T2"]', run_ids_json: '[9]', parameters_json: '{}',
        features_json: '[]', validation_json: '{}', rejected_json: '[]', accuracy: 0.7, model_path: 'models/session-7/m.onnx', model_sha256: model, model_note: null, elapsed_ms: 12,
      }],
      session_models: [{ session_id: 7, attempt_id: 11, chosen_at: 't' }],
      impedance_measurements: [{ id: 2, session_id: 7, device: 'cyton', measured_at: 't', threshold_kohm: 10, channels_json: '[]', go: 1 }],
      assessments: [
        { id: 3, session_id: 7, scale: 'fma-ue', score: 40, assessed_at: '2026-11-30', notes: '', replaces: null, created_at: 't' },
        { id: 5, session_id: 7, scale: 'fma-ue', score: 42, assessed_at: '2026-11-30', notes: 'typing error', replaces: 3, created_at: 't' },
        { id: 6, session_id: 7, scale: 'arat', score: 20, assessed_at: '2026-11-30', notes: '', replaces: null, created_at: 't' },
      ],
    },
    files: [
      { path: 'recordings/run-9.edf', size: 10, sha256: digest, kind: 'recording', owner: 9 },
      { path: 'models/attempt-11.onnx', size: 20, sha256: model, kind: 'model', owner: 11 },
    ],
  };
}

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
const refusal = (change: (m: Manifest & Record<string, unknown>) => void): string => {
  const manifest = sample() as Manifest & Record<string, unknown>;
  change(manifest);
  try {
    parseManifest(bytes(manifest));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('parseManifest', () => {
  it('accepts a consistent manifest as it was written', () => {
    expect(parseManifest(bytes(sample()))).toEqual(sample());
  });

  it('reads a version 1 manifest (no assessments table) as one without assessments', () => {
    const v1 = sample();
    v1.version = 1;
    delete (v1.tables as Partial<Manifest['tables']>).assessments;
    expect(parseManifest(bytes(v1))).toEqual({ ...sample(), version: 1, tables: { ...sample().tables, assessments: [] } });
  });

  it('refuses each inconsistency, naming the field', () => {
    const cases: [(m: Manifest & Record<string, unknown>) => void, string][] = [
      [(m) => { (m as { format: string }).format = 'zip'; }, `format is "zip", expected 'neurofeat-patient-archive'`],
      [(m) => { (m as { version: number }).version = 3; }, 'version 3 is not known: this NeuroFeat reads versions 1 and 2'],
      [(m) => { delete (m as Partial<Manifest>).version; }, 'version (missing) is not known: this NeuroFeat reads versions 1 and 2'],
      [(m) => { (m as { version: number }).version = 1; }, 'tables.assessments is not a table of version 1'],
      [(m) => { delete (m.tables as Partial<Manifest['tables']>).assessments; }, 'tables.assessments is missing'],
      [(m) => { m.tables.assessments[0].score = 67; }, "tables.assessments[0].score 67 is outside FMA-UE's 0 to 66"],
      [(m) => { m.tables.assessments[2].score = 58; }, "tables.assessments[2].score 58 is outside ARAT's 0 to 57"],
      [(m) => { m.tables.assessments[0].score = 4.5; }, 'tables.assessments[0].score: expected an integer, got 4.5'],
      [(m) => { m.tables.assessments[0].scale = 'nihss'; }, 'tables.assessments[0].scale: "nihss" is not one of fma-ue, arat'],
      [(m) => { m.tables.assessments[0].session_id = 8; }, 'tables.assessments[0].session_id 8 is not a session of the archive'],
      [(m) => { m.tables.assessments[1].replaces = 4; }, 'tables.assessments[1].replaces 4 is not an earlier assessment of the archive'],
      [(m) => { m.tables.assessments[0].replaces = 5; m.tables.assessments[1].replaces = null; }, 'tables.assessments[0].replaces 5 is not an earlier assessment of the archive'],
      [(m) => { m.tables.assessments[2].replaces = 3; m.tables.assessments[2].scale = 'fma-ue'; }, 'tables.assessments[2].replaces 3: that assessment is corrected twice'],
      [(m) => { m.tables.assessments[2].replaces = 3; }, 'tables.assessments[2].replaces 3: an assessment of another session or scale'],
      [(m) => { m.tables.patients.push({ ...m.tables.patients[0], id: 5 }); }, 'tables.patients holds 2 rows, expected one'],
      [(m) => { m.tables.sessions[0].patient_id = 3; }, 'tables.sessions[0].patient_id 3 is not the archive\'s patient'],
      [(m) => { m.tables.runs[0].session_id = 8; }, 'tables.runs[0].session_id 8 is not a session of the archive'],
      [(m) => { m.tables.runs[0].size_bytes = '10'; }, 'tables.runs[0].size_bytes: expected an integer, got "10"'],
      [(m) => { m.tables.runs[0].extra = 1; }, "tables.runs[0] has a column 'extra' that version 2 does not have"],
      [(m) => { m.tables.runs[0].channels_json = '[C3'; }, 'tables.runs[0].channels_json is not valid JSON'],
      [(m) => { m.tables.attempts[0].run_ids_json = '[9, 10]'; }, 'tables.attempts[0].run_ids_json names a run that is not in the archive'],
      [(m) => { m.tables.runs[0].settings_json = '{"protocol":{"modelAttemptId":12}}'; }, 'tables.runs[0].settings_json names a model attempt that is not in the archive'],
      [(m) => { m.tables.session_models[0].attempt_id = 12; }, 'tables.session_models[0].attempt_id 12 is not an attempt of the archive'],
      [(m) => { m.files.pop(); }, 'attempt 11: its model is not in files'],
      [(m) => { m.files[0].sha256 = model; }, 'run 9: its file\'s SHA-256 or size differs from the run\'s'],
      [(m) => { m.files[1].path = '../m.onnx'; }, 'files[1].path "../m.onnx" is not a plain relative name of at most 100 characters'],
      [(m) => { m.files[1].path = m.files[0].path; }, 'files[1].path recordings/run-9.edf appears twice'],
      [(m) => { (m.tables as Record<string, unknown>).audit = []; }, 'tables.audit is not a table of version 2'],
      [(m) => { m.tables.runs[0].kind = 'replayed'; }, 'tables.runs[0].kind: "replayed" is not one of imported, calibration, online'],
      [(m) => { m.tables.impedance_measurements[0].go = 2; }, 'tables.impedance_measurements[0].go: 2 is not one of 0, 1'],
    ];
    for (const [change, expected] of cases) expect(refusal(change)).toBe(`entry manifest.json: ${expected}`);
    expect(() => parseManifest(Buffer.from('{"format":'))).toThrow(/^entry manifest\.json: is not valid JSON/);
  });

  it('remaps the model attempt a protocol run names, at protocol and protocol.outcome, keeping the rest', () => {
    const settings = sample().tables.runs[0].settings_json as string;
    expect(JSON.parse(remapProtocolAttemptIds(settings, new Map([[11, 3]]))!)).toEqual({ protocol: { kind: 'online', modelAttemptId: 3, outcome: { modelAttemptId: 3, trialsDone: 3 } } });
    const plain = '{"gain":24}';
    expect(remapProtocolAttemptIds(plain, new Map())).toBe(plain);
    expect(remapProtocolAttemptIds(null, new Map())).toBeNull();
  });
});
