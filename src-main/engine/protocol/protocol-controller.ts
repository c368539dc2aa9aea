// The engine's protocol runs: one at a time, on the session's running acquisition, recorded to their own BDF+ file.
import { idleProtocolStatus, type EngineProtocolStartParams, type FinishedRecording, type LatencySummary, type ProtocolRunRecord, type ProtocolScreenPhase, type ProtocolStatus } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { CoreError } from '../../core/errors.ts';
import { nextPhaseChange, protocolMomentAt, scheduleGrazRun, type GrazSchedule, type ProtocolMoment } from '../../core/protocol/graz-protocol.ts';
import type { AcquisitionTap } from '../acquisition.ts';
import type { DeviceInfo } from '../devices/device.ts';
import { openRunTrigger, type RunTrigger } from '../output/run-trigger.ts';
import { DeviceRecording } from '../recorder/device-recording.ts';
import { loadClassifier, type LoadedClassifier } from './onnx-classifier.ts';
import { ProtocolRun, type ProtocolRunResult } from './protocol-run.ts';
import { deviceRecordingSink } from './recording-sink.ts';

/** What a protocol run needs of the acquisition (engine/acquisition.ts). */
export interface AcquisitionForRuns {
  current(): { state: string; sessionId: number | null; device?: string | null };
  /** An impedance measurement holds the device: a run cannot start. */
  readonly measuringImpedance?: boolean;
  deviceInfo(): DeviceInfo | null;
  tap(listener: AcquisitionTap): () => void;
  queueCue(cue: 'none' | 'left' | 'right', atSample: number): void;
  /** The acquisition's LSL outlets when it publishes (`acquisition.start`'s `publish`): the run's markers and decisions go there too. */
  readonly publisher?: RunPublisher | null;
}

/** What a run publishes on LSL (engine/network/acquisition-publisher.ts). */
export interface RunPublisher {
  cue(label: string): void;
  openDecisions(classes: readonly string[]): Promise<boolean>;
  publishDecision(values: readonly number[]): boolean;
}

export interface ProtocolControllerOptions {
  onStatus: (status: ProtocolStatus) => void;
  onRecordingFinished: (finished: FinishedRecording) => void;
  /** Opens the model of an online run (tests give their own). */
  loadClassifier?: (file: string) => Promise<LoadedClassifier>;
}

const STATUS_INTERVAL_MS = 500;
/** Feedback outputs remembered for the screen's drawn reports. */
const FEEDBACK_MEMORY = 256;

/** The patient's screen in a moment of the protocol. */
export function screenPhase(moment: ProtocolMoment): ProtocolScreenPhase {
  switch (moment.phase) {
    case 'imagery': return moment.showFeedback ? 'feedback' : 'imagery';
    case 'pause': return 'rest';
    default: return moment.phase;
  }
}

/** p50, p99 and count of a list of ms (nearest rank); null when empty. */
export function latencySummary(values: readonly number[]): LatencySummary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: at(0.5), p99: at(0.99), n: sorted.length };
}

interface ActiveRun {
  params: EngineProtocolStartParams;
  schedule: GrazSchedule;
  run: ProtocolRun;
  recording: DeviceRecording;
  model: LoadedClassifier | null;
  /** The rehabilitation device's output of an online run. */
  trigger: RunTrigger | null;
  untap: () => void;
  timer: ReturnType<typeof setInterval>;
  moment: ProtocolMoment;
  feedback: ProtocolStatus['feedback'];
  seq: number;
  outputTimes: Map<number, number>;
  feedbackDrawn: number[];
  /** Each cue's file sample, by trial. */
  cueSamples: Map<number, number>;
  cueDrawn: Map<number, number>;
  fault: string | null;
  finishing: Promise<ProtocolStatus> | null;
}

export class ProtocolController {
  private readonly acquisition: AcquisitionForRuns;
  private readonly options: ProtocolControllerOptions;
  private active: ActiveRun | null = null;
  private last: ProtocolStatus = idleProtocolStatus();

  constructor(acquisition: AcquisitionForRuns, options: ProtocolControllerOptions) {
    this.acquisition = acquisition;
    this.options = options;
  }

  status(): ProtocolStatus {
    return this.active ? this.describe(this.active) : { ...this.last };
  }

  async start(params: EngineProtocolStartParams): Promise<ProtocolStatus> {
    if (this.active) throw stateFailure('start', this.describe(this.active));
    const acquisition = this.acquisition.current();
    const info = this.acquisition.deviceInfo();
    if (acquisition.state !== 'running' || acquisition.sessionId !== params.sessionId || !info) {
      throw new ApiFailure('not-acquiring', `Session ${params.sessionId} has no acquisition running: a protocol run records from the session's running amplifier.`, "Start the session's acquisition (a recording or a signal check) first.", detail('no-acquisition', { sessionId: params.sessionId }));
    }
    if (this.acquisition.measuringImpedance) {
      throw new ApiFailure('conflict', 'A protocol run cannot start while electrode impedance is being measured.', 'Wait for the measurement to finish or cancel it.', detail('impedance-refused', { device: acquisition.device ?? 'amplifier', why: 'measuring' }));
    }
    let schedule: GrazSchedule;
    try {
      schedule = scheduleGrazRun({ ...params.settings, feedback: params.kind === 'online' }, info.sampleRateHz);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ApiFailure('invalid-payload', `protocol.start: settings: ${message}`, undefined, detail('invalid-field', { method: 'protocol.start', field: 'settings', detail: message }));
    }
    const model = params.kind === 'online' && params.model ? await (this.options.loadClassifier ?? loadClassifier)(params.model.path) : null;
    if (params.kind === 'online' && !model) {
      throw new ApiFailure('bad-input', 'An online run needs the session\'s chosen model.', 'Choose a model on the Train step.', detail('no-chosen-model', { sessionId: params.sessionId }));
    }
    let recording: DeviceRecording | null = null;
    let trigger: RunTrigger | null = null;
    try {
      recording = DeviceRecording.open(params.target.path, info, {
        kind: 'BDF',
        patientCode: params.patientCode,
        recordingInfo: `${params.kind}_session-${params.sessionId}`.slice(0, 40),
      });
      const opened = recording;
      if (params.trigger && model) {
        trigger = await openRunTrigger(params.trigger, schedule, (marker) => opened.markerArrived({ sampleIndex: marker.sample, label: marker.label, durationSec: 0 }));
      }
      const relay = trigger?.relay;
      // Published while acquisition publishes: the run's markers on the marker outlet; an online run's decisions as one
      // value per class, (1 - output) / 2 and (1 + output) / 2 (the bias-corrected p(class 1), p(class 2)).
      const publisher = this.acquisition.publisher ?? null;
      if (publisher && model) await publisher.openDecisions(schedule.classes.map((c) => c.name));
      const recorded = deviceRecordingSink(opened);
      let active: ActiveRun | null = null;
      // The device's index of the run's first sample: a simulator's cues are queued on its own clock.
      let deviceOffset = 0;
      const run = new ProtocolRun({
        info,
        schedule,
        sink: publisher ? { ...recorded, marker: (marker, onsetSec) => { recorded.marker(marker, onsetSec); publisher.cue(String(marker.code)); } } : recorded,
        classifier: model?.classifier,
        onMoment: (moment) => active && this.moment(active, moment),
        onOutput: (output, atMs) => {
          relay?.push(output.sample, output.smoothed, output.trial === null ? null : schedule.trials[output.trial].classIndex);
          publisher?.publishDecision([(1 - output.output) / 2, (1 + output.output) / 2]);
          if (active) this.output(active, output.towardsCue, output.output, atMs);
        },
        onComplete: () => active && void this.finish(active, null),
        announceCue: (cue, sample) => this.acquisition.queueCue(cue, sample + deviceOffset),
      });
      active = {
        params, schedule, run, recording: opened, model, trigger, untap: () => undefined, timer: setInterval(() => active && this.emit(active), STATUS_INTERVAL_MS),
        moment: protocolMomentAt(schedule, 0), feedback: null, seq: 0, outputTimes: new Map(), feedbackDrawn: [], cueSamples: new Map(), cueDrawn: new Map(), fault: null, finishing: null,
      };
      const current = active;
      this.active = current;
      current.untap = this.acquisition.tap({
        samples: (block, first) => {
          if (current.run.samples === 0) deviceOffset = first - block.lostBefore;
          current.run.push(block);
          this.noteCues(current);
          if (current.recording.error) void this.finish(current, current.recording.error.message);
        },
        ended: (fault) => this.finish(current, fault ?? 'the acquisition stopped before the run ended').then(() => undefined),
      });
    } catch (error) {
      recording?.abandon();
      await trigger?.close();
      await model?.release().catch(() => undefined);
      if (this.active) {
        clearInterval(this.active.timer);
        this.active = null;
      }
      if (error instanceof CoreError && !/^The model/.test(error.message)) throw new ApiFailure('bad-input', `The run could not start: ${error.message}`);
      if (error instanceof CoreError) {
        throw new ApiFailure('bad-input', error.message, 'Choose a model trained on this amplifier\'s channels and sample rate.', detail('model-mismatch', { attemptId: params.model?.attemptId ?? 0, what: /Hz/.test(error.message) ? 'sample-rate' : 'channels', missing: error.message, modelRateHz: model?.classifier.sampleRateHz ?? 0, deviceRateHz: info.sampleRateHz }));
      }
      throw error;
    }
    const status = this.describe(this.active);
    this.options.onStatus(status);
    return status;
  }

  pause(sessionId: number): ProtocolStatus {
    const active = this.owned(sessionId, 'pause');
    if (!active.run.pause()) throw stateFailure('pause', this.describe(active));
    return this.emit(active);
  }

  resume(sessionId: number): ProtocolStatus {
    const active = this.owned(sessionId, 'resume');
    if (!active.run.resume()) throw stateFailure('resume', this.describe(active));
    return this.emit(active);
  }

  /** Ends the run now; its recording so far is finished, reported and marked aborted. */
  async abort(sessionId: number): Promise<ProtocolStatus> {
    return this.finish(this.owned(sessionId, 'abort'), null);
  }

  /** The patient's screen drew a cue or a feedback update at `drawnAtMs` (wall-clock epoch ms). */
  drawn(report: { runId: number; what: 'cue' | 'feedback'; index: number; drawnAtMs: number }): { recorded: boolean } {
    const active = this.active;
    if (!active || active.params.target.runId !== report.runId) return { recorded: false };
    if (report.what === 'cue') {
      // A screen that drew the cue on its predicted time may report it before the engine has its sample: the trial under
      // way keeps one offset to the file (pauses hold between trials), so its cue's sample is known from its start.
      const trial = active.schedule.trials[report.index] as GrazSchedule['trials'][number] | undefined;
      if (!active.cueSamples.has(report.index) && trial && trial.startSample <= active.run.protocolSample) active.cueSamples.set(report.index, active.run.fileSampleOf(trial.cueSample));
      const sample = active.cueSamples.get(report.index);
      const scheduledMs = sample === undefined ? null : active.run.timeOfSample(sample);
      if (scheduledMs === null || active.cueDrawn.has(report.index)) return { recorded: false };
      active.cueDrawn.set(report.index, report.drawnAtMs - scheduledMs);
      return { recorded: true };
    }
    const atMs = active.outputTimes.get(report.index);
    if (atMs === undefined) return { recorded: false };
    active.outputTimes.delete(report.index);
    active.feedbackDrawn.push(report.drawnAtMs - atMs);
    return { recorded: true };
  }

  /** The engine is ending: a run in progress is finished like an abort. */
  async shutDown(): Promise<void> {
    if (this.active) await this.finish(this.active, 'the engine was shut down');
  }

  private owned(sessionId: number, action: 'pause' | 'resume' | 'abort'): ActiveRun {
    const active = this.active;
    if (!active || active.finishing) throw stateFailure(action, idleProtocolStatus());
    if (active.params.sessionId !== sessionId) {
      throw new ApiFailure('conflict', `The protocol run belongs to session ${active.params.sessionId}; session ${sessionId} cannot ${action} it.`, 'Use its own session.', detail('amplifier-busy', { sessionId: active.params.sessionId, patientCode: active.params.patientCode, recording: true }));
    }
    return active;
  }

  /** Each cue marker's file sample, for the screen's drawn reports (the cue is stamped as its block is taken). */
  private noteCues(active: ActiveRun): void {
    const { run, schedule } = active;
    // Pauses hold only between trials, so a trial's samples keep one offset from its start to its end.
    for (const trial of schedule.trials) {
      if (trial.cueSample >= run.protocolSample) break;
      if (!active.cueSamples.has(trial.index)) active.cueSamples.set(trial.index, run.fileSampleOf(trial.cueSample));
    }
  }

  private moment(active: ActiveRun, moment: ProtocolMoment): void {
    active.moment = moment;
    // Each phase starts without an output: the bar shows only outputs of its own feedback period.
    active.feedback = null;
    this.emit(active);
  }

  private output(active: ActiveRun, bar: number, output: number, atMs: number): void {
    if (screenPhase(active.moment) !== 'feedback') return;
    const seq = active.seq++;
    active.feedback = { seq, output, bar, atMs };
    active.outputTimes.set(seq, atMs);
    if (active.outputTimes.size > FEEDBACK_MEMORY) active.outputTimes.delete(active.outputTimes.keys().next().value as number);
    this.emit(active);
  }

  private emit(active: ActiveRun): ProtocolStatus {
    const status = this.describe(active);
    this.options.onStatus(status);
    return status;
  }

  private describe(active: ActiveRun): ProtocolStatus {
    const { run, schedule, params } = active;
    const moment = active.moment;
    const decoder = run.decoder;
    const decided = decoder?.decisions.length ?? 0;
    const correct = decoder?.decisions.filter((d) => d.correct).length ?? 0;
    const phase = screenPhase(moment);
    const state = run.state === 'complete' ? 'running' : run.state;
    let next: ProtocolStatus['next'] = null;
    if (state === 'running') {
      const change = nextPhaseChange(schedule, run.protocolSample);
      const atMs = change === null ? null : run.timeOfSample(run.fileSampleOf(change));
      if (change !== null && atMs !== null) {
        const upcoming = protocolMomentAt(schedule, change);
        next = { phase: screenPhase(upcoming), cue: showsCue(upcoming) ? upcoming.cue?.symbol ?? null : null, atMs, trial: upcoming.trial ? upcoming.trial.index + 1 : 0 };
      }
    }
    return {
      state,
      sessionId: params.sessionId,
      runId: params.target.runId,
      kind: params.kind,
      file: params.target.file,
      settings: params.settings,
      phase,
      cue: showsCue(moment) ? moment.cue?.symbol ?? null : null,
      trial: moment.phase === 'done' ? schedule.trials.length : moment.trial ? moment.trial.index + 1 : 0,
      trials: schedule.trials.length,
      progress: moment.progress,
      elapsedSec: run.samples / schedule.sampleRateHz,
      next,
      feedback: phase === 'feedback' ? active.feedback : null,
      decided,
      correct,
      accuracy: decoder?.accuracy ?? null,
      latencyMs: active.model ? latencySummary(run.latencies) : null,
      provider: active.model?.provider ?? null,
      providerNote: active.model?.providerNote ?? null,
      fault: active.fault,
      ended: null,
    };
  }

  private finish(active: ActiveRun, fault: string | null): Promise<ProtocolStatus> {
    active.finishing ??= this.complete(active, fault);
    return active.finishing;
  }

  private async complete(active: ActiveRun, fault: string | null): Promise<ProtocolStatus> {
    active.fault = fault;
    active.untap();
    clearInterval(active.timer);
    const result = await active.run.finish();
    await active.trigger?.close();
    let sha256: string | null = null;
    let error = fault;
    try {
      sha256 = (await active.recording.finalise()).sha256;
    } catch (finaliseError) {
      error = finaliseError instanceof Error ? finaliseError.message : String(finaliseError);
    }
    await active.model?.release().catch(() => undefined);
    const record = this.record(active, result, error);
    this.options.onRecordingFinished({
      runId: active.params.target.runId, path: active.params.target.path, sha256, samples: active.recording.samplesWritten, lostSamples: active.recording.lostSamples,
      markers: active.recording.markerCount, error, protocol: record,
    });
    const final: ProtocolStatus = { ...this.describe(active), state: 'idle', phase: null, cue: null, next: null, feedback: null, fault: error, ended: record.aborted ? 'aborted' : 'finished' };
    this.active = null;
    this.last = final;
    this.options.onStatus(final);
    return final;
  }

  private record(active: ActiveRun, result: ProtocolRunResult, fault: string | null): ProtocolRunRecord {
    const fs = active.schedule.sampleRateHz;
    const cues = [...active.cueSamples].map(([trial, sample]) => ({ trial, sample, drawnLatencyMs: active.cueDrawn.get(trial) ?? null }));
    return {
      kind: active.params.kind,
      settings: active.params.settings,
      modelAttemptId: active.params.model?.attemptId ?? null,
      aborted: result.aborted,
      fault,
      trialsPlanned: active.schedule.trials.length,
      trialsDone: result.trialsDone,
      pausedSec: result.pausedSamples / fs,
      provider: active.model?.provider ?? null,
      providerNote: active.model?.providerNote ?? null,
      decisions: result.decisions.map((d) => ({ trial: d.trial, cueClass: d.cueClass, predictedClass: d.predictedClass, correct: d.correct, biasTrial: d.biasTrial })),
      accuracy: result.accuracy,
      bias: result.bias,
      latencyMs: latencySummary(result.latencyMs),
      cues,
      cueDrawnMs: latencySummary([...active.cueDrawn.values()]),
      feedbackDrawnMs: latencySummary(active.feedbackDrawn),
      trigger: active.trigger?.summary() ?? null,
    };
  }
}

/** Whether the screen shows the cued class: the arrow or rest symbol, and the feedback bar's direction. */
function showsCue(moment: ProtocolMoment): boolean {
  return moment.phase === 'cue' || moment.phase === 'imagery';
}

function stateFailure(action: 'start' | 'pause' | 'resume' | 'abort', status: ProtocolStatus): ApiFailure {
  const words = { start: 'A protocol run is already under way', pause: 'No protocol run is running to pause', resume: 'No protocol run is paused or pausing', abort: 'No protocol run is under way' }[action];
  const state = status.state;
  return new ApiFailure('conflict', `${words} (state: ${state}).`, action === 'start' ? 'Wait for it to end, or abort it.' : undefined, detail('protocol-state', { action, state }));
}
