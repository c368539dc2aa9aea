// Runs one Graz run on a device: cues and markers on the device's sample clock, the recording, and online feedback.
import { CoreError } from '../../core/errors.ts';
import { FeedbackDecoder, type FeedbackOutput, type TrialDecision } from '../../core/online/feedback-decoder.ts';
import { SlidingWindow } from '../../core/online/sliding-window.ts';
import { markersBetween, protocolMomentAt, type GrazSchedule, type ProtocolMoment, type ScheduledMarker } from '../../core/protocol/graz-protocol.ts';
import { normaliseChannelName } from '../../core/recording.ts';
import { StreamPrefilter } from '../../core/online/stream-prefilter.ts';
import type { PrefilterDeclaration } from '../../core/ml/standard-preprocessing.ts';
import type { Device, DeviceInfo, DeviceMarker, SampleBlock } from '../devices/device.ts';

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
  samples(block: SampleBlock, nChannels: number): void;
  marker(marker: ScheduledMarker, onsetSec: number): void;
  /** A marker from the device itself (a Cyton marker byte, a stream's marker), at its sample. */
  deviceMarker?(marker: DeviceMarker, onsetSec: number): void;
}

export interface ProtocolRunOptions {
  device: Device;
  info: DeviceInfo;
  schedule: GrazSchedule;
  sink?: RunSink;
  /** Online runs: the session's model. */
  classifier?: OnlineClassifier;
  /** Analysis windows per second (HappyFeat: 16). */
  outputsPerSecond?: number;
  biasTrials?: number;
  onMoment?: (moment: ProtocolMoment, sample: number) => void;
  onOutput?: (output: FeedbackOutput) => void;
  /** Lets the caller stop the run early (pause and abort are the caller's): the result is marked aborted. */
  signal?: AbortSignal;
}

export interface ProtocolRunResult {
  samples: number;
  markers: number;
  aborted: boolean;
  fault: string | null;
  decisions: TrialDecision[];
  accuracy: number | null;
  /** Block arrival to classifier output, ms (online runs). */
  latencyMs: number[];
  bias: number | null;
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
 * Starts the opened device, plays the schedule against its sample clock and resolves when the run is over (or aborted,
 * or the device failed). A simulator that takes cues (`setCue`) is told each cue when its samples are generated,
 * so the recorded marker and the simulated desynchronisation start on the same sample.
 */
export async function runProtocol(options: ProtocolRunOptions): Promise<ProtocolRunResult> {
  const { device, info, schedule, sink, classifier } = options;
  if (info.sampleRateHz !== schedule.sampleRateHz) {
    throw new CoreError('bad-input', `The schedule is for ${schedule.sampleRateHz} Hz but the device runs at ${info.sampleRateHz} Hz.`);
  }
  const nChannels = info.channels.length;
  const online = classifier ? prepareOnline(classifier, info, schedule, options) : null;
  let received = 0;
  let markers = 0;
  let phase: ProtocolMoment['phase'] | null = null;
  let fault: string | null = null;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let pendingWork = Promise.resolve();
  // A simulator queues the cue changes and generates each from its exact sample.
  for (const change of cueChanges(schedule)) device.setCue?.(change.cue, change.sample);

  const onBlock = (block: SampleBlock) => {
    if (received >= schedule.totalSamples) return;
    const arrivedMs = performance.now();
    const n = Math.min(block.nSamples, schedule.totalSamples - received);
    const kept = n === block.nSamples ? block : trimBlock(block, nChannels, n);
    sink?.samples(kept, nChannels);
    for (const marker of markersBetween(schedule, received, received + n)) {
      sink?.marker(marker, marker.sample / schedule.sampleRateHz);
      markers++;
    }
    if (online) pendingWork = pendingWork.then(() => online.push(kept, arrivedMs));
    received += n;
    const moment = protocolMomentAt(schedule, received);
    if (moment.phase !== phase) {
      phase = moment.phase;
      options.onMoment?.(moment, received);
    }
    if (received >= schedule.totalSamples) finish();
  };
  const onAbort = () => finish();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  await device.start({
    samples: onBlock,
    marker: (marker) => sink?.deviceMarker?.(marker, marker.sampleIndex / schedule.sampleRateHz),
    status: (status) => {
      if (status.kind === 'ended') finish();
    },
    fault: (message) => {
      fault = message;
      finish();
    },
  });
  await done;
  options.signal?.removeEventListener('abort', onAbort);
  await device.stop();
  device.setCue?.('none');
  await pendingWork;
  online?.decoder.finish(received);
  const aborted = received < schedule.totalSamples;
  return {
    samples: received,
    markers,
    aborted,
    fault,
    decisions: online ? [...online.decoder.decisions] : [],
    accuracy: online?.decoder.accuracy ?? null,
    latencyMs: online?.latencyMs ?? [],
    bias: online?.decoder.biasEstimate ?? null,
  };
}

/** The simulated cue in force from each sample on: the class's hand from the cue to the end of the trial. */
function cueChanges(schedule: GrazSchedule): { sample: number; cue: 'none' | 'left' | 'right' }[] {
  const changes: { sample: number; cue: 'none' | 'left' | 'right' }[] = [];
  for (const trial of schedule.trials) {
    const symbol = schedule.classes[trial.classIndex].symbol;
    const cue = symbol === 'arrow-left' ? 'left' : symbol === 'arrow-right' ? 'right' : 'none';
    if (cue !== 'none') changes.push({ sample: trial.cueSample, cue }, { sample: trial.endSample, cue: 'none' });
  }
  return changes;
}

function trimBlock(block: SampleBlock, nChannels: number, n: number): SampleBlock {
  const samples = new Float32Array(nChannels * n);
  for (let c = 0; c < nChannels; c++) samples.set(block.samples.subarray(c * block.nSamples, c * block.nSamples + n), c * n);
  return { ...block, samples, nSamples: n };
}

function prepareOnline(classifier: OnlineClassifier, info: DeviceInfo, schedule: GrazSchedule, options: ProtocolRunOptions) {
  if (classifier.sampleRateHz !== info.sampleRateHz) {
    throw new CoreError('bad-input', `The model was trained at ${classifier.sampleRateHz} Hz but the device runs at ${info.sampleRateHz} Hz.`);
  }
  const indices = channelIndices(info.channels, classifier.channels);
  const step = Math.max(1, Math.round(info.sampleRateHz / (options.outputsPerSecond ?? 16)));
  // One filter state per channel (and band), carried from the first sample of the stream on.
  const prefilter = new StreamPrefilter(classifier.prefilter ?? null, indices.length, info.sampleRateHz);
  const sliding = new SlidingWindow(prefilter.nRows, classifier.nSamples, step);
  const decoder = new FeedbackDecoder(schedule, { biasTrials: options.biasTrials });
  const latencyMs: number[] = [];
  const window = new Float32Array(prefilter.nRows * classifier.nSamples);
  return {
    decoder,
    latencyMs,
    async push(block: SampleBlock, arrivedMs: number): Promise<void> {
      const n = block.nSamples;
      const picked = new Float64Array(indices.length * n);
      indices.forEach((source, k) => {
        for (let i = 0; i < n; i++) picked[k * n + i] = block.samples[source * n + i];
      });
      const filtered = prefilter.process(picked, n);
      for (const analysis of sliding.push(filtered, n)) {
        window.set(analysis.data);
        const probabilities = await classifier.classify(window);
        latencyMs.push(performance.now() - arrivedMs);
        const output = decoder.push(analysis.endSample, probabilities[1]);
        options.onOutput?.(output);
      }
    },
  };
}
