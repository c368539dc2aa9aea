// The patient's screen from the protocol status: forward only within a run, predicted changes on the nearest frame.
import { describe, expect, it } from 'vitest';
import { idleProtocolStatus, type ProtocolStatus } from '../../../src-main/contract/index.ts';
import { changeDue, nextScreen, phasePosition, predictedScreen, screenOf, waitingScreen } from '../../../src-renderer/src/state/patient-screen.ts';

const running = (over: Partial<ProtocolStatus>): ProtocolStatus => ({ ...idleProtocolStatus(), state: 'running', runId: 4, sessionId: 1, kind: 'online', trials: 10, ...over });

describe('patient screen', () => {
  it('orders phases by trial then phase, done last', () => {
    expect(phasePosition(1, 'fixation')).toBeLessThan(phasePosition(1, 'cue'));
    expect(phasePosition(1, 'rest')).toBeLessThan(phasePosition(2, 'fixation'));
    expect(phasePosition(0, 'baseline')).toBeLessThan(phasePosition(1, 'fixation'));
    expect(phasePosition(9, 'rest')).toBeLessThan(phasePosition(9, 'done'));
  });

  it('moves forward with the status and never back within a run', () => {
    const cue = nextScreen(waitingScreen, running({ phase: 'cue', cue: 'arrow-left', trial: 2 }));
    expect(cue).toMatchObject({ mode: 'running', phase: 'cue', cue: 'arrow-left', trial: 2 });
    // A status sent just before the change the page drew already.
    expect(nextScreen(cue, running({ phase: 'beep', trial: 2 }))).toBe(cue);
    const feedback = nextScreen(cue, running({ phase: 'feedback', cue: 'arrow-left', trial: 2, feedback: { seq: 7, output: 0.2, bar: 0.3, atMs: 1 } }));
    expect(feedback).toMatchObject({ phase: 'feedback', bar: 0.3, seq: 7 });
    expect(nextScreen(feedback, running({ phase: 'feedback', cue: 'arrow-left', trial: 2, feedback: { seq: 8, output: 0.5, bar: 0.6, atMs: 2 } }))).toMatchObject({ bar: 0.6, seq: 8 });
    // A pause, the end and a new run replace the screen whatever it showed.
    expect(nextScreen(feedback, running({ state: 'paused', phase: 'rest', trial: 2 }))).toMatchObject({ mode: 'paused' });
    expect(nextScreen(feedback, { ...idleProtocolStatus(), runId: 4, ended: 'finished' })).toMatchObject({ mode: 'done' });
    expect(nextScreen(feedback, running({ runId: 5, phase: 'baseline', trial: 0 }))).toMatchObject({ runId: 5, phase: 'baseline' });
    expect(screenOf({ ...idleProtocolStatus(), runId: 4, ended: 'aborted' }).mode).toBe('waiting');
    expect(nextScreen(waitingScreen, { ...idleProtocolStatus(), runId: 4, ended: 'finished' })).toBe(waitingScreen);
  });

  it('draws a predicted change only ahead of what is shown, in the frame displayed nearest its time', () => {
    const beep = screenOf(running({ phase: 'beep', trial: 3 }));
    const drawn = predictedScreen(beep, { phase: 'cue', cue: 'arrow-right', atMs: 1000, trial: 3 });
    expect(drawn).toMatchObject({ phase: 'cue', cue: 'arrow-right', trial: 3 });
    expect(predictedScreen(drawn, { phase: 'beep', cue: null, atMs: 900, trial: 3 })).toBe(drawn);
    // 60 Hz: a frame prepared at f is displayed at about f + 16.7 ms.
    expect(changeDue(1000 - 26, 16.7, 1000)).toBe(false);
    expect(changeDue(1000 - 25, 16.7, 1000)).toBe(true);
  });
});
