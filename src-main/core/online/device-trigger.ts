// When to command a rehabilitation device (FES, robot, avatar): the classifier held beyond a threshold long enough.

export interface TriggerRule {
  /** The class whose detection drives the device (0 or 1; in `mi-rest` runs the imagery class, 0). */
  targetClass: 0 | 1;
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
}

/**
 * Fed with the smoothed output (p(class 2) - p(class 1), -1..1) and its sample, returns a trigger the first time
 * the output has stayed beyond the threshold towards the target class for `holdSec`; then waits `refractorySec`.
 */
export class DeviceTrigger {
  private readonly rule: TriggerRule;
  private readonly holdSamples: number;
  private readonly refractorySamples: number;
  private beyondSince: number | null = null;
  private quietUntil = -Infinity;

  constructor(rule: TriggerRule, sampleRateHz: number) {
    if (!(rule.threshold > 0 && rule.threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${rule.threshold}`);
    if (!(rule.holdSec >= 0) || !(rule.refractorySec >= 0)) throw new RangeError('holdSec and refractorySec must be non-negative');
    this.rule = rule;
    this.holdSamples = Math.round(rule.holdSec * sampleRateHz);
    this.refractorySamples = Math.round(rule.refractorySec * sampleRateHz);
  }

  push(sample: number, smoothedOutput: number): TriggerEvent | null {
    const towardsTarget = this.rule.targetClass === 1 ? smoothedOutput : -smoothedOutput;
    if (sample < this.quietUntil || towardsTarget < this.rule.threshold) {
      if (towardsTarget < this.rule.threshold) this.beyondSince = null;
      return null;
    }
    this.beyondSince ??= sample;
    if (sample - this.beyondSince < this.holdSamples) return null;
    this.beyondSince = null;
    this.quietUntil = sample + this.refractorySamples;
    return { sample };
  }
}
