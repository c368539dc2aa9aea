// The patient archive's manifest (format `neurofeat-patient-archive`, version 2; version 1 still read): its tables, columns and files, and the one check of a manifest read back.
import { hands, lesionSides, runKinds } from '../../contract/api.ts';
import { assessmentScaleIds, assessmentScales, isAssessmentScaleId, scoreProblem } from '../../contract/assessment-scales.ts';
import { ArchiveProblem, checkEntryName } from './ustar.ts';

export const ARCHIVE_FORMAT = 'neurofeat-patient-archive';
/** The version written. Version 2 added `assessments`; version 1 archives (without it) are still read. */
export const ARCHIVE_VERSION = 2;
export const READABLE_ARCHIVE_VERSIONS = [1, 2] as const;
export type ArchiveVersion = (typeof READABLE_ARCHIVE_VERSIONS)[number];
/** The first entry: the manifest; the second: its SHA-256 in `sha256sum` format, so a changed manifest is caught too. */
export const MANIFEST_ENTRY = 'manifest.json';
export const MANIFEST_DIGEST_ENTRY = 'manifest.json.sha256';

type ColumnType = 'int' | 'real' | 'text' | 'int?' | 'real?' | 'text?';

/** Version 2's tables with their columns as the database (schema 6) stores them; rows keep their source ids. */
export const archiveTables = {
  patients: { id: 'int', code: 'text', birth_year: 'int?', lesion_side: 'text', dominant_hand: 'text', notes: 'text', created_at: 'text' },
  sessions: { id: 'int', patient_id: 'int', started_at: 'text', notes: 'text' },
  runs: {
    id: 'int', session_id: 'int', kind: 'text', path: 'text', original_name: 'text', sha256: 'text', size_bytes: 'int', mtime_ms: 'real?',
    format: 'text', duration_sec: 'real', sample_rate_hz: 'real', channels_json: 'text', events_json: 'text', trials_json: 'text',
    quality_json: 'text', device: 'text?', settings_json: 'text?', lost_samples: 'int', interrupted: 'int', created_at: 'text',
  },
  attempts: {
    id: 'int', session_id: 'int', created_at: 'text', family: 'text', classifier: 'text', classes_json: 'text', run_ids_json: 'text',
    parameters_json: 'text', features_json: 'text', validation_json: 'text', rejected_json: 'text', accuracy: 'real', model_path: 'text?',
    model_sha256: 'text?', model_note: 'text?', elapsed_ms: 'real',
  },
  session_models: { session_id: 'int', attempt_id: 'int', chosen_at: 'text' },
  impedance_measurements: { id: 'int', session_id: 'int', device: 'text', measured_at: 'text', threshold_kohm: 'real', channels_json: 'text', go: 'int' },
  assessments: { id: 'int', session_id: 'int', scale: 'text', score: 'int', assessed_at: 'text', notes: 'text', replaces: 'int?', created_at: 'text' },
} as const satisfies Record<string, Record<string, ColumnType>>;

export type ArchiveTable = keyof typeof archiveTables;

/** The tables each version holds (version 1: all but `assessments`, with the same columns). */
export const versionTables: Record<ArchiveVersion, readonly ArchiveTable[]> = {
  1: ['patients', 'sessions', 'runs', 'attempts', 'session_models', 'impedance_measurements'],
  2: ['patients', 'sessions', 'runs', 'attempts', 'session_models', 'impedance_measurements', 'assessments'],
};

/** The columns whose values the database limits to a list (checked before the database is opened, to name the field). */
const allowedValues: Partial<Record<ArchiveTable, Record<string, readonly (string | number)[]>>> = {
  patients: { lesion_side: lesionSides, dominant_hand: hands },
  runs: { kind: runKinds, interrupted: [0, 1] },
  impedance_measurements: { go: [0, 1] },
  assessments: { scale: assessmentScaleIds },
};
export const archiveTableNames = Object.keys(archiveTables) as ArchiveTable[];
export type Row = Record<string, string | number | null>;

/** A recording (of a run) or a model (of an attempt) carried in the archive. */
export interface ArchiveFile {
  path: string;
  size: number;
  sha256: string;
  kind: 'recording' | 'model';
  /** The run's or the attempt's id in the source. */
  owner: number;
}

/** A manifest as written (version 2) or as read back: a version 1 manifest has no `assessments` rows (read as none). */
export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  version: ArchiveVersion;
  appVersion: string;
  /** The source database's schema version (migrations applied). */
  schemaVersion: number;
  exportedAt: string;
  patientCode: string;
  tables: Record<ArchiveTable, Row[]>;
  files: ArchiveFile[];
}

/** The archive's entry name of a run's recording (its extension kept) or an attempt's model. */
export function archiveEntryName(kind: ArchiveFile['kind'], owner: number, sourcePath: string): string {
  if (kind === 'model') return `models/attempt-${owner}.onnx`;
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(sourcePath)?.[0] ?? '';
  return `recordings/run-${owner}${extension.toLowerCase()}`;
}

/** The modelAttemptId a protocol run records, in its settings at `protocol` and `protocol.outcome` (docs/closed-loop.md). */
export function protocolAttemptIds(settingsJson: string | null): number[] {
  if (settingsJson === null) return [];
  const protocol = (JSON.parse(settingsJson) as { protocol?: { modelAttemptId?: unknown; outcome?: { modelAttemptId?: unknown } } } | null)?.protocol;
  return [protocol?.modelAttemptId, protocol?.outcome?.modelAttemptId].filter((id): id is number => typeof id === 'number');
}

/** The settings with every protocol modelAttemptId replaced through `map` (the JSON text is otherwise kept as it was). */
export function remapProtocolAttemptIds(settingsJson: string | null, map: Map<number, number>): string | null {
  if (protocolAttemptIds(settingsJson).length === 0) return settingsJson;
  const settings = JSON.parse(settingsJson!) as { protocol: { modelAttemptId?: number | null; outcome?: { modelAttemptId?: number | null } } };
  const swap = (id: number | null | undefined) => (typeof id === 'number' ? map.get(id)! : id);
  if (typeof settings.protocol.modelAttemptId === 'number') settings.protocol.modelAttemptId = swap(settings.protocol.modelAttemptId);
  if (settings.protocol.outcome && typeof settings.protocol.outcome.modelAttemptId === 'number') settings.protocol.outcome.modelAttemptId = swap(settings.protocol.outcome.modelAttemptId);
  return JSON.stringify(settings);
}

const problem = (text: string): ArchiveProblem => new ArchiveProblem(MANIFEST_ENTRY, text, 'invalid-manifest');
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSha256 = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

function checkRow(version: ArchiveVersion, table: ArchiveTable, index: number, row: unknown): Row {
  const where = `tables.${table}[${index}]`;
  if (!isObject(row)) throw problem(`${where} is not an object`);
  const columns = archiveTables[table] as Record<string, ColumnType>;
  for (const key of Object.keys(row)) if (!(key in columns)) throw problem(`${where} has a column '${key}' that version ${version} does not have`);
  for (const [column, type] of Object.entries(columns)) {
    const value = row[column];
    if (value === null && type.endsWith('?')) continue;
    const base = type.replace('?', '');
    const fits = base === 'text' ? typeof value === 'string' : typeof value === 'number' && Number.isFinite(value) && (base === 'real' || Number.isInteger(value));
    if (!fits) throw problem(`${where}.${column}: expected ${base === 'text' ? 'text' : base === 'int' ? 'an integer' : 'a number'}${type.endsWith('?') ? ' or null' : ''}, got ${JSON.stringify(value) ?? 'nothing'}`);
    const allowed = allowedValues[table]?.[column];
    if (allowed && !allowed.includes(value as string | number)) throw problem(`${where}.${column}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  }
  return row as Row;
}

function parseJsonColumn(where: string, text: unknown): unknown {
  try {
    return JSON.parse(String(text));
  } catch {
    throw problem(`${where} is not valid JSON`);
  }
}

/**
 * Reads a manifest back and checks everything an import relies on: the format and version, every row's columns and
 * types, one patient, rows that refer only to rows of the archive, and exactly one file for each run and each model
 * with the SHA-256 and size the rows record. Throws an ArchiveProblem naming the field.
 */
export function parseManifest(bytes: Uint8Array): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw problem(`is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw problem('is not a JSON object');
  if (value.format !== ARCHIVE_FORMAT) throw new ArchiveProblem(MANIFEST_ENTRY, `format is ${JSON.stringify(value.format) ?? 'missing'}, expected '${ARCHIVE_FORMAT}'`, 'not-an-archive');
  const version = value.version as ArchiveVersion;
  if (!READABLE_ARCHIVE_VERSIONS.includes(version)) {
    throw new ArchiveProblem(MANIFEST_ENTRY, `version ${JSON.stringify(value.version) ?? '(missing)'} is not known: this NeuroFeat reads versions ${READABLE_ARCHIVE_VERSIONS.join(' and ')}`, 'unknown-version');
  }
  for (const key of ['appVersion', 'exportedAt', 'patientCode'] as const) if (typeof value[key] !== 'string') throw problem(`${key} is missing`);
  if (typeof value.schemaVersion !== 'number') throw problem('schemaVersion is missing');
  if (!isObject(value.tables)) throw problem('tables is missing');
  // A table a version does not hold is read as empty (version 1: no assessments).
  const tables = Object.fromEntries(archiveTableNames.map((table) => [table, []])) as unknown as Record<ArchiveTable, Row[]>;
  for (const table of versionTables[version]) {
    const rows = value.tables[table];
    if (!Array.isArray(rows)) throw problem(`tables.${table} is missing`);
    tables[table] = rows.map((row, i) => checkRow(version, table, i, row));
  }
  for (const key of Object.keys(value.tables)) if (!(versionTables[version] as readonly string[]).includes(key)) throw problem(`tables.${key} is not a table of version ${version}`);

  if (tables.patients.length !== 1) throw problem(`tables.patients holds ${tables.patients.length} rows, expected one`);
  const patient = tables.patients[0];
  if (patient.code !== value.patientCode) throw problem(`patientCode ${JSON.stringify(value.patientCode)} is not the patient row's code`);
  const ids = (table: ArchiveTable) => {
    const set = new Set<number>();
    tables[table].forEach((row, i) => {
      if (set.has(row.id as number)) throw problem(`tables.${table}[${i}].id ${row.id} appears twice`);
      set.add(row.id as number);
    });
    return set;
  };
  const sessions = ids('sessions');
  const runs = ids('runs');
  const attempts = ids('attempts');
  ids('impedance_measurements');
  const assessments = ids('assessments');
  const refer = (table: ArchiveTable, column: string, known: Set<number>, thing: string) => tables[table].forEach((row, i) => {
    if (!known.has(row[column] as number)) throw problem(`tables.${table}[${i}].${column} ${row[column]} is not ${thing} of the archive`);
  });
  tables.sessions.forEach((row, i) => {
    if (row.patient_id !== patient.id) throw problem(`tables.sessions[${i}].patient_id ${row.patient_id} is not the archive's patient`);
  });
  for (const table of ['runs', 'attempts', 'session_models', 'impedance_measurements', 'assessments'] as const) refer(table, 'session_id', sessions, 'a session');
  checkAssessments(tables.assessments, assessments);
  refer('session_models', 'attempt_id', attempts, 'an attempt');
  const attemptSession = new Map(tables.attempts.map((row) => [row.id as number, row.session_id as number]));
  tables.session_models.forEach((row, i) => {
    if (attemptSession.get(row.attempt_id as number) !== row.session_id) throw problem(`tables.session_models[${i}]: attempt ${row.attempt_id} is not of session ${row.session_id}`);
  });
  tables.attempts.forEach((row, i) => {
    const runIds = parseJsonColumn(`tables.attempts[${i}].run_ids_json`, row.run_ids_json);
    if (!Array.isArray(runIds) || runIds.some((id) => typeof id !== 'number' || !runs.has(id))) throw problem(`tables.attempts[${i}].run_ids_json names a run that is not in the archive`);
    if ((row.model_path === null) !== (row.model_sha256 === null)) throw problem(`tables.attempts[${i}]: model_path and model_sha256 go together`);
  });
  tables.runs.forEach((row, i) => {
    for (const column of ['channels_json', 'events_json', 'trials_json', 'quality_json', 'settings_json']) if (row[column] !== null) parseJsonColumn(`tables.runs[${i}].${column}`, row[column]);
    if (protocolAttemptIds(row.settings_json as string | null).some((id) => !attempts.has(id))) throw problem(`tables.runs[${i}].settings_json names a model attempt that is not in the archive`);
  });

  if (!Array.isArray(value.files)) throw problem('files is missing');
  const paths = new Set<string>();
  const owners = new Set<string>();
  const files = value.files.map((file, i): ArchiveFile => {
    const where = `files[${i}]`;
    if (!isObject(file)) throw problem(`${where} is not an object`);
    if (typeof file.path !== 'string') throw problem(`${where}.path is missing`);
    try {
      checkEntryName(file.path);
    } catch {
      throw problem(`${where}.path ${JSON.stringify(file.path)} is not a plain relative name of at most 100 characters`);
    }
    if (file.path === MANIFEST_ENTRY || file.path === MANIFEST_DIGEST_ENTRY || paths.has(file.path)) throw problem(`${where}.path ${file.path} appears twice`);
    paths.add(file.path);
    if (typeof file.size !== 'number' || !Number.isInteger(file.size) || file.size < 0) throw problem(`${where}.size is not a byte count`);
    if (!isSha256(file.sha256)) throw problem(`${where}.sha256 is not a SHA-256 in hexadecimal`);
    if (file.kind !== 'recording' && file.kind !== 'model') throw problem(`${where}.kind is neither 'recording' nor 'model'`);
    if (typeof file.owner !== 'number' || !(file.kind === 'recording' ? runs : attempts).has(file.owner)) throw problem(`${where}.owner is not ${file.kind === 'recording' ? 'a run' : 'an attempt'} of the archive`);
    if (owners.has(`${file.kind}:${file.owner}`)) throw problem(`${where}: a second file for the same ${file.kind === 'recording' ? 'run' : 'attempt'}`);
    owners.add(`${file.kind}:${file.owner}`);
    return { path: file.path, size: file.size, sha256: file.sha256, kind: file.kind, owner: file.owner };
  });
  tables.runs.forEach((row) => {
    const file = files.find((f) => f.kind === 'recording' && f.owner === row.id);
    if (!file) throw problem(`run ${row.id} has no recording in files`);
    if (file.sha256 !== row.sha256 || file.size !== row.size_bytes) throw problem(`run ${row.id}: its file's SHA-256 or size differs from the run's`);
  });
  tables.attempts.forEach((row) => {
    const file = files.find((f) => f.kind === 'model' && f.owner === row.id);
    if ((row.model_path === null) !== (file === undefined)) throw problem(`attempt ${row.id}: ${file ? 'a model file for an attempt without a model' : 'its model is not in files'}`);
    if (file && file.sha256 !== row.model_sha256) throw problem(`attempt ${row.id}: its model file's SHA-256 differs from the attempt's`);
  });
  return { format: ARCHIVE_FORMAT, version, appVersion: value.appVersion as string, schemaVersion: value.schemaVersion, exportedAt: value.exportedAt as string, patientCode: value.patientCode as string, tables, files };
}

/**
 * The assessments' own rules, named by field: a score within its scale, and a correction (`replaces`) of an earlier
 * assessment of the archive (a lower id: one recorded before it), of the same session and scale, corrected once only.
 */
function checkAssessments(rows: Row[], ids: Set<number>): void {
  const byId = new Map(rows.map((row) => [row.id as number, row]));
  const replaced = new Set<number>();
  rows.forEach((row, i) => {
    const where = `tables.assessments[${i}]`;
    const scale = row.scale as string;
    if (isAssessmentScaleId(scale) && scoreProblem(assessmentScales[scale], row.score as number) !== null) {
      throw problem(`${where}.score ${row.score} is outside ${assessmentScales[scale].abbreviation}'s ${assessmentScales[scale].min} to ${assessmentScales[scale].max}`);
    }
    if (row.replaces === null) return;
    const earlier = byId.get(row.replaces as number);
    if (!ids.has(row.replaces as number) || !earlier || (row.replaces as number) >= (row.id as number)) throw problem(`${where}.replaces ${row.replaces} is not an earlier assessment of the archive`);
    if (earlier.session_id !== row.session_id || earlier.scale !== row.scale) throw problem(`${where}.replaces ${row.replaces}: an assessment of another session or scale`);
    if (replaced.has(row.replaces as number)) throw problem(`${where}.replaces ${row.replaces}: that assessment is corrected twice`);
    replaced.add(row.replaces as number);
  });
}
