// Typed errors of the core: a closed set of codes, each with a message that names the file, field or value at fault.

/** `bad-input`: the user's input (a file, a flag, a payload) is wrong; `failed`: the work itself failed; `cancelled`: stopped on request. */
export type CoreErrorCode = 'bad-input' | 'failed' | 'cancelled';

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  /** Machine-readable context: file, field, byteOffset, value, allowed... */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: CoreErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.details = details;
  }
}

/** Bad input: the message must say what was found and what is allowed. */
export function badInput(message: string, details: Record<string, unknown> = {}): CoreError {
  return new CoreError('bad-input', message, details);
}
