// The Graz motor-imagery protocol as a pure schedule: trial order, phase timing and GDF markers in samples.
import { CoreError } from '../errors.ts';
import { createRandom, shuffleInPlace } from '../random.ts';

/** GDF event codes the protocol writes (biosig's table; OpenViBE's stimulations use the same numbers). */
export const GDF = {
  trialStart: 0x300, // 768
  cueClass1: 0x301, // 769 (left hand, or motor imagery in the imagery-versus-rest mode)
  cueClass2: 0x302, // 770 (right hand, or rest)
  feedbackContinuous: 0x30d, // 781
  beep: 0x311, // 785
  fixationCross: 0x312, // 786
  endOfTrial: 0x320, // 800
  newRun: 0x7ffe, // 32766
} as const;

/**
 * Modes: `left-right` cues left- and right-hand imagery; `mi-rest` cues imagery of one hand (the affected one in
 * rehabilitation) against rest. Class 1 is always code 769 and class 2 code 770, as in HappyFeat.
 */
export const protocolModes = ['left-right', 'mi-rest'] as const;
export type ProtocolMode = (typeof protocolModes)[number];

/** What the patient's screen shows for a class: an arrow to the left or right, or the rest symbol. */
export type CueSymbol = 'arrow-left' | 'arrow-right' | 'rest';

export interface ProtocolClass {
  name: string;
  code: number;
  symbol: CueSymbol;
}

export interface GrazProtocolConfig {
  mode: ProtocolMode;
  /** The imagined hand in `mi-rest` mode (ignored in `left-right`). */
  hand: 'left' | 'right';
  trialsPerClass: number;
  /** Trials of each class in one shuffled block: every block holds the same number of each class. */
  blockTrialsPerClass: number;
  /** Eyes-open rest recorded before the first trial, s. */
  baselineSec: number;
  /** From trial start (fixation cross) to the beep, s. */
  fixationSec: number;
  /** From the beep to the cue, s. */
  beepToCueSec: number;
  /** How long the cue symbol stays on screen, s. */
  cueSec: number;
  /** From the cue to the end of the trial: the imagery period, during which an online run gives feedback, s. */
  imagerySec: number;
  /** Whether feedback is given during the imagery period (online runs). */
  feedback: boolean;
  /** Random pause after each trial, drawn uniformly from this range, s. */
  interTrialSec: { min: number; max: number };
  seed: number;
}

/**
 * Defaults of the Graz protocol as OpenViBE's motor-imagery scenarios run it (Pfurtscheller and Neuper,
 * Proc. IEEE 2001): cross at 0 s, beep at 2 s, cue at 3 s shown for 1.25 s, imagery to 8 s, then 1.5-3.5 s rest;
 * 20 trials per class per run.
 */
export const defaultGrazProtocol: GrazProtocolConfig = {
  mode: 'left-right',
  hand: 'left',
  trialsPerClass: 20,
  blockTrialsPerClass: 5,
  baselineSec: 15,
  fixationSec: 2,
  beepToCueSec: 1,
  cueSec: 1.25,
  imagerySec: 5,
  feedback: false,
  interTrialSec: { min: 1.5, max: 3.5 },
  seed: 1,
};

/** The two classes of a mode. */
export function protocolClasses(mode: ProtocolMode, hand: 'left' | 'right' = 'left'): [ProtocolClass, ProtocolClass] {
  if (mode === 'left-right') {
    return [
      { name: 'left', code: GDF.cueClass1, symbol: 'arrow-left' },
      { name: 'right', code: GDF.cueClass2, symbol: 'arrow-right' },
    ];
  }
  return [
    { name: `${hand} hand`, code: GDF.cueClass1, symbol: hand === 'left' ? 'arrow-left' : 'arrow-right' },
    { name: 'rest', code: GDF.cueClass2, symbol: 'rest' },
  ];
}

export type ProtocolPhase = 'baseline' | 'fixation' | 'beep' | 'cue' | 'imagery' | 'pause' | 'done';

export interface ScheduledTrial {
  index: number;
  /** 0 or 1: the class's position in `classes`. */
  classIndex: number;
  /** Sample numbers in the amplifier's clock, counted from the start of the run. */
  startSample: number;
  beepSample: number;
  cueSample: number;
  cueEndSample: number;
  endSample: number;
  /** First sample of the next trial (or of the run's end): the pause runs from `endSample` to here. */
  nextSample: number;
}

export interface ScheduledMarker {
  sample: number;
  code: number;
  label: string;
  trial: number | null;
}

export interface GrazSchedule {
  config: GrazProtocolConfig;
  sampleRateHz: number;
  classes: [ProtocolClass, ProtocolClass];
  trials: ScheduledTrial[];
  /** Every marker of the run in sample order (ties keep the order trial start, cross, beep, cue, feedback, end). */
  markers: ScheduledMarker[];
  totalSamples: number;
}

function checkConfig(config: GrazProtocolConfig, sampleRateHz: number): void {
  const bad = (field: string, rule: string, value: unknown): never => {
    throw new CoreError('bad-input', `Protocol ${field}: expected ${rule}, got ${JSON.stringify(value)}.`);
  };
  if (!Number.isFinite(sampleRateHz) || sampleRateHz <= 0) bad('sample rate', 'a positive number of Hz', sampleRateHz);
  if (!protocolModes.includes(config.mode)) bad('mode', protocolModes.join(' or '), config.mode);
  if (!Number.isInteger(config.trialsPerClass) || config.trialsPerClass < 1 || config.trialsPerClass > 500) bad('trialsPerClass', 'an integer from 1 to 500', config.trialsPerClass);
  if (!Number.isInteger(config.blockTrialsPerClass) || config.blockTrialsPerClass < 1) bad('blockTrialsPerClass', 'a positive integer', config.blockTrialsPerClass);
  for (const field of ['baselineSec', 'fixationSec', 'beepToCueSec'] as const) {
    if (!Number.isFinite(config[field]) || config[field] < 0 || config[field] > 600) bad(field, 'from 0 to 600 s', config[field]);
  }
  for (const field of ['cueSec', 'imagerySec'] as const) {
    if (!Number.isFinite(config[field]) || config[field] <= 0 || config[field] > 600) bad(field, 'more than 0 and at most 600 s', config[field]);
  }
  if (config.cueSec > config.imagerySec) bad('cueSec', `at most imagerySec (${config.imagerySec} s)`, config.cueSec);
  const { min, max } = config.interTrialSec;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max < min || max > 600) bad('interTrialSec', 'min >= 0 and min <= max <= 600 s', config.interTrialSec);
}

/**
 * The balanced random class order: blocks of `blockTrialsPerClass` trials of each class, each block shuffled,
 * so the classes stay balanced throughout the run and the order cannot be guessed. The last block is shorter
 * when `trialsPerClass` is not a multiple of the block size, and still balanced.
 */
export function balancedOrder(trialsPerClass: number, blockTrialsPerClass: number, seed: number): number[] {
  const random = createRandom(seed);
  const order: number[] = [];
  for (let done = 0; done < trialsPerClass; done += blockTrialsPerClass) {
    const inBlock = Math.min(blockTrialsPerClass, trialsPerClass - done);
    const block: number[] = [];
    for (let i = 0; i < inBlock; i++) block.push(0, 1);
    order.push(...shuffleInPlace(block, random));
  }
  return order;
}

/** The whole run as samples of a device running at `sampleRateHz`; the same config and seed give the same run. */
export function scheduleGrazRun(config: GrazProtocolConfig, sampleRateHz: number): GrazSchedule {
  checkConfig(config, sampleRateHz);
  const classes = protocolClasses(config.mode, config.hand);
  const order = balancedOrder(config.trialsPerClass, config.blockTrialsPerClass, config.seed);
  // The inter-trial pauses use their own stream, so changing the block size does not change the pauses.
  const pauses = createRandom(config.seed ^ 0x5bd1e995);
  const toSamples = (sec: number): number => Math.round(sec * sampleRateHz);
  const markers: ScheduledMarker[] = [{ sample: 0, code: GDF.newRun, label: 'new run', trial: null }];
  const trials: ScheduledTrial[] = [];
  let time = config.baselineSec;
  order.forEach((classIndex, index) => {
    const start = time;
    const beep = start + config.fixationSec;
    const cue = beep + config.beepToCueSec;
    const end = cue + config.imagerySec;
    const pause = config.interTrialSec.min + pauses.next() * (config.interTrialSec.max - config.interTrialSec.min);
    time = end + pause;
    const trial: ScheduledTrial = {
      index,
      classIndex,
      startSample: toSamples(start),
      beepSample: toSamples(beep),
      cueSample: toSamples(cue),
      cueEndSample: toSamples(cue + config.cueSec),
      endSample: toSamples(end),
      nextSample: toSamples(time),
    };
    trials.push(trial);
    const cls = classes[classIndex];
    markers.push(
      { sample: trial.startSample, code: GDF.trialStart, label: 'trial start', trial: index },
      { sample: trial.startSample, code: GDF.fixationCross, label: 'fixation cross', trial: index },
      { sample: trial.beepSample, code: GDF.beep, label: 'beep', trial: index },
      { sample: trial.cueSample, code: cls.code, label: `cue ${cls.name}`, trial: index },
    );
    if (config.feedback) markers.push({ sample: trial.cueEndSample, code: GDF.feedbackContinuous, label: 'feedback', trial: index });
    markers.push({ sample: trial.endSample, code: GDF.endOfTrial, label: 'end of trial', trial: index });
  });
  return { config, sampleRateHz, classes, trials, markers, totalSamples: toSamples(time) };
}

export interface ProtocolMoment {
  phase: ProtocolPhase;
  /** The trial under way (or just ended, during its pause); null in the baseline and when done. */
  trial: ScheduledTrial | null;
  /** The cue to show (set from the cue onset to the end of the trial). */
  cue: ProtocolClass | null;
  /** Whether the feedback bar is shown: online runs, after the cue symbol, until the end of the trial. */
  showFeedback: boolean;
  /** Fraction of the run done, 0..1. */
  progress: number;
}

/** What the protocol is doing at a sample: what the patient's screen shows and the clinician's progress. */
export function protocolMomentAt(schedule: GrazSchedule, sample: number): ProtocolMoment {
  const progress = Math.min(1, Math.max(0, sample / schedule.totalSamples));
  if (sample >= schedule.totalSamples) return { phase: 'done', trial: null, cue: null, showFeedback: false, progress: 1 };
  const trial = findTrial(schedule.trials, sample);
  if (!trial) return { phase: 'baseline', trial: null, cue: null, showFeedback: false, progress };
  const cls = schedule.classes[trial.classIndex];
  if (sample < trial.beepSample) return { phase: 'fixation', trial, cue: null, showFeedback: false, progress };
  if (sample < trial.cueSample) return { phase: 'beep', trial, cue: null, showFeedback: false, progress };
  if (sample < trial.cueEndSample) return { phase: 'cue', trial, cue: cls, showFeedback: false, progress };
  if (sample < trial.endSample) return { phase: 'imagery', trial, cue: cls, showFeedback: schedule.config.feedback, progress };
  return { phase: 'pause', trial, cue: null, showFeedback: false, progress };
}

/** The last trial that started at or before `sample` (binary search; trials are in time order). */
function findTrial(trials: ScheduledTrial[], sample: number): ScheduledTrial | null {
  let low = 0;
  let high = trials.length - 1;
  let found: ScheduledTrial | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (trials[middle].startSample <= sample) {
      found = trials[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** Markers due in the half-open sample range [from, to): what a driver stamps as the samples arrive. */
export function markersBetween(schedule: GrazSchedule, from: number, to: number): ScheduledMarker[] {
  return schedule.markers.filter((marker) => marker.sample >= from && marker.sample < to);
}

/** The first sample after `sample` at which the patient's screen changes (a phase boundary), or null when the run is over. */
export function nextPhaseChange(schedule: GrazSchedule, sample: number): number | null {
  if (sample >= schedule.totalSamples) return null;
  const trial = findTrial(schedule.trials, sample);
  const following = trial ? schedule.trials[trial.index + 1] : schedule.trials[0];
  const candidates = trial ? [trial.beepSample, trial.cueSample, trial.cueEndSample, trial.endSample] : [];
  candidates.push(following ? following.startSample : schedule.totalSamples);
  const later = candidates.filter((candidate) => candidate > sample);
  return later.length > 0 ? Math.min(...later) : schedule.totalSamples;
}
