// Epochs of interest cut around class cues with the shared sample arithmetic of SCIENCE.md, with rejected trials and their reasons.
import { badInput, channelNotFound, problem } from './errors.ts';
import type { ChannelInfo, RecordingEvent } from './recording.ts';

/**
 * The one epoch definition used by extraction, training and the online runtime:
 * the window is [cue + offsetSec, cue + offsetSec + lengthSec].
 */
export interface EpochDefinition {
  offsetSec: number;
  lengthSec: number;
}

/**
 * The one default window, 0-3 s after the cue (training, the app, the docs, the benches): MOABB's interval for
 * PhysioNet motor imagery; see `core/ml/standard-preprocessing.ts` for the grounds.
 */
export const defaultEpochDefinition: EpochDefinition = { offsetSec: 0, lengthSec: 3 };

/** Anything shaped like a `Recording` whose samples are numbers (a filtered copy holds Float64Array). */
export interface SignalSource {
  sampleRateHz: number;
  nSamples: number;
  channels: ChannelInfo[];
  events: RecordingEvent[];
  /** `[channel][sample]`, µV for EEG. */
  data: ArrayLike<number>[];
  /** A name for messages (file path); optional. */
  name?: string;
  /** Contiguous stretches (EDF+D has several): a window across a boundary spans a recording gap. */
  segments?: { startSample: number; nSamples: number }[];
}

/**
 * A recording read by window instead of held whole (an opened file): `readWindow` returns the samples
 * `[start, start + n)` of every channel, in the order of `channels`. Cutting epochs from it decodes only
 * the epochs, not the whole file.
 */
export interface WindowedSource {
  sampleRateHz: number;
  nSamples: number;
  channels: ChannelInfo[];
  events: RecordingEvent[];
  readWindow: (start: number, n: number) => ArrayLike<number>[];
  name?: string;
  segments?: { startSample: number; nSamples: number }[];
}

export interface EpochOptions extends EpochDefinition {
  /** Event codes or annotation texts of the classes, in order (`['769', '770']`, `['T1', 'T2']`). */
  classes: string[];
  /** Peak-to-peak threshold in the channel unit (µV); a trial exceeding it on any channel is rejected. Off when undefined. */
  amplitudeThreshold?: number;
  /** Fewest kept trials per class before it is an error (default 2; 0 when one run of several is cut alone, e.g. for the cache). */
  minTrialsPerClass?: number;
  /** A class matching no event is an error (default true). */
  requireEveryClass?: boolean;
  /** Makes each trial's data array (default `new Float64Array`); a job passes shared memory for its workers. */
  allocate?: TrialAllocator;
}

/** Allocates a zeroed trial array of `length` values. */
export type TrialAllocator = (length: number) => Float64Array;

const ownMemory: TrialAllocator = (length) => new Float64Array(length);

export type RejectionReason = 'out-of-bounds' | 'gap' | 'nan' | 'amplitude';

export interface TrialInfo {
  /** Trial number: from 0 in the order of the recordings given, then by cue onset; rejected trials keep theirs. */
  index: number;
  recordingIndex: number;
  classIndex: number;
  /** Cue onset in seconds from the start of its recording. */
  onsetSec: number;
  /** First sample of the window in its recording: round((onset + offset) x fs). */
  firstSample: number;
}

export interface Trial extends TrialInfo {
  /** `[channel][sample]`, channel-major, nChannels x nSamples. */
  data: Float64Array;
}

export interface RejectedTrial extends TrialInfo {
  reason: RejectionReason;
  /** Human-readable detail: which channel, which value. */
  detail: string;
}

export interface Epochs {
  sampleRateHz: number;
  /** Channel labels as written in the first recording. */
  channels: string[];
  /** Normalised names (`normaliseChannelName`), for matching. */
  channelNames: string[];
  /** Samples per epoch: round(lengthSec x fs). */
  nSamples: number;
  definition: EpochDefinition;
  classes: string[];
  trials: Trial[];
  rejected: RejectedTrial[];
}

/** Which class an event belongs to: its numeric code or its label equals the class text (case-sensitive for labels). */
function classOf(event: RecordingEvent, classes: string[]): number {
  for (let c = 0; c < classes.length; c++) {
    const wanted = classes[c];
    if (event.label === wanted) return c;
    if (event.code !== null && String(event.code) === wanted) return c;
  }
  return -1;
}

/** The distinct events, in order of appearance: `code (label)`, or the label. */
export function eventNames(events: RecordingEvent[]): string[] {
  const seen = new Set<string>();
  for (const e of events) seen.add(e.code !== null ? `${e.code} (${e.label})` : e.label);
  return [...seen];
}

/** The distinct events as one line (`none` without any). */
export function describeEvents(events: RecordingEvent[]): string {
  const names = eventNames(events);
  return names.length === 0 ? 'none' : names.join(', ');
}

/** Throws bad-input when a class matches no event of the recordings, listing the events present. */
export function checkClassesPresent(recordings: (SignalSource | WindowedSource)[], classes: string[]): void {
  const allEvents = recordings.flatMap((r) => r.events);
  for (const wanted of classes) {
    if (!allEvents.some((e) => classOf(e, [wanted]) === 0)) {
      throw badInput(`class '${wanted}' matches no event; events present: ${describeEvents(allEvents)}`, { value: wanted }, problem('class-not-found', { className: wanted, events: eventNames(allEvents) }));
    }
  }
}

/** A recording's file name without its folders (or its position), as a message names it to the user. */
const recordingName = (rec: { name?: string }, r: number): string => rec.name?.split(/[\\/]/).pop() || `recording ${r}`;

/** Checks that all recordings share sample rate and channel set, naming the first difference. */
export function checkCompatible(recordings: (SignalSource | WindowedSource)[]): void {
  if (recordings.length === 0) throw badInput('no recording given: at least one file is needed');
  const first = recordings[0];
  const firstNames = first.channels.map((c) => c.name);
  for (let r = 1; r < recordings.length; r++) {
    const rec = recordings[r];
    const label = rec.name ?? `recording ${r}`;
    if (rec.sampleRateHz !== first.sampleRateHz) {
      throw badInput(`${label}: sample rate ${rec.sampleRateHz} Hz differs from ${first.sampleRateHz} Hz of ${first.name ?? 'recording 0'}; all runs must share one rate`, { value: rec.sampleRateHz, allowed: first.sampleRateHz }, problem('recordings-differ', { first: recordingName(first, 0), second: recordingName(rec, r), what: 'sample-rate' }));
    }
    const names = rec.channels.map((c) => c.name);
    const missing = firstNames.filter((n) => !names.includes(n));
    const extra = names.filter((n) => !firstNames.includes(n));
    if (missing.length > 0 || extra.length > 0 || names.length !== firstNames.length) {
      throw badInput(`${label}: channel set differs from ${first.name ?? 'recording 0'} (missing: ${missing.join(',') || 'none'}; extra: ${extra.join(',') || 'none'}); all runs must have the same channels`, { missing, extra }, problem('recordings-differ', { first: recordingName(first, 0), second: recordingName(rec, r), what: 'channels' }));
    }
  }
}

/**
 * Cuts the epochs of interest of every class cue in every recording.
 * Channels are taken in the order of the first recording (later recordings are matched by name).
 * Throws bad-input when a class matches no event (listing the events present) or keeps fewer than two trials.
 */
export function extractEpochs(recordings: (SignalSource | WindowedSource)[], options: EpochOptions): Epochs {
  checkCompatible(recordings);
  const { classes, offsetSec, lengthSec } = options;
  if (classes.length < 2) throw badInput(`classes: expected at least two class codes or labels, got '${classes.join(',')}'`);
  if (!Number.isFinite(offsetSec)) throw badInput(`window offset: expected a number of seconds, got ${offsetSec}`);
  if (!Number.isFinite(lengthSec) || lengthSec <= 0) throw badInput(`window length: expected a positive number of seconds, got ${lengthSec}`);
  const first = recordings[0];
  const fs = first.sampleRateHz;
  const nSamples = Math.round(lengthSec * fs);
  if (nSamples < 2) throw badInput(`window length: ${lengthSec} s at ${fs} Hz gives ${nSamples} sample(s); at least 2 are needed`);
  const channelNames = first.channels.map((c) => c.name);
  const nChannels = channelNames.length;
  const threshold = options.amplitudeThreshold;
  const allocate = options.allocate ?? ownMemory;

  if (options.requireEveryClass !== false) checkClassesPresent(recordings, classes);

  const trials: Trial[] = [];
  const rejected: RejectedTrial[] = [];
  let index = 0;
  for (let r = 0; r < recordings.length; r++) {
    const rec = recordings[r];
    // Map channel order of the first recording onto this one.
    const rows = channelNames.map((name) => rec.channels.findIndex((c) => c.name === name));
    const cues = rec.events
      .map((event) => ({ event, classIndex: classOf(event, classes) }))
      .filter((c) => c.classIndex >= 0)
      .sort((a, b) => a.event.onsetSec - b.event.onsetSec);
    for (const { event, classIndex } of cues) {
      const firstSample = Math.round((event.onsetSec + offsetSec) * fs);
      const info: TrialInfo = { index: index++, recordingIndex: r, classIndex, onsetSec: event.onsetSec, firstSample };
      if (firstSample < 0 || firstSample + nSamples > rec.nSamples) {
        rejected.push({ ...info, reason: 'out-of-bounds', detail: `samples ${firstSample}..${firstSample + nSamples - 1} outside 0..${rec.nSamples - 1}` });
        continue;
      }
      const crossed = (rec.segments ?? []).find((seg) => seg.startSample > firstSample && seg.startSample < firstSample + nSamples);
      if (crossed) {
        rejected.push({ ...info, reason: 'gap', detail: `samples ${firstSample}..${firstSample + nSamples - 1} cross the recording gap before sample ${crossed.startSample}` });
        continue;
      }
      const data = allocate(nChannels * nSamples);
      let reason: RejectionReason | null = null;
      let detail = '';
      const window = 'readWindow' in rec ? rec.readWindow(firstSample, nSamples) : null;
      const from = window ? 0 : firstSample;
      for (let ch = 0; ch < nChannels && reason === null; ch++) {
        const src = window ? window[rows[ch]] : (rec as SignalSource).data[rows[ch]];
        const base = ch * nSamples;
        let lo = Infinity;
        let hi = -Infinity;
        let hasNaN = false;
        if (threshold === undefined) {
          // A native typed-array copy (with the float32 -> float64 conversion) when the source is one, then
          // one sum: NaN and infinities propagate through it, one add per sample instead of three comparisons.
          if (ArrayBuffer.isView(src)) data.set((src as Float32Array | Float64Array).subarray(from, from + nSamples), base);
          else for (let t = 0; t < nSamples; t++) data[base + t] = src[from + t];
          let sum = 0;
          for (let t = base; t < base + nSamples; t++) sum += data[t];
          hasNaN = !Number.isFinite(sum);
        } else {
          for (let t = 0; t < nSamples; t++) {
            const v = src[from + t];
            data[base + t] = v;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
            if (v !== v) hasNaN = true;
          }
        }
        if (hasNaN) {
          reason = 'nan';
          // Say which it was (rare, so rescan).
          const realNaN = data.subarray(base, base + nSamples).some((v) => v !== v);
          detail = `${realNaN ? 'NaN' : 'infinite values'} in channel ${rec.channels[rows[ch]].label}`;
        } else if (threshold !== undefined && hi - lo > threshold) {
          reason = 'amplitude';
          detail = `peak-to-peak ${(hi - lo).toPrecision(4)} > ${threshold} in channel ${rec.channels[rows[ch]].label}`;
        }
      }
      if (reason !== null) rejected.push({ ...info, reason, detail });
      else trials.push({ ...info, data });
    }
  }

  const outOfBounds = rejected.filter((t) => t.reason === 'out-of-bounds').length;
  for (let c = 0; c < classes.length; c++) {
    const kept = trials.filter((t) => t.classIndex === c).length;
    const needed = options.minTrialsPerClass ?? 2;
    if (kept < needed) {
      const why = outOfBounds > 0
        ? `; ${outOfBounds} trial(s) fall outside the recording with window ${offsetSec}:${offsetSec + lengthSec} s`
        : '';
      throw badInput(`class '${classes[c]}': ${kept} usable trial(s), at least ${needed} are needed${why}`, { value: kept, allowed: `>= ${needed}` }, problem('class-too-few-kept', { className: classes[c], kept, needed }));
    }
  }

  return {
    sampleRateHz: fs,
    channels: first.channels.map((c) => c.label),
    channelNames,
    nSamples,
    definition: { offsetSec, lengthSec },
    classes: [...classes],
    trials,
    rejected,
  };
}

/** Keeps only the named channels (matched by normalised name), in the order asked; the data is copied. */
export function selectChannels(epochs: Epochs, names: string[], normalise: (label: string) => string, allocate: TrialAllocator = ownMemory): Epochs {
  const wanted = names.map(normalise);
  const rows = wanted.map((n, i) => {
    const row = epochs.channelNames.indexOf(n);
    if (row < 0) throw badInput(`channel '${names[i]}' not in the recording; channels: ${epochs.channels.join(', ')}`, { value: names[i] }, channelNotFound(names[i], epochs.channels));
    return row;
  });
  const n = epochs.nSamples;
  return {
    ...epochs,
    channels: rows.map((r) => epochs.channels[r]),
    channelNames: rows.map((r) => epochs.channelNames[r]),
    trials: epochs.trials.map((t) => {
      const data = allocate(rows.length * n);
      rows.forEach((row, i) => data.set(t.data.subarray(row * n, row * n + n), i * n));
      return { ...t, data };
    }),
  };
}
