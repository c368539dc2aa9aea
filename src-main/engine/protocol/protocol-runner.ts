// Runs one Graz run on a device of its own (the CLI, benches): starts it, feeds a ProtocolRun, stops it at the end.
import type { FeedbackOutput, TrialDecision } from '../../core/online/feedback-decoder.ts';
import type { GrazSchedule, ProtocolMoment } from '../../core/protocol/graz-protocol.ts';
import type { Device, DeviceInfo } from '../devices/device.ts';
import { ProtocolRun, type OnlineClassifier, type RunSink } from './protocol-run.ts';

export { channelIndices, type OnlineClassifier, type RunSink } from './protocol-run.ts';

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
  /** Lets the caller stop the run early: the result is marked aborted. */
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

/**
 * Starts the opened device, plays the schedule against its sample clock and resolves when the run is over (or aborted,
 * or the device failed). A simulator that takes cues (`setCue`) is told every cue change before it starts, so the
 * recorded marker and the simulated desynchronisation start on the same sample.
 */
export async function runProtocol(options: ProtocolRunOptions): Promise<ProtocolRunResult> {
  const { device, info, schedule, sink, classifier } = options;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const run = new ProtocolRun({
    info, schedule, sink, classifier, outputsPerSecond: options.outputsPerSecond, biasTrials: options.biasTrials,
    onMoment: options.onMoment, onOutput: options.onOutput ? (output) => options.onOutput?.(output) : undefined, onComplete: () => finish(),
  });
  let fault: string | null = null;
  for (const change of cueChanges(schedule)) device.setCue?.(change.cue, change.sample);
  const onAbort = () => finish();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  await device.start({
    samples: (block) => run.push(block),
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
  const result = await run.finish();
  return { samples: result.samples, markers: result.markers, aborted: result.aborted, fault, decisions: result.decisions, accuracy: result.accuracy, latencyMs: result.latencyMs, bias: result.bias };
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
