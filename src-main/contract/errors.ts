// The closed set of errors the API returns as values, each with an operator-facing message and a recovery hint.
import type { CoreProblems } from '../core/errors.ts';

export type ApiErrorCode =
  | 'invalid-payload'
  | 'unknown-method'
  | 'unauthorized'
  | 'not-found'
  | 'conflict'
  | 'bad-input'
  | 'file-changed'
  | 'unknown-device'
  | 'device-unavailable'
  | 'already-acquiring'
  | 'not-acquiring'
  | 'storage-unwritable'
  | 'engine-unavailable'
  | 'internal';

/**
 * Why a device could not start, for the renderer to word: what it still needs (`needs-*`), the serial port
 * (missing, permission, busy), the amplifier's answer (none, board off, another device or baud rate, no Daisy),
 * the network source (no such stream, several, not a signal stream, host unreachable), or anything else (`failed`).
 */
export const deviceProblems = [
  'needs-port', 'needs-file', 'needs-stream', 'needs-host',
  'port-missing', 'port-denied', 'port-busy',
  'no-answer', 'board-off', 'wrong-device', 'no-daisy',
  'stream-not-found', 'stream-ambiguous', 'stream-unsuitable', 'host-unreachable',
  'file-unreadable', 'failed',
] as const;
export type DeviceProblem = (typeof deviceProblems)[number];

/**
 * Why a patient archive was refused (`patients.import`, `neurofeat import`): not an archive, cut short, altered
 * (a SHA-256 or size differs), an entry missing, a manifest version this NeuroFeat does not read, a manifest
 * that contradicts itself, or a damaged structure (a tar header).
 */
export const archiveProblems = ['not-an-archive', 'truncated', 'altered', 'missing-entry', 'unknown-version', 'invalid-manifest', 'damaged'] as const;
export type ArchiveProblemKind = (typeof archiveProblems)[number];

/** Things a `missing` error can be about; the renderer words each in the user's language. */
export type MissingThing = 'patient' | 'session' | 'run' | 'attempt' | 'job' | 'file' | 'model';

/**
 * Why a call failed, as parameters the renderer words in the user's language (`errors.reasons.<reason>` in
 * src-renderer/src/i18n). The English `message` stays for the CLI, logs and any reason the renderer lacks.
 * The core's problems (too few trials for the folds, a class without events, a band outside the spectrum...) are
 * reasons too: a failed job carries them as a refused call does.
 */
export interface ErrorReasons extends CoreProblems {
  /** A payload field does not fit its schema: the method, the field path and the schema's English words. */
  'invalid-field': { method: string; field: string; detail: string };
  missing: { thing: MissingThing; id: string };
  'already-exists': { thing: 'patient' | 'run' | 'file'; name: string; existingId?: number };
  /** A patient archive refused before anything was written: the archive, the entry concerned (null: the whole archive), the problem. */
  'archive-refused': { file: string; entry: string | null; problem: ArchiveProblemKind };
  /** A patient archive cannot be written in this folder (missing, read-only, not permitted). */
  'export-unwritable': { folder: string };
  'not-a-recording': { file: string; detail: string };
  'runs-differ': { first: number; second: number; what: 'sample-rate' | 'channels' };
  'file-changed': { thing: 'run' | 'model'; id: number; missing: boolean };
  'no-model': { attemptId: number };
  'other-session': { attemptId: number; sessionId: number };
  'storage-unwritable': { folder: string };
  /** The database file exists but cannot be used: empty, not openable, failing its integrity check, or not SQLite. */
  'database-damaged': { file: string; problem: 'empty' | 'unopenable' | 'integrity' | 'not-sqlite' };
  /** The database was written by a newer NeuroFeat (its schema version, and the newest this one knows). */
  'database-newer': { schema: number; known: number };
  /** The amplifier acquires for another session (recording, or only monitoring). */
  'amplifier-busy': { sessionId: number | null; patientCode: string | null; recording: boolean };
  /** A device could not start: the device id, the problem, the port / stream / host / file concerned, the English detail. */
  'device-failed': { device: string; problem: DeviceProblem; target: string | null; detail: string };
  /** The settings file could not be written. */
  'settings-unwritable': { file: string; detail: string };
  /** A protocol run needs the session's own acquisition running (a recording or a signal check). */
  'no-acquisition': { sessionId: number };
  /** An online run needs the session's chosen model (`models.choose`). */
  'no-chosen-model': { sessionId: number };
  /** The chosen model needs channels (named) or a sample rate the running amplifier lacks. */
  'model-mismatch': { attemptId: number; what: 'channels' | 'sample-rate'; missing: string; modelRateHz: number; deviceRateHz: number };
  /** Pause, resume, abort or start do not fit the run's state (`idle`: no run). */
  'protocol-state': { action: 'start' | 'pause' | 'resume' | 'abort'; state: 'idle' | 'running' | 'pausing' | 'paused' };
  /** The patient's window was asked for a display that is not connected (`count` displays are). */
  'display-missing': { display: number; count: number };
  /** A session sent a cue while the amplifier acquires for another one (`ownerSessionId`), or for none (a signal check). */
  'cue-not-owner': { sessionId: number; ownerSessionId: number | null; patientCode: string | null };
  /**
   * Impedance cannot be measured now: the acquisition records (impedance needs a signal check), the device has no
   * lead-off measurement, a measurement is already under way (or none is, for a cancel), or a channel is not the device's.
   */
  'impedance-refused': { device: string; why: 'recording' | 'unsupported' | 'measuring' | 'not-measuring' | 'channel'; channel?: number; channels?: number };
  /**
   * A clinical assessment refused: the scale is not one NeuroFeat knows, the score is outside the scale's range or not
   * whole points, the day is not a calendar day, or `replaces` names an assessment that does not exist, is of another
   * session or scale, or was already corrected.
   */
  'assessment-refused': {
    why: 'unknown-scale' | 'score-out-of-range' | 'score-not-integer' | 'bad-day' | 'replaces-missing' | 'replaces-other' | 'already-replaced';
    scale: string;
    score: number;
    min?: number;
    max?: number;
    replaces?: number;
  };
  /** A trained model did not give NeuroFeat's probabilities in onnxruntime (or could not be loaded there): not stored. */
  'model-unchecked': { trial: number | null };
}
export type ErrorReason = keyof ErrorReasons;
export type ErrorDetail = { [R in ErrorReason]: { reason: R; params: ErrorReasons[R] } }[ErrorReason];

export interface ApiError {
  code: ApiErrorCode;
  /** One sentence that names the problem: the field, the value, the device, the folder (English). */
  message: string;
  /** What the clinician can do about it, when there is something (English). */
  recovery?: string;
  /** The same problem as a reason with parameters, for the renderer to word in the user's language. */
  detail?: ErrorDetail;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const err = (code: ApiErrorCode, message: string, recovery?: string): { ok: false; error: ApiError } => ({
  ok: false,
  error: recovery ? { code, message, recovery } : { code, message },
});

/** Thrown inside handlers; transports turn it into a `Result` error value. */
export class ApiFailure extends Error {
  readonly error: ApiError;
  constructor(code: ApiErrorCode, message: string, recovery?: string, detail?: ErrorDetail) {
    super(message);
    this.name = 'ApiFailure';
    this.error = { code, message, ...(recovery ? { recovery } : {}), ...(detail ? { detail } : {}) };
  }
}

/** A typed detail: `detail('missing', {thing: 'session', id: '4'})`. */
export const detail = <R extends ErrorReason>(reason: R, params: ErrorReasons[R]): ErrorDetail => ({ reason, params }) as ErrorDetail;
