// The database schema as an ordered list of migrations; a database records which ones it has applied.

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'patients and sessions',
    sql: `
      CREATE TABLE patients (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE COLLATE NOCASE,
        birth_year INTEGER,
        lesion_side TEXT NOT NULL CHECK (lesion_side IN ('left', 'right', 'bilateral', 'none', 'unknown')),
        dominant_hand TEXT NOT NULL CHECK (dominant_hand IN ('left', 'right', 'ambidextrous', 'unknown')),
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE RESTRICT,
        started_at TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX sessions_by_patient ON sessions(patient_id, started_at);
    `,
  },
  {
    version: 2,
    description: 'feature cache index: parameter sets and per-recording cache entries',
    // Additive: new tables only. parameters_json is NULL for a set known only from a cache file's header.
    // The primary key, recording first, is the index by recording; the other two serve deletion of a
    // parameter set and least-recently-used pruning.
    sql: `
      CREATE TABLE parameter_sets (
        hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
        parameters_json TEXT,
        code_version INTEGER,
        method TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE feature_cache_entries (
        recording_sha256 TEXT NOT NULL CHECK (length(recording_sha256) = 64),
        parameter_hash TEXT NOT NULL REFERENCES parameter_sets(hash) ON DELETE CASCADE,
        path TEXT NOT NULL,
        bytes INTEGER NOT NULL CHECK (bytes >= 0),
        n_trials INTEGER NOT NULL CHECK (n_trials >= 0),
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL,
        PRIMARY KEY (recording_sha256, parameter_hash)
      );
      CREATE INDEX feature_cache_by_parameters ON feature_cache_entries(parameter_hash);
      CREATE INDEX feature_cache_by_last_use ON feature_cache_entries(last_used_at);
    `,
  },
];
