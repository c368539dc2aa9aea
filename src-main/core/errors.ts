// Typed errors of the core: a closed set of codes, each with a message that names the file, field or value at fault.

/** `bad-input`: the user's input (a file, a flag, a payload) is wrong; `failed`: the work itself failed; `cancelled`: stopped on request. */
export type CoreErrorCode = 'bad-input' | 'failed' | 'cancelled';

/**
 * Problems a user can meet when their recordings and parameters do not fit the work, as parameters an interface
 * words in its own language (the app's contract takes them as error reasons: `ErrorReasons` extends this).
 * The English message stays the CLI's and the logs'.
 */
export interface CoreProblems {
  /** Cross-validation with `folds` folds needs at least that many trials of each class; `counts` per class. */
  'too-few-trials': { folds: number; classes: string[]; counts: number[] };
  /** A class matches no event of the recordings; the events present (code and label, or label). */
  'class-not-found': { className: string; events: string[] };
  /** A class keeps fewer trials than the statistics need (every trial rejected, or nearly). */
  'class-too-few-kept': { className: string; kept: number; needed: number };
  /** Two recordings (their names) differ in sample rate or channel set. */
  'recordings-differ': { first: string; second: string; what: 'sample-rate' | 'channels' };
  /** A frequency band the recordings cannot hold: above Nyquist, or with no frequency bin at this resolution. */
  'band-outside-spectrum': { fminHz: number; fmaxHz: number; nyquistHz: number };
  'band-empty': { fminHz: number; fmaxHz: number; resolutionHz: number };
  /** A recording's SHA-256 differs from its sidecar's or from the one verified (changed after it was recorded or imported), or the file went missing. */
  'recording-changed': { file: string; missing: boolean };
  /** Leave-one-run-out cross-validation with fewer than two runs. */
  'too-few-runs': { runs: number };
  /** Leave-one-run-out: without the run at this position (1-based, in the order given) the training set holds one class. */
  'fold-one-class': { run: number };
  /**
   * Two cuts of the same recordings keep different trials (the amplitude rejection kept a trial in one and not the
   * other): the per-window and standard families of a comparison, the PSD features beside the band-passed trials, or
   * one band of the filter bank (`bandHz`); the trial counts of each cut.
   */
  'trials-differ': { stage: TrialCutStage; bandHz: [number, number] | null; first: number; second: number };
  /** An ERD/ERS baseline not inside the epochs cut for it (seconds from the cue). */
  'baseline-outside-epoch': { startSec: number; endSec: number; epochStartSec: number; epochEndSec: number };
  /** An ERD/ERS baseline shorter than one analysis frame. */
  'baseline-too-short': { startSec: number; endSec: number; frameSec: number };
  /** The epochs of an ERD/ERS map are shorter than one analysis frame. */
  'epoch-shorter-than-frame': { epochSec: number; frameSec: number };
  /** A channel (as asked) that the recordings do not have; the channels they have. */
  'channel-not-found': { channel: string; channels: string[] };
  /** No classes given, and the recordings hold neither 769/770 nor T1/T2; the events present. */
  'no-default-classes': { events: string[] };
  /** A band (of the selection's range, or of a feature given on `channel`) holding no frequency of the features computed (`loHz` to `hiHz`). */
  'band-outside-features': { fminHz: number; fmaxHz: number; loHz: number; hiHz: number; channel: string | null };
  /** Automatic selection found nothing to choose: the channel mask and range leave no candidate (`mask`), or none passes the rule (`rule`: the sign). */
  'no-candidate-feature': { stage: 'mask' | 'rule' };
  /** The analysis segment (Welch's, Burg's or MVAR's window) is longer than the epoch window. */
  'segment-longer-than-epoch': { segmentSec: number; epochSec: number };
  /** Connectivity segments leave a single segment per trial (coherence would be 1); the longest segment that leaves two. */
  'connectivity-one-segment': { segmentSec: number; epochSec: number; maxSegmentSec: number };
}

/** Where two cuts of the same trials are compared (`trials-differ`). */
export type TrialCutStage = 'comparison' | 'psd-features' | 'filter-bank';
export type CoreProblemReason = keyof CoreProblems;
export type CoreProblem = { [R in CoreProblemReason]: { reason: R; params: CoreProblems[R] } }[CoreProblemReason];

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  /** Machine-readable context: file, field, byteOffset, value, allowed... */
  readonly details: Readonly<Record<string, unknown>>;
  /** The problem as a reason with parameters, where the user can act on it (wording in other languages). */
  readonly problem?: CoreProblem;

  constructor(code: CoreErrorCode, message: string, details: Record<string, unknown> = {}, problem?: CoreProblem) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.details = details;
    if (problem) this.problem = problem;
  }
}

/** A typed problem: `problem('band-empty', {fminHz, fmaxHz, resolutionHz})`. */
export const problem = <R extends CoreProblemReason>(reason: R, params: CoreProblems[R]): CoreProblem => ({ reason, params }) as CoreProblem;

/** `channel-not-found`: a channel asked for (as written) that the recordings lack; the channels they have, as they write them. */
export const channelNotFound = (channel: string, channels: readonly string[]): CoreProblem => problem('channel-not-found', { channel, channels: [...channels] });

/** Bad input: the message must say what was found and what is allowed. */
export function badInput(message: string, details: Record<string, unknown> = {}, reason?: CoreProblem): CoreError {
  return new CoreError('bad-input', message, details, reason);
}
