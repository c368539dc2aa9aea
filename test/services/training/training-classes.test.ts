// A training's classes: those given, else the standard pair the events hold, else no-default-classes listing the events present.
import { describe, expect, it } from 'vitest';
import { trainingClasses } from '../../../src-main/services/training/training-service.ts';
import type { RecordingEvent } from '../../../src-main/core/recording.ts';

const event = (code: number | null, label: string, onsetSec = 0): RecordingEvent => ({ onsetSec, durationSec: 4, code, label });

describe('trainingClasses', () => {
  it('takes the classes given, else 769/770 or T1/T2', () => {
    expect(trainingClasses([event(1, 'left')], ['1', '2'])).toEqual(['1', '2']);
    expect(trainingClasses([event(null, 'T0'), event(null, 'T1'), event(null, 'T2')], undefined)).toEqual(['T1', 'T2']);
  });

  it('refuses events without a standard pair with no-default-classes, each event once', () => {
    const events = [event(1, 'left', 1), event(2, 'right', 5), event(1, 'left', 9)];
    expect(() => trainingClasses(events, undefined)).toThrow(expect.objectContaining({
      code: 'bad-input',
      message: 'classes: not given and the recordings hold neither 769/770 nor T1/T2; events present: 1 (left), 2 (right)',
      problem: { reason: 'no-default-classes', params: { events: ['1 (left)', '2 (right)'] } },
    }));
  });
});
