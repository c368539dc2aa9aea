// Runs one device at a time for one session: batches its samples into signal frames, records them to BDF+ when asked, reports status.
import { idleAcquisitionStatus, ownerWords, type AcquisitionConfig, type AcquisitionFaultReason, type AcquisitionStatus, type EngineStartParams, type FinishedRecording, type ImpedanceInput, type ImpedanceMeasurement, type LiveSignalQuality, type RecordingTarget } from '../contract/api.ts';
import { ApiFailure, detail } from '../contract/errors.ts';
import { encodeSignalFrame } from '../contract/signal-frame.ts';
import type { Device, DeviceInfo, DeviceMarker, DeviceStatus, SampleBlock } from './devices/device.ts';
import { createAppDevice } from './devices/registry.ts';
import { deviceFailure } from './devices/device-problems.ts';
import { LIVE_QUALITY_STEP_MS, LiveQualityMonitor } from './devices/signal-check.ts';
import { AcquisitionPublisher } from './network/acquisition-publisher.ts';
import { DeviceRecording } from './recorder/device-recording.ts';
import { ImpedanceRun } from './impedance-run.ts';

/** Samples wait at most this long before they are sent: keeps frames few and the delay low. */
export const BATCH_MS = 10;
const STATUS_INTERVAL_MS = 500;

export interface AcquisitionOptions {
  /** Makes the device asked for (default: the registry's, with its source and the workstation's LSL reach). */
  createDevice?: (id: string, config: AcquisitionConfig, params?: EngineStartParams) => Device;
  onFrame: (frame: ArrayBuffer) => void;
  onStatus: (status: AcquisitionStatus) => void;
  /** A recording's file is complete (or could not be completed): sent before the stop's reply. */
  onRecordingFinished?: (finished: FinishedRecording) => void;
  /** An impedance measurement finished: main saves it with the session. */
  onImpedanceMeasured?: (measurement: ImpedanceMeasurement) => void;
}

/** The annotation a cue writes: its GDF code as text (769 left hand, 770 right hand, as the protocol runner writes them), or `rest`. */
export const CUE_ANNOTATIONS = { left: '769', right: '770', rest: 'rest' } as const;

const idleStatus = idleAcquisitionStatus;

/** A listener of the running device's blocks (a protocol run): each block with the device's index of its first sample, and the end. */
export interface AcquisitionTap {
  samples(block: SampleBlock, firstSampleIndex: number): void;
  /** Acquisition stopped (by its Stop, a device fault, a full disk): nothing more will come. */
  ended(fault: string | null): Promise<void> | void;
}

const busyDetail = (status: AcquisitionStatus) => detail('amplifier-busy', { sessionId: status.sessionId, patientCode: status.patientCode, recording: status.recording !== null });

export class Acquisition {
  private status: AcquisitionStatus = idleStatus();
  private device: Device | null = null;
  private pending: SampleBlock[] = [];
  private pendingSamples = 0;
  private statusTimer: ReturnType<typeof setInterval> | null = null;
  private recording: DeviceRecording | null = null;
  private target: RecordingTarget | null = null;
  private outlets: AcquisitionPublisher | null = null;
  private quality: LiveQualityMonitor | null = null;
  private qualityTimer: ReturnType<typeof setInterval> | null = null;
  /** The first complete judgement made over recorded signal: saved with the run. */
  private qualityAtStart: LiveSignalQuality | null = null;
  private readonly options: AcquisitionOptions;
  private info: DeviceInfo | null = null;
  /** Samples per channel the device delivered since start, lost ones included: the device's own sample clock. */
  private delivered = 0;
  private readonly taps = new Set<AcquisitionTap>();
  /** The impedance measurement under way (the device streams for it, not for acquisition), or null. */
  private impedanceRun: ImpedanceRun | null = null;

  constructor(options: AcquisitionOptions) {
    this.options = options;
  }

  /** The LSL outlets of the running acquisition (null when it does not publish): the protocol runner's `publishDecision` hook. */
  get publisher(): AcquisitionPublisher | null {
    return this.outlets;
  }

  current(): AcquisitionStatus {
    const recording = this.recording && this.target
      ? { file: this.target.file, elapsedSec: this.recording.samplesWritten / (this.status.sampleRateHz || 1), markers: this.recording.markerCount, lostPackets: this.recording.lostSamples }
      : null;
    const measuring = this.impedanceRun !== null;
    return { ...this.status, channels: [...this.status.channels], recording, quality: this.status.state === 'running' && !measuring ? this.quality?.report() ?? null : null };
  }

  /** Whether an impedance measurement holds the device (a protocol run cannot start then). */
  get measuringImpedance(): boolean {
    return this.impedanceRun !== null;
  }

  /**
   * Starts measuring electrode impedance on the running signal check; answers at once. Acquisition pauses (no
   * samples) while the device measures one channel at a time, then streams again with a fresh quality window.
   */
  measureImpedance(params: ImpedanceInput): AcquisitionStatus {
    const device = this.device;
    if (this.status.state !== 'running' || !device) throw new ApiFailure('not-acquiring', 'No acquisition is running: impedance is measured on an open amplifier.', 'Start a signal check with the amplifier first.');
    this.checkOwner(params.sessionId, 'measure impedance');
    const name = this.status.device ?? device.id;
    const refuse = (why: 'recording' | 'unsupported' | 'measuring' | 'channel', message: string, recovery: string, extra: { channel?: number; channels?: number } = {}) =>
      new ApiFailure(why === 'unsupported' || why === 'channel' ? 'bad-input' : 'conflict', message, recovery, detail('impedance-refused', { device: name, why, ...extra }));
    if (this.recording || this.taps.size > 0) throw refuse('recording', `Impedance cannot be measured while recording: the lead-off current would be in the recording ('${name}').`, 'Stop the recording and measure during a signal check.');
    if (this.impedanceRun) throw refuse('measuring', 'An impedance measurement is already under way.', 'Wait for it to finish or cancel it.');
    const run = ImpedanceRun.create(device, name, this.status.sessionId, params, refuse);
    this.impedanceRun = run;
    void this.runImpedance(run, device);
    return this.current();
  }

  /** Cancels the measurement under way; it ends once the channel being measured is restored. */
  cancelImpedance(sessionId?: number): AcquisitionStatus {
    if (this.status.state !== 'running' || !this.device) throw new ApiFailure('not-acquiring', 'No acquisition is running.', 'Start acquisition first.');
    this.checkOwner(sessionId, 'cancel the impedance measurement');
    if (!this.impedanceRun) {
      throw new ApiFailure('conflict', 'No impedance measurement is under way.', undefined, detail('impedance-refused', { device: this.status.device ?? this.device.id, why: 'not-measuring' }));
    }
    this.impedanceRun.cancel();
    return this.current();
  }

  /** Pauses acquisition's streaming, measures, saves, then streams again; a device that cannot be restored ends acquisition. */
  private async runImpedance(run: ImpedanceRun, device: Device): Promise<void> {
    const publish = () => this.setStatus({ ...this.status, impedance: run.status() });
    run.onProgress = publish;
    publish();
    await device.stop().catch(() => undefined);
    this.flush();
    const outcome = await run.measure();
    this.impedanceRun = null;
    // Saved before its end is pushed: a window told "done" finds it with the session.
    if (outcome.measurement) this.options.onImpedanceMeasured?.(outcome.measurement);
    publish();
    // Stopped meanwhile (its Stop waits for this measurement): nothing streams again.
    if (this.device !== device || this.status.state !== 'running') return;
    if (outcome.restore) {
      // The board's settings are unknown (it stopped answering mid-measurement): a fresh open resets and configures it.
      try {
        await device.close();
        const info = await device.open();
        this.info = info;
      } catch (error) {
        await this.fail(`${run.status().error ?? 'impedance measurement failed'}; the amplifier could not be opened again, so its settings are unknown: ${error instanceof Error ? error.message : String(error)}`, 'device-lost');
        return;
      }
    }
    if (this.device !== device || this.status.state !== 'running') return;
    // The live quality starts a fresh window: the samples before the measurement are not continuous with those after.
    this.quality = this.info ? new LiveQualityMonitor(this.info) : null;
    try {
      await this.startStreaming(device);
    } catch (error) {
      await this.fail(`the amplifier did not stream again after the impedance measurement: ${error instanceof Error ? error.message : String(error)}`, 'device-lost');
    }
  }

  /** A session other than the owner is refused (nothing happens). */
  private checkOwner(sessionId: number | undefined, what: string): void {
    if (sessionId !== undefined && sessionId !== this.status.sessionId) {
      const current = this.current();
      throw new ApiFailure('already-acquiring', `Session ${sessionId} cannot ${what}: the amplifier is ${ownerWords(current)}.`, 'Do it from the session that acquires.', busyDetail(current));
    }
  }

  private startStreaming(device: Device): Promise<void> {
    return device.start({
      samples: (block) => this.accept(block),
      marker: (marker) => this.markerArrived(marker),
      status: (status) => this.deviceStatus(status),
      fault: (message) => void this.fail(message, 'device-lost'),
    });
  }

  async start(params: EngineStartParams): Promise<AcquisitionStatus> {
    const { device: deviceId, config = {}, owner, target } = params;
    if (this.status.state !== 'idle') {
      const current = this.current();
      throw new ApiFailure('already-acquiring', `The amplifier is already ${ownerWords(current)} ('${current.device}').`, 'Stop that acquisition first (from its own session).', busyDetail(current));
    }
    const create = this.options.createDevice ?? ((id, cfg, p) => createAppDevice({ device: id, config: cfg, source: p?.source, network: p?.network }));
    const device = create(deviceId, config, params);
    this.setStatus({ ...idleStatus(), state: 'starting', device: deviceId, sessionId: owner?.sessionId ?? null, patientId: owner?.patientId ?? null, patientCode: owner?.patientCode ?? null });
    try {
      const info = await device.open();
      this.device = device;
      this.info = info;
      this.delivered = 0;
      if (target) {
        // Never over an existing file; the header names the patient and the device.
        this.recording = DeviceRecording.open(target.path, info, {
          kind: 'BDF',
          patientCode: owner?.patientCode,
          recordingInfo: `${deviceId}_session-${owner?.sessionId ?? 0}`.replace(/[^\x21-\x7e]/g, '_').slice(0, 40),
        });
        this.target = target;
      }
      if (params.publish) this.outlets = await AcquisitionPublisher.open(deviceId, info, params.publish, params.network);
      this.setStatus({ ...this.status, channels: info.channels, sampleRateHz: info.sampleRateHz, publishing: this.outlets?.describe() ?? null });
      this.quality = new LiveQualityMonitor(info);
      this.qualityAtStart = null;
      await this.startStreaming(device);
    } catch (error) {
      this.device = null;
      await device.close().catch(() => undefined);
      await this.outlets?.close();
      this.outlets = null;
      // Nothing was recorded: the file is closed as it is and main, told by the failed start, removes it with its run.
      this.recording?.abandon();
      this.recording = null;
      this.target = null;
      // The caller hears why (a reason-coded refusal); it is no fault of a running acquisition ("stopped by itself").
      this.setStatus(idleStatus());
      if (error instanceof ApiFailure) throw error;
      throw deviceFailure(deviceId, error, params.source);
    }
    this.setStatus({ ...this.status, state: 'running', startedAt: new Date().toISOString(), deviceState: 'streaming' });
    this.statusTimer = setInterval(() => this.options.onStatus(this.current()), STATUS_INTERVAL_MS);
    this.qualityTimer = setInterval(() => this.judgeQuality(), LIVE_QUALITY_STEP_MS);
    return this.current();
  }

  /** Stops; with `sessionId`, only the owning session may (another session's Stop is refused, nothing stops). */
  async stop(sessionId?: number): Promise<AcquisitionStatus> {
    if (this.status.state !== 'running' || !this.device) {
      throw new ApiFailure('not-acquiring', 'No acquisition is running.', 'Start acquisition first.');
    }
    if (sessionId !== undefined && sessionId !== this.status.sessionId) {
      const current = this.current();
      throw new ApiFailure('already-acquiring', `Session ${sessionId} cannot stop the amplifier: it is ${ownerWords(current)}.`, 'Stop it from its own session.', busyDetail(current));
    }
    // A measurement under way is cancelled first: its channel is restored before the device closes, and it does not stream again.
    if (this.impedanceRun) {
      this.setStatus({ ...this.status, state: 'stopping' });
      await this.impedanceRun.cancelAndWait();
    }
    const final = await this.shutDown(null);
    return final;
  }

  /** Marks a cue; with `sessionId`, only the owning session may (another session's cue is refused, nothing written). */
  setCue(cue: 'none' | 'left' | 'right' | 'rest', sessionId?: number): void {
    if (!this.device) throw new ApiFailure('not-acquiring', 'No acquisition is running.', 'Start acquisition first.');
    if (sessionId !== undefined && sessionId !== this.status.sessionId) {
      const current = this.current();
      throw new ApiFailure(
        'already-acquiring', `Session ${sessionId} cannot send a cue: the amplifier is ${ownerWords(current)}.`, 'Send cues from the session that acquires.',
        detail('cue-not-owner', { sessionId, ownerSessionId: current.sessionId, patientCode: current.patientCode }),
      );
    }
    // The cue's marker goes at the current end of the recorded data (lost samples included).
    if (cue !== 'none') this.recording?.markerArrived({ sampleIndex: this.recording.samplesWritten, label: CUE_ANNOTATIONS[cue], durationSec: 0 });
    if (cue !== 'none') this.outlets?.cue(CUE_ANNOTATIONS[cue]);
    this.device.setCue?.(cue === 'rest' ? 'none' : cue);
  }

  /** Judges a few more channels; the first complete judgement of a recording is kept for its run. */
  private judgeQuality(): void {
    const monitor = this.quality;
    if (!monitor) return;
    try {
      monitor.step();
    } catch {
      // A window the rules cannot judge (too short for the rate) leaves the quality unknown: acquisition goes on.
      return;
    }
    if (this.recording && this.qualityAtStart === null) this.qualityAtStart = monitor.report();
  }

  /** The running device's channels and rate (with their units and ranges), or null when idle. */
  deviceInfo(): DeviceInfo | null {
    return this.device ? this.info : null;
  }

  /** Adds a listener of every block from now on; answers its removal. */
  tap(listener: AcquisitionTap): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  /** A simulator's cue from a sample of its stream on (`Device.setCue`); real devices ignore it. */
  queueCue(cue: 'none' | 'left' | 'right', atSample: number): void {
    this.device?.setCue?.(cue, atSample);
  }

  private markerArrived(marker: DeviceMarker): void {
    this.recording?.markerArrived(marker);
    this.outlets?.marker(marker);
  }

  private deviceStatus(status: DeviceStatus): void {
    if (status.kind === 'stalled' || status.kind === 'resumed') this.recording?.note(`NeuroFeat: ${status.message}`);
    // The link's state is pushed at once: a silent amplifier is shown while it is being reconnected.
    const link = status.kind === 'stalled' ? 'stalled' : status.kind === 'reconnecting' ? 'reconnecting' : status.kind === 'resumed' ? 'streaming' : null;
    if (link && this.status.state === 'running' && this.status.deviceState !== link) this.setStatus({ ...this.status, deviceState: link });
  }

  /** Completes the file and reports it (with the error that ended it early, if any); nothing when not recording. */
  private async finishRecording(error: string | null): Promise<void> {
    const recording = this.recording;
    const target = this.target;
    if (!recording || !target) return;
    let sha256: string | null = null;
    let failure = error;
    try {
      sha256 = (await recording.finalise()).sha256;
    } catch (finaliseError) {
      failure = finaliseError instanceof Error ? finaliseError.message : String(finaliseError);
    }
    const finished: FinishedRecording = {
      runId: target.runId, path: target.path, sha256, samples: recording.samplesWritten, lostSamples: recording.lostSamples, markers: recording.markerCount, error: failure,
      qualityAtStart: this.qualityAtStart,
    };
    this.recording = null;
    this.target = null;
    this.options.onRecordingFinished?.(finished);
  }

  private async fail(message: string, reason: AcquisitionFaultReason): Promise<void> {
    if (this.device) await this.shutDown(message, reason);
  }

  private async shutDown(fault: string | null, reason: AcquisitionFaultReason | null = null): Promise<AcquisitionStatus> {
    const device = this.device as Device;
    this.device = null;
    this.setStatus({ ...this.status, state: 'stopping' });
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = null;
    if (this.qualityTimer) clearInterval(this.qualityTimer);
    this.qualityTimer = null;
    await device.stop().catch(() => undefined);
    this.flush();
    // A protocol run's file is finished (and reported) before the acquisition's own, before the stop's reply.
    await Promise.all([...this.taps].map((tap) => tap.ended(fault)));
    await device.close().catch(() => undefined);
    await this.outlets?.close().catch(() => undefined);
    this.outlets = null;
    await this.finishRecording(fault);
    this.quality = null;
    // The idle status still names the last session (and its counts) until the next start.
    this.setStatus({ ...this.status, state: 'idle', fault, faultReason: fault === null ? null : reason, publishing: null, deviceState: null });
    return this.current();
  }

  private accept(block: SampleBlock): void {
    if (this.status.state !== 'running' && this.status.state !== 'starting') return;
    if (block.lostBefore > 0) {
      // A gap ends the current batch so that every frame holds contiguous samples.
      this.flush();
      this.status.lostSamples += block.lostBefore;
      this.status.samples += block.lostBefore;
    }
    if (this.recording) {
      this.recording.samplesArrived(block);
      // A file that can no longer be written (disk full) ends the acquisition: what was written is kept.
      if (this.recording.error) void this.fail(this.recording.error.message, 'recording-failed');
    }
    this.outlets?.block(block);
    const first = this.delivered + block.lostBefore;
    this.delivered = first + block.nSamples;
    for (const tap of this.taps) tap.samples(block, first);
    this.quality?.push(block);
    this.pending.push(block);
    this.pendingSamples += block.nSamples;
    if (performance.timeOrigin + performance.now() - this.pending[0].firstSampleTimeMs >= BATCH_MS) this.flush();
  }

  /** Sends the pending blocks as one frame. */
  private flush(): void {
    if (this.pendingSamples === 0) return;
    const nChannels = this.status.channels.length;
    const n = this.pendingSamples;
    const samples = new Float32Array(nChannels * n);
    let offset = 0;
    for (const block of this.pending) {
      for (let ch = 0; ch < nChannels; ch++) {
        samples.set(block.samples.subarray(ch * block.nSamples, (ch + 1) * block.nSamples), ch * n + offset);
      }
      offset += block.nSamples;
    }
    const frame = encodeSignalFrame({
      nChannels,
      nSamples: n,
      firstSampleIndex: this.status.samples,
      firstSampleTimeMs: this.pending[0].firstSampleTimeMs,
      lostSamples: this.status.lostSamples,
      sampleRateHz: this.status.sampleRateHz,
      sentTimeMs: performance.timeOrigin + performance.now(),
      samples,
    });
    this.status.samples += n;
    this.pending = [];
    this.pendingSamples = 0;
    this.options.onFrame(frame);
  }

  private setStatus(status: AcquisitionStatus): void {
    this.status = { ...status, recording: null };
    this.options.onStatus(this.current());
  }
}
