// The database schema as an ordered list of migrations; a database records which ones it has applied.
import type { DatabaseSync } from 'node:sqlite';
import { startAuditLog } from './audit.ts';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Rows the migration writes after its SQL, in the same transaction (what SQL alone cannot compute, e.g. a SHA-256). */
  after?: (db: DatabaseSync) => void;
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
  {
    version: 3,
    description: 'runs of a session (imported and recorded), training attempts, the model chosen per session',
    // Additive. One runs table for imported files and the app's own recordings: device, settings, lost
    // samples and the interrupted flag are the recorder's (NULL / 0 for an imported file); sha256 and bytes
    // are NULL only while a recording is still being written. size_bytes and mtime_ms let a listing notice a
    // changed file without hashing it; the SHA-256 is checked whenever the file is used.
    sql: `
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('imported', 'calibration', 'online')),
        path TEXT NOT NULL UNIQUE,
        original_name TEXT NOT NULL,
        sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
        size_bytes INTEGER CHECK (size_bytes IS NULL OR size_bytes >= 0),
        mtime_ms REAL,
        format TEXT NOT NULL,
        duration_sec REAL NOT NULL,
        sample_rate_hz REAL NOT NULL,
        channels_json TEXT NOT NULL,
        events_json TEXT NOT NULL,
        trials_json TEXT NOT NULL,
        quality_json TEXT NOT NULL,
        device TEXT,
        settings_json TEXT,
        lost_samples INTEGER NOT NULL DEFAULT 0 CHECK (lost_samples >= 0),
        interrupted INTEGER NOT NULL DEFAULT 0 CHECK (interrupted IN (0, 1)),
        created_at TEXT NOT NULL
      );
      CREATE INDEX runs_by_session ON runs(session_id, created_at);
      CREATE INDEX runs_by_sha256 ON runs(sha256);
      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE RESTRICT,
        created_at TEXT NOT NULL,
        family TEXT NOT NULL,
        classifier TEXT NOT NULL,
        classes_json TEXT NOT NULL,
        run_ids_json TEXT NOT NULL,
        parameters_json TEXT NOT NULL,
        features_json TEXT NOT NULL,
        validation_json TEXT NOT NULL,
        rejected_json TEXT NOT NULL,
        accuracy REAL NOT NULL,
        model_path TEXT,
        model_sha256 TEXT CHECK (model_sha256 IS NULL OR length(model_sha256) = 64),
        model_note TEXT,
        elapsed_ms REAL NOT NULL
      );
      CREATE INDEX attempts_by_session ON attempts(session_id, created_at);
      CREATE TABLE session_models (
        session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE RESTRICT,
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE RESTRICT,
        chosen_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'electrode impedance measured before recording, kept with the session',
    // Additive. One row per finished measurement (Cyton lead-off, docs/devices.md); channels_json holds
    // [{channel, label, kOhm, go}] as judged against threshold_kohm at the time.
    sql: `
      CREATE TABLE impedance_measurements (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE RESTRICT,
        device TEXT NOT NULL,
        measured_at TEXT NOT NULL,
        threshold_kohm REAL NOT NULL CHECK (threshold_kohm > 0),
        channels_json TEXT NOT NULL,
        go INTEGER NOT NULL CHECK (go IN (0, 1))
      );
      CREATE INDEX impedance_by_session ON impedance_measurements(session_id, measured_at);
    `,
  },
  {
    version: 5,
    description: 'the append-only audit log (hash chain), started with what existed before it',
    // Additive. AUTOINCREMENT keeps the highest id ever used in sqlite_sequence, so entries removed from the end
    // are still noticed. The triggers refuse any change or removal: the log is append-only (docs/architecture.md, "The audit log").
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('app', 'cli')),
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        details_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL CHECK (length(hash) = 64)
      );
      CREATE INDEX audit_by_subject ON audit_log(subject);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be deleted'); END;
    `,
    after: startAuditLog,
  },
  {
    version: 6,
    description: 'clinical assessments per session (FMA-UE, ARAT), corrected by replacement',
    // Additive. The ranges repeat contract/assessment-scales.ts as it was when this migration was written (a
    // migration never changes; test/services/assessments.test.ts checks that the two agree). A wrong score is
    // never updated nor deleted: a new row `replaces` it, and UNIQUE lets an assessment be corrected only once.
    sql: `
      CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE RESTRICT,
        scale TEXT NOT NULL CHECK (scale IN ('fma-ue', 'arat')),
        score INTEGER NOT NULL CHECK (typeof(score) = 'integer' AND score >= 0 AND score <= CASE scale WHEN 'fma-ue' THEN 66 WHEN 'arat' THEN 57 END),
        assessed_at TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        replaces INTEGER UNIQUE REFERENCES assessments(id) ON DELETE RESTRICT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX assessments_by_session ON assessments(session_id, assessed_at);
    `,
  },
];
