// What the patient's screen shows, from the engine's protocol status: never going back within a run, predicted changes drawn on time.
import type { ProtocolCueSymbol, ProtocolScreenPhase, ProtocolStatus } from '../../../src-main/contract/index.ts';

export interface ScreenState {
  runId: number | null;
  /** idle (waiting), running, paused (a pause being held), or done. */
  mode: 'waiting' | 'running' | 'paused' | 'done';
  phase: ProtocolScreenPhase | null;
  cue: ProtocolCueSymbol | null;
  trial: number;
  /** The feedback bar, -1..1 towards the cue. */
  bar: number;
  /** The feedback output shown (its sequence number), for the drawn report. */
  seq: number | null;
}

export const waitingScreen: ScreenState = { runId: null, mode: 'waiting', phase: null, cue: null, trial: 0, bar: 0, seq: null };

const order: Record<ProtocolScreenPhase, number> = { baseline: 0, fixation: 1, beep: 2, cue: 3, imagery: 4, feedback: 4, rest: 5, done: 9 };

/** A phase's place in the run: trials in order, phases in order within a trial. */
export function phasePosition(trial: number, phase: ProtocolScreenPhase | null): number {
  if (phase === null) return -1;
  if (phase === 'done') return Number.MAX_SAFE_INTEGER;
  return trial * 10 + order[phase];
}

/** The screen a status asks for. */
export function screenOf(status: ProtocolStatus): ScreenState {
  if (status.state === 'idle') return status.ended === 'finished' ? { ...waitingScreen, runId: status.runId, mode: 'done', phase: 'done' } : { ...waitingScreen, runId: status.runId };
  const mode = status.state === 'paused' ? 'paused' : 'running';
  return { runId: status.runId, mode, phase: status.phase, cue: status.cue, trial: status.trial, bar: status.feedback?.bar ?? 0, seq: status.feedback?.seq ?? null };
}

/**
 * The screen after a status: a new run, a pause or the end replace it; within a run the phase only moves forward
 * (a status sent just before a change the page already drew from `next` does not take the screen back).
 */
export function nextScreen(shown: ScreenState, status: ProtocolStatus): ScreenState {
  const incoming = screenOf(status);
  // The end of a run this screen never showed (opened afterwards) is no "thank you".
  if (incoming.mode === 'done' && incoming.runId !== shown.runId) return waitingScreen;
  if (incoming.runId !== shown.runId || incoming.mode !== 'running' || shown.mode !== 'running') return incoming;
  const ahead = phasePosition(incoming.trial, incoming.phase) - phasePosition(shown.trial, shown.phase);
  if (ahead > 0) return incoming;
  if (ahead === 0 && incoming.seq !== null && incoming.seq !== shown.seq) return { ...shown, bar: incoming.bar, seq: incoming.seq };
  return shown;
}

/** The screen when a predicted change (`status.next`) is drawn. */
export function predictedScreen(shown: ScreenState, next: NonNullable<ProtocolStatus['next']>): ScreenState {
  if (phasePosition(next.trial, next.phase) <= phasePosition(shown.trial, shown.phase)) return shown;
  return { ...shown, phase: next.phase, cue: next.cue, trial: next.trial, bar: 0, seq: null };
}

/**
 * Whether a change due at `atMs` goes into the frame being prepared at `frameMs` (both wall-clock epoch ms): that
 * frame reaches the screen about one frame later, so the change is made in the frame whose display is nearest `atMs`.
 */
export const changeDue = (frameMs: number, framePeriodMs: number, atMs: number): boolean => frameMs + framePeriodMs >= atMs - framePeriodMs / 2;
