// The closed set of errors the API returns as values, each with an operator-facing message and a recovery hint.

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

export interface ApiError {
  code: ApiErrorCode;
  /** One sentence that names the problem: the field, the value, the device, the folder. */
  message: string;
  /** What the clinician can do about it, when there is something. */
  recovery?: string;
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
  constructor(code: ApiErrorCode, message: string, recovery?: string) {
    super(message);
    this.name = 'ApiFailure';
    this.error = recovery ? { code, message, recovery } : { code, message };
  }
}
