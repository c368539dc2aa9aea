// Reconnection delays of the WebSocket transport: doubling from a short first wait up to a ceiling.

export interface BackoffOptions {
  /** Wait before the first retry, ms. */
  baseMs: number;
  /** Longest wait, ms: the host is local, so a clinician never waits long after it comes back. */
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 250, maxMs: 5000 };

/** Delay before retry number `attempt` (1 for the first retry after a drop). */
export function reconnectDelayMs(attempt: number, options: BackoffOptions = defaultBackoff): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`reconnectDelayMs: attempt must be an integer >= 1, got ${attempt}`);
  // 2 ** 30 already exceeds any sensible ceiling; capping the exponent avoids Infinity.
  return Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt - 1, 30));
}
