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
];
