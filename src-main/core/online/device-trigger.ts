// When to command a rehabilitation device (FES, robot, avatar): the classifier held beyond a threshold long enough.

/**
 * Which class drives the device: a fixed class (0 or 1; in `mi-rest` runs the imagery class is 0), `either` class
 * (each direction held on its own), or `cued`: the class cued in the current trial, and only during its imagery
 * period (the FES-on-success set-up: the device moves the hand the patient was asked to imagine, when the
 * classifier agrees).
 */
export type TriggerTarget = 0 | 1 | 'either' | 'cued';

export const triggerTargets = ['cued', 'either', 0, 1] as const satisfies readonly TriggerTarget[];

export interface TriggerRule {
  targetClass: TriggerTarget;
  /** How far towards the target class the smoothed output must be, 0..1. */
  threshold: number;
  /** How long it must stay there, s. */
  holdSec: number;
  /** After a trigger, no other one for this long, s (a device movement takes time). */
  refractorySec: number;
}

export const defaultTriggerRule: TriggerRule = { targetClass: 0, threshold: 0.5, holdSec: 1, refractorySec: 3 };

export interface TriggerEvent {
  /** The device sample at which the hold time was completed. */
  sample: number;
  /** The class the output was held towards (0 or 1). */
  classIndex: 0 | 1;
  /** The smoothed output at that sample (p(class 2) - p(class 1), -1..1). */
  output: number;
}

/**
 * Fed with the smoothed output (p(class 2) - p(class 1), -1..1) and its sample, returns a trigger the first time
 * the output has stayed beyond the threshold towards the target class for `holdSec`; then waits `refractorySec`
 * (a hold is counted afresh from the first output after the refractory time). An output that is not a number
 * breaks the hold. With the `cued` target, `cuedClass` is the class cued at that sample, or null outside the
 * imagery periods (no trigger there; the hold starts again in the next trial).
 */
export class DeviceTrigger {
  private readonly rule: TriggerRule;
  private readonly holdSamples: number;
  private readonly refractorySamples: number;
  private beyondSince: number | null = null;
  private beyondClass: 0 | 1 | null = null;
  private quietUntil = -Infinity;

  constructor(rule: TriggerRule, sampleRateHz: number) {
    if (!(rule.threshold > 0 && rule.threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${rule.threshold}`);
    if (!(rule.holdSec >= 0) || !(rule.refractorySec >= 0)) throw new RangeError('holdSec and refractorySec must be non-negative');
    if (!(sampleRateHz > 0)) throw new RangeError(`sampleRateHz must be positive, got ${sampleRateHz}`);
    if (!(triggerTargets as readonly unknown[]).includes(rule.targetClass)) throw new RangeError(`targetClass must be one of cued, either, 0, 1; got ${String(rule.targetClass)}`);
    this.rule = rule;
    this.holdSamples = Math.round(rule.holdSec * sampleRateHz);
    this.refractorySamples = Math.round(rule.refractorySec * sampleRateHz);
  }

  push(sample: number, smoothedOutput: number, cuedClass: 0 | 1 | null = null): TriggerEvent | null {
    const towards = this.classHeldTowards(smoothedOutput, cuedClass);
    if (towards === null || towards !== this.beyondClass) {
      this.beyondSince = null;
      this.beyondClass = towards;
    }
    if (towards === null || sample < this.quietUntil) return null;
    this.beyondSince ??= sample;
    if (sample - this.beyondSince < this.holdSamples) return null;
    this.beyondSince = null;
    this.beyondClass = null;
    this.quietUntil = sample + this.refractorySamples;
    return { sample, classIndex: towards, output: smoothedOutput };
  }

  /** The class the output is beyond the threshold towards, if that class is a target now. */
  private classHeldTowards(output: number, cuedClass: 0 | 1 | null): 0 | 1 | null {
    const { targetClass, threshold } = this.rule;
    const candidates: (0 | 1)[] = targetClass === 'either' ? [0, 1] : targetClass === 'cued' ? (cuedClass === null ? [] : [cuedClass]) : [targetClass];
    for (const cls of candidates) {
      const towardsClass = cls === 1 ? output : -output;
      if (towardsClass >= threshold) return cls; // NaN compares false: no hold
    }
    return null;
  }
}
