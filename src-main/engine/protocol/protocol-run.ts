// One Graz run fed block by block: markers on the sample clock, pause at a trial's end, the online runtime, cue times in wall-clock ms.
import { CoreError } from '../../core/errors.ts';
import { FeedbackDecoder, type FeedbackOutput, type TrialDecision } from '../../core/online/feedback-decoder.ts';
import { SlidingWindow } from '../../core/online/sliding-window.ts';
import { GDF, markersBetween, protocolMomentAt, type GrazSchedule, type ProtocolMoment, type ScheduledMarker } from '../../core/protocol/graz-protocol.ts';
import { normaliseChannelName } from '../../core/recording.ts';
import { StreamPrefilter } from '../../core/online/stream-prefilter.ts';
import type { PrefilterDeclaration } from '../../core/ml/standard-preprocessing.ts';
import type { DeviceInfo, DeviceMarker, SampleBlock } from '../devices/device.ts';
import { LostSampleHolder } from '../devices/lost-samples.ts';

/** The classifier the online runtime calls: class probabilities of one raw window, channels x samples, µV. */
export interface OnlineClassifier {
  channels: string[];
  nSamples: number;
  sampleRateHz: number;
  /**
   * The band-pass (or filter bank) the model was trained behind (its `prefilter`): applied here in causal form, state
   * kept across blocks; a filter bank's window holds the channels once per band (`StreamPrefilter`).
   */
  prefilter?: PrefilterDeclaration | null;
  classify(window: Float32Array): Promise<Float32Array>;
}

/** Where the run's samples and markers go (the crash-safe recorder, or a test's array). */
export interface RunSink {
  /** The run's next samples, contiguous (`lostBefore` 0): a stretch the device lost arrives held at the last values. */
  samples(block: SampleBlock, nChannels: number): void;
  /** The device lost `count` samples here (file time, s): they come next in `samples`, held; the file notes the gap. */
  lost?(count: number, onsetSec: number, durationSec: number): void;
  /** A protocol marker; `marker.sample` is its sample in the run's file (pauses included). */
  marker(marker: ScheduledMarker, onsetSec: number): void;
  /** A marker from the device itself (a Cyton marker byte, a stream's marker), at its sample. */
  deviceMarker?(marker: DeviceMarker, onsetSec: number): void;
}

export interface ProtocolRunSettings {
  info: DeviceInfo;
  schedule: GrazSchedule;
  sink?: RunSink;
  /** Online runs: the session's model. */
  classifier?: OnlineClassifier;
  /** Analysis windows per second (HappyFeat: 16). */
  outputsPerSecond?: number;
  biasTrials?: number;
  /**
   * A simulator's cue queue, told each trial's cue when the trial starts (in the device's own sample count: the run's
   * file sample plus `firstDeviceSample`), so its desynchronisation starts on the marker's sample.
   */
  announceCue?: (cue: 'none' | 'left' | 'right', deviceSample: number) => void;
  firstDeviceSample?: number;
  /** The screen changes: called after each block that changed the phase, with the protocol and file samples. */
  onMoment?: (moment: ProtocolMoment, protocolSample: number) => void;
  onOutput?: (output: FeedbackOutput, atMs: number) => void;
  /** The schedule's last sample was recorded. */
  onComplete?: () => void;
}

export type ProtocolRunState = 'running' | 'pausing' | 'paused' | 'complete';

export interface ProtocolRunResult {
  samples: number;
  markers: number;
  aborted: boolean;
  decisions: TrialDecision[];
  accuracy: number | null;
  /** Block arrival to classifier output, ms (online runs). */
  latencyMs: number[];
  bias: number | null;
  pausedSamples: number;
  /** Trials whose end was recorded. */
  trialsDone: number;
}

/** Indices of the model's channels in the device's channel list; names compared as montage names (`C3..` is C3). */
export function channelIndices(deviceChannels: string[], wanted: string[]): number[] {
  const byName = new Map(deviceChannels.map((label, index) => [normaliseChannelName(label), index]));
  const missing: string[] = [];
  const indices = wanted.map((label) => {
    const index = byName.get(normaliseChannelName(label));
    if (index === undefined) missing.push(label);
    return index ?? -1;
  });
  if (missing.length > 0) {
    throw new CoreError('bad-input', `The model needs channels the device does not have: ${missing.join(', ')} (device: ${deviceChannels.join(', ')}).`);
  }
  return indices;
}

/**
 * The run's clock is the samples it was fed, lost ones included: a stretch the device lost (`lostBefore`) is held at
 * the last values here, once, so the file, the online runtime (its prefilter and windows) and the schedule count the
 * same samples, the amplifier's, and a marker stays on its sample. The protocol's clock stops while paused, so a
 * marker's file sample is its scheduled sample plus the samples paused before it. Pause holds at the end of the
 * trial under way (at once in the baseline or between trials): no trial is cut.
 */
export class ProtocolRun {
  readonly schedule: GrazSchedule;
  private readonly settings: ProtocolRunSettings;
  private readonly nChannels: number;
  private readonly holder: LostSampleHolder;
  private received = 0;
  private shift = 0;
  private markers = 0;
  private runState: ProtocolRunState = 'running';
  private holdAt = 0;
  private aborted = false;
  private phase: ProtocolMoment['phase'] | null = null;
  /** Paused stretches in file samples; the last one is open (length Infinity) while paused. */
  private readonly pauses: { from: number; length: number }[] = [];
  private pendingWork = Promise.resolve();
  private readonly online: ReturnType<typeof prepareOnline> | null;
  /** The latest block's first sample time and the measured sample period, for wall-clock times of samples. */
  private clock: { sample: number; timeMs: number; periodMs: number } | null = null;
  private trialsDone = 0;

  constructor(settings: ProtocolRunSettings) {
    this.settings = settings;
    this.schedule = settings.schedule;
    if (settings.info.sampleRateHz !== this.schedule.sampleRateHz) {
      throw new CoreError('bad-input', `The schedule is for ${this.schedule.sampleRateHz} Hz but the device runs at ${settings.info.sampleRateHz} Hz.`);
    }
    this.nChannels = settings.info.channels.length;
    this.holder = new LostSampleHolder(this.nChannels, settings.info.sampleRateHz);
    this.online = settings.classifier ? prepareOnline(settings.classifier, settings.info, this.schedule, settings, (sample) => this.protocolSampleOf(sample)) : null;
  }

  get state(): ProtocolRunState {
    return this.runState;
  }

  /** Samples recorded so far (the run's file). */
  get samples(): number {
    return this.received;
  }

  /** Where the protocol's own clock stands (the file's samples less the paused ones). */
  get protocolSample(): number {
    return this.received - this.shift;
  }

  get pausedSamples(): number {
    return this.shift;
  }

  get decoder(): FeedbackDecoder | null {
    return this.online?.decoder ?? null;
  }

  get latencies(): readonly number[] {
    return this.online?.latencyMs ?? [];
  }

  /** A scheduled sample's sample in the file (the pauses so far added). */
  fileSampleOf(protocolSample: number): number {
    return protocolSample + this.shift;
  }

  /** Wall-clock epoch ms at which a file sample was (or will be) taken, from the device's block times; null before the first block. */
  timeOfSample(fileSample: number): number | null {
    return this.clock ? this.clock.timeMs + (fileSample - this.clock.sample) * this.clock.periodMs : null;
  }

  /** Takes the next block of the device (all channels, a loss before it held); markers due in it are stamped, samples recorded. */
  push(block: SampleBlock): void {
    if (this.runState === 'complete') return;
    const arrivedMs = performance.now();
    this.tick(block);
    const whole = this.holder.hold(block);
    const total = whole.nSamples;
    let used = 0;
    const due: ScheduledMarker[] = [];
    while (used < total && this.runState !== 'complete') {
      if (this.runState === 'paused') {
        this.shift += total - used;
        used = total;
        break;
      }
      const p = this.received + used - this.shift;
      const limit = this.runState === 'pausing' ? Math.min(this.holdAt, this.schedule.totalSamples) : this.schedule.totalSamples;
      const k = Math.min(total - used, Math.max(0, limit - p));
      due.push(...this.stamp(p, p + k));
      used += k;
      if (p + k >= this.schedule.totalSamples) this.runState = 'complete';
      else if (this.runState === 'pausing' && p + k >= this.holdAt) this.beginPause(this.received + used);
    }
    const kept = used === total ? whole : trimBlock(whole, this.nChannels, used);
    const fs = this.schedule.sampleRateHz;
    const lost = Math.min(block.lostBefore, used);
    if (lost > 0) this.settings.sink?.lost?.(lost, this.received / fs, lost / fs);
    this.settings.sink?.samples(kept, this.nChannels);
    // Markers after their samples, as the recorder expects them.
    for (const marker of due) this.settings.sink?.marker(marker, marker.sample / fs);
    if (this.online && used > 0) {
      const online = this.online;
      const start = this.received;
      this.pendingWork = this.pendingWork.then(() => online.push(kept, start, arrivedMs));
    }
    this.received += used;
    const moment = protocolMomentAt(this.schedule, this.protocolSample);
    if (moment.phase !== this.phase) {
      this.phase = moment.phase;
      this.settings.onMoment?.(moment, this.protocolSample);
    }
    if (this.runState === 'complete') this.settings.onComplete?.();
  }

  /** Holds at the end of the trial under way (at once outside a trial); false when not running. */
  pause(): boolean {
    if (this.runState !== 'running') return false;
    const p = this.protocolSample;
    const moment = protocolMomentAt(this.schedule, p);
    const inTrial = moment.trial !== null && p >= moment.trial.startSample && p < moment.trial.endSample;
    // Just past the trial's end: its end-of-trial marker is written before the pause.
    this.holdAt = inTrial ? (moment.trial as { endSample: number }).endSample + 1 : p;
    this.runState = 'pausing';
    if (this.holdAt <= p) this.beginPause(this.received);
    return true;
  }

  /** Goes on from where it held (or cancels a pause not reached yet); false when neither pausing nor paused. */
  resume(): boolean {
    if (this.runState === 'pausing') {
      this.runState = 'running';
      return true;
    }
    if (this.runState !== 'paused') return false;
    const open = this.pauses[this.pauses.length - 1];
    open.length = this.received - open.from;
    this.runState = 'running';
    return true;
  }

  /** Ends the run now (abort, acquisition stopped, device lost): what was recorded stays, the result says aborted. */
  end(): void {
    if (this.runState === 'complete') return;
    this.aborted = true;
    this.runState = 'complete';
  }

  /** Waits for the classifier's queued work and decides the last trials. */
  async finish(): Promise<ProtocolRunResult> {
    this.end();
    await this.pendingWork;
    const decoder = this.online?.decoder;
    decoder?.finish(Math.min(this.protocolSample, this.schedule.totalSamples));
    return {
      samples: this.received,
      markers: this.markers,
      aborted: this.aborted || this.protocolSample < this.schedule.totalSamples,
      decisions: decoder ? [...decoder.decisions] : [],
      accuracy: decoder?.accuracy ?? null,
      latencyMs: this.online?.latencyMs ?? [],
      bias: decoder?.biasEstimate ?? null,
      pausedSamples: this.shift,
      trialsDone: this.trialsDone,
    };
  }

  private beginPause(fileSample: number): void {
    this.runState = 'paused';
    this.pauses.push({ from: fileSample, length: Infinity });
  }

  /** The markers of protocol samples [from, to) at their file samples; a trial's start announces its cue to a simulator. */
  private stamp(from: number, to: number): ScheduledMarker[] {
    if (to <= from) return [];
    const stamped: ScheduledMarker[] = [];
    for (const marker of markersBetween(this.schedule, from, to)) {
      stamped.push({ ...marker, sample: marker.sample + this.shift });
      this.markers++;
      if (marker.code === GDF.endOfTrial) this.trialsDone++;
      if (marker.code === GDF.trialStart && marker.trial !== null && this.settings.announceCue) {
        const trial = this.schedule.trials[marker.trial];
        const symbol = this.schedule.classes[trial.classIndex].symbol;
        const cue = symbol === 'arrow-left' ? 'left' : symbol === 'arrow-right' ? 'right' : 'none';
        const first = this.settings.firstDeviceSample ?? 0;
        if (cue !== 'none') {
          this.settings.announceCue(cue, first + trial.cueSample + this.shift);
          this.settings.announceCue('none', first + trial.endSample + this.shift);
        }
      }
    }
    return stamped;
  }

  /** The sample clock in wall time: the block's first sample time and the period measured between blocks. */
  private tick(block: SampleBlock): void {
    const sample = this.received + block.lostBefore;
    const previous = this.clock;
    let periodMs = previous?.periodMs ?? 1000 / this.schedule.sampleRateHz;
    if (previous && sample > previous.sample && block.firstSampleTimeMs > previous.timeMs) {
      const measured = (block.firstSampleTimeMs - previous.timeMs) / (sample - previous.sample);
      // Smoothed: one late block does not move the clock much.
      periodMs = 0.9 * periodMs + 0.1 * measured;
    }
    this.clock = { sample, timeMs: block.firstSampleTimeMs, periodMs };
  }

  /** A file sample on the protocol's clock, or null inside a pause. */
  private protocolSampleOf(fileSample: number): number | null {
    let paused = 0;
    for (const pause of this.pauses) {
      if (fileSample <= pause.from) break;
      if (fileSample <= pause.from + pause.length) return null;
      paused += pause.length;
    }
    return fileSample - paused;
  }
}

function trimBlock(block: SampleBlock, nChannels: number, n: number): SampleBlock {
  const samples = new Float32Array(nChannels * n);
  for (let c = 0; c < nChannels; c++) samples.set(block.samples.subarray(c * block.nSamples, c * block.nSamples + n), c * n);
  return { ...block, samples, nSamples: n };
}

function prepareOnline(classifier: OnlineClassifier, info: DeviceInfo, schedule: GrazSchedule, settings: ProtocolRunSettings, toProtocol: (fileSample: number) => number | null) {
  if (classifier.sampleRateHz !== info.sampleRateHz) {
    throw new CoreError('bad-input', `The model was trained at ${classifier.sampleRateHz} Hz but the device runs at ${info.sampleRateHz} Hz.`);
  }
  const indices = channelIndices(info.channels, classifier.channels);
  const step = Math.max(1, Math.round(info.sampleRateHz / (settings.outputsPerSecond ?? 16)));
  // One filter state per channel (and band), carried from the first sample of the stream on.
  const prefilter = new StreamPrefilter(classifier.prefilter ?? null, indices.length, info.sampleRateHz);
  const sliding = new SlidingWindow(prefilter.nRows, classifier.nSamples, step);
  const decoder = new FeedbackDecoder(schedule, { biasTrials: settings.biasTrials });
  const latencyMs: number[] = [];
  const window = new Float32Array(prefilter.nRows * classifier.nSamples);
  // The sliding window counts only the samples it is given: the file sample of its first one maps its windows back.
  let offset: number | null = null;
  return {
    decoder,
    latencyMs,
    async push(block: SampleBlock, firstFileSample: number, arrivedMs: number): Promise<void> {
      const n = block.nSamples;
      if (n === 0) return;
      offset ??= firstFileSample - sliding.samplesReceived;
      const picked = new Float64Array(indices.length * n);
      indices.forEach((source, k) => {
        for (let i = 0; i < n; i++) picked[k * n + i] = block.samples[source * n + i];
      });
      const filtered = prefilter.process(picked, n);
      for (const analysis of sliding.push(filtered, n)) {
        window.set(analysis.data);
        const probabilities = await classifier.classify(window);
        latencyMs.push(performance.now() - arrivedMs);
        const protocolSample = toProtocol(analysis.endSample + (offset ?? 0));
        if (protocolSample === null) continue;
        const output = decoder.push(protocolSample, probabilities[1]);
        settings.onOutput?.(output, performance.timeOrigin + performance.now());
      }
    },
  };
}
