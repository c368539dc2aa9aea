// Runs one device at a time: batches its samples into signal frames, counts samples and losses, reports status.
import type { AcquisitionConfig, AcquisitionStatus } from '../contract/api.ts';
import { ApiFailure } from '../contract/errors.ts';
import { encodeSignalFrame } from '../contract/signal-frame.ts';
import { listenerOf, type Device, type SampleBlock } from './devices/device.ts';
import { createDevice as createRegisteredDevice } from './devices/registry.ts';

/** Samples wait at most this long before they are sent: keeps frames few and the delay low. */
export const BATCH_MS = 10;
const STATUS_INTERVAL_MS = 500;

export interface AcquisitionOptions {
  createDevice?: (id: string, config: AcquisitionConfig) => Device;
  onFrame: (frame: ArrayBuffer) => void;
  onStatus: (status: AcquisitionStatus) => void;
}

const idleStatus = (fault: string | null = null): AcquisitionStatus => ({
  state: 'idle', device: null, sessionId: null, channels: [], sampleRateHz: 0, samples: 0, lostSamples: 0, startedAt: null, fault,
});

export class Acquisition {
  private status: AcquisitionStatus = idleStatus();
  private device: Device | null = null;
  private pending: SampleBlock[] = [];
  private pendingSamples = 0;
  private statusTimer: ReturnType<typeof setInterval> | null = null;
  private readonly options: AcquisitionOptions;

  constructor(options: AcquisitionOptions) {
    this.options = options;
  }

  current(): AcquisitionStatus {
    return { ...this.status, channels: [...this.status.channels] };
  }

  async start(deviceId: string, config: AcquisitionConfig = {}, sessionId: number | null = null): Promise<AcquisitionStatus> {
    if (this.status.state !== 'idle') {
      throw new ApiFailure('already-acquiring', `Acquisition is already ${this.status.state} on '${this.status.device}'.`, 'Stop the current acquisition first.');
    }
    const create = this.options.createDevice ?? createRegisteredDevice;
    const device = create(deviceId, config);
    this.setStatus({ ...idleStatus(), state: 'starting', device: deviceId, sessionId });
    try {
      const info = await device.open();
      this.device = device;
      this.setStatus({ ...this.status, channels: info.channels, sampleRateHz: info.sampleRateHz });
      await device.start(listenerOf({ samples: (block) => this.accept(block), fault: (message) => void this.fail(message) }));
    } catch (error) {
      this.device = null;
      await device.close().catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      this.setStatus(idleStatus(message));
      if (error instanceof ApiFailure) throw error;
      throw new ApiFailure('device-unavailable', `The device '${deviceId}' could not be started: ${message}`, 'Check that the amplifier is connected and switched on.');
    }
    this.setStatus({ ...this.status, state: 'running', startedAt: new Date().toISOString() });
    this.statusTimer = setInterval(() => this.options.onStatus(this.current()), STATUS_INTERVAL_MS);
    return this.current();
  }

  async stop(): Promise<AcquisitionStatus> {
    if (this.status.state !== 'running' || !this.device) {
      throw new ApiFailure('not-acquiring', 'No acquisition is running.', 'Start acquisition first.');
    }
    const final = await this.shutDown(null);
    return final;
  }

  setCue(cue: 'none' | 'left' | 'right'): void {
    if (!this.device) throw new ApiFailure('not-acquiring', 'No acquisition is running.', 'Start acquisition first.');
    this.device.setCue?.(cue);
  }

  private async fail(message: string): Promise<void> {
    if (this.device) await this.shutDown(message);
  }

  private async shutDown(fault: string | null): Promise<AcquisitionStatus> {
    const device = this.device as Device;
    this.device = null;
    this.setStatus({ ...this.status, state: 'stopping' });
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.statusTimer = null;
    await device.stop().catch(() => undefined);
    this.flush();
    await device.close().catch(() => undefined);
    const final = { ...this.current(), state: 'idle' as const, fault };
    this.setStatus(final);
    return final;
  }

  private accept(block: SampleBlock): void {
    if (this.status.state !== 'running' && this.status.state !== 'starting') return;
    if (block.lostBefore > 0) {
      // A gap ends the current batch so that every frame holds contiguous samples.
      this.flush();
      this.status.lostSamples += block.lostBefore;
      this.status.samples += block.lostBefore;
    }
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
      samples,
    });
    this.status.samples += n;
    this.pending = [];
    this.pendingSamples = 0;
    this.options.onFrame(frame);
  }

  private setStatus(status: AcquisitionStatus): void {
    this.status = status;
    this.options.onStatus(this.current());
  }
}
