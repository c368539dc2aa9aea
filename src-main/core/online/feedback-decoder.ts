// From classifier probabilities to what the patient sees and what the run reports: smoothing, bias, decisions.
import type { GrazSchedule } from '../protocol/graz-protocol.ts';

export interface FeedbackDecoderOptions {
  /** Outputs averaged for the feedback bar (moving average; 4 at 16 Hz is 0.25 s). */
  smoothOutputs: number;
  /** Trials at the start of the run whose imagery-period outputs estimate the classifier's bias. */
  biasTrials: number;
}

export const defaultFeedbackDecoderOptions: FeedbackDecoderOptions = { smoothOutputs: 4, biasTrials: 4 };

/** One classifier output as the patient's screen and the run's record need it. */
export interface FeedbackOutput {
  /** Device sample one past the window's end. */
  sample: number;
  /** p(class 2) - p(class 1): -1 (surely class 1) to 1 (surely class 2), bias removed once it is known. */
  output: number;
  /** `output` smoothed, clipped to [-1, 1]: the bar. */
  smoothed: number;
  /** `smoothed` signed towards the cued class (positive: the patient is doing what was asked); 0 outside the imagery period. */
  towardsCue: number;
  /** The trial whose imagery period this output falls in, or null. */
  trial: number | null;
}

export interface TrialDecision {
  trial: number;
  cueClass: number;
  /** Mean output over the trial's feedback period (the imagery period after the cue symbol), bias removed. */
  meanOutput: number;
  predictedClass: number;
  correct: boolean;
  /** Whether this trial's outputs were used to estimate the bias (its output was not yet corrected). */
  biasTrial: boolean;
  nOutputs: number;
}

/**
 * Feeds on p(class 2) per analysis window, in sample order. The bias is the mean output over the imagery periods
 * of the first `biasTrials` trials (both classes, so a balanced start cancels the class effect); from then on it
 * is subtracted. Each trial is decided by the sign of its mean output over the feedback period.
 */
export class FeedbackDecoder {
  private readonly schedule: GrazSchedule;
  private readonly options: FeedbackDecoderOptions;
  private readonly recent: number[] = [];
  private bias = 0;
  private biasSum = 0;
  private biasCount = 0;
  private biasKnown: boolean;
  private current: { trial: number; sum: number; count: number } | null = null;
  private readonly decided: TrialDecision[] = [];

  constructor(schedule: GrazSchedule, options: Partial<FeedbackDecoderOptions> = {}) {
    this.schedule = schedule;
    this.options = {
      smoothOutputs: options.smoothOutputs ?? defaultFeedbackDecoderOptions.smoothOutputs,
      biasTrials: options.biasTrials ?? defaultFeedbackDecoderOptions.biasTrials,
    };
    if (!Number.isInteger(this.options.smoothOutputs) || this.options.smoothOutputs < 1) throw new RangeError('smoothOutputs must be a positive integer');
    if (!Number.isInteger(this.options.biasTrials) || this.options.biasTrials < 0) throw new RangeError('biasTrials must be a non-negative integer');
    this.biasKnown = this.options.biasTrials === 0;
  }

  get decisions(): readonly TrialDecision[] {
    return this.decided;
  }

  get biasEstimate(): number | null {
    return this.biasKnown ? this.bias : null;
  }

  /** Fraction of decided trials that were correct (null before the first decision). */
  get accuracy(): number | null {
    if (this.decided.length === 0) return null;
    return this.decided.filter((d) => d.correct).length / this.decided.length;
  }

  /** One output; `probabilityClass2` from the model for the window ending just before `sample`. */
  push(sample: number, probabilityClass2: number): FeedbackOutput {
    this.closeTrialsBefore(sample);
    const raw = 2 * probabilityClass2 - 1;
    const output = raw - this.bias;
    this.recent.push(output);
    if (this.recent.length > this.options.smoothOutputs) this.recent.shift();
    const smoothed = Math.max(-1, Math.min(1, this.recent.reduce((a, b) => a + b, 0) / this.recent.length));
    const trial = this.imageryTrialAt(sample);
    let towardsCue = 0;
    if (trial !== null) {
      const cueClass = this.schedule.trials[trial].classIndex;
      towardsCue = cueClass === 1 ? smoothed : -smoothed;
      if (!this.biasKnown && trial < this.options.biasTrials) {
        this.biasSum += raw;
        this.biasCount++;
      }
      if (sample > this.schedule.trials[trial].cueEndSample) {
        if (this.current?.trial !== trial) this.current = { trial, sum: 0, count: 0 };
        this.current.sum += output;
        this.current.count++;
      }
    }
    return { sample, output, smoothed, towardsCue, trial };
  }

  /** Decides every trial that has ended by `sample` (call at the end of the run with the last sample). */
  finish(sample: number): void {
    this.closeTrialsBefore(sample + 1);
  }

  private imageryTrialAt(sample: number): number | null {
    // Outputs whose window ends inside (cue, end] belong to the trial: the window's last sample is in the period.
    for (const trial of this.schedule.trials) {
      if (sample > trial.cueSample && sample <= trial.endSample) return trial.index;
      if (trial.cueSample >= sample) break;
    }
    return null;
  }

  private closeTrialsBefore(sample: number): void {
    const open = this.current;
    if (open && sample > this.schedule.trials[open.trial].endSample) {
      const cueClass = this.schedule.trials[open.trial].classIndex;
      const meanOutput = open.count > 0 ? open.sum / open.count : 0;
      const predictedClass = meanOutput > 0 ? 1 : 0;
      this.decided.push({
        trial: open.trial,
        cueClass,
        meanOutput,
        predictedClass,
        correct: predictedClass === cueClass,
        biasTrial: open.trial < this.options.biasTrials,
        nOutputs: open.count,
      });
      this.current = null;
    }
    if (!this.biasKnown && this.options.biasTrials > 0) {
      const last = this.schedule.trials[Math.min(this.options.biasTrials, this.schedule.trials.length) - 1];
      if (sample > last.endSample) {
        this.bias = this.biasCount > 0 ? this.biasSum / this.biasCount : 0;
        this.biasKnown = true;
      }
    }
  }
}
