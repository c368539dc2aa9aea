// The built-in simulated amplifier: the core signal model paced by elapsed time, like a real device.
import { SyntheticEeg, type SyntheticEegConfig } from '../../core/synthetic-eeg.ts';
import { wallClockMs, type Device, type DeviceInfo, type DeviceListener } from './device.ts';

/** How often the simulator wakes up; each tick emits every sample due since the start, never one per tick. */
const TICK_MS = 4;

export interface SyntheticPacing {
  /** How many times faster than real time samples are produced (tests, `run-protocol --speed`); default 1. */
  speed?: number;
}

export class SyntheticDevice implements Device {
  readonly id = 'synthetic';
  private readonly eeg: SyntheticEeg;
  private readonly speed: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private startMs = 0;
  private sent = 0;
  /** Cue changes announced for later samples, in sample order. */
  private queuedCues: { sample: number; cue: 'none' | 'left' | 'right' }[] = [];

  constructor(config: Partial<SyntheticEegConfig>, pacing: SyntheticPacing = {}) {
    this.eeg = new SyntheticEeg(config);
    const speed = pacing.speed ?? 1;
    if (!(speed > 0 && speed <= 1000)) throw new RangeError(`synthetic device: speed must be more than 0 and at most 1000, got ${speed}`);
    this.speed = speed;
  }

  async open(): Promise<DeviceInfo> {
    return { channels: [...this.eeg.labels], sampleRateHz: this.eeg.config.sampleRateHz };
  }

  async start(listener: DeviceListener): Promise<void> {
    await this.stop();
    const fs = this.eeg.config.sampleRateHz;
    this.startMs = wallClockMs();
    this.sent = 0;
    const tick = () => {
      const due = Math.floor(((wallClockMs() - this.startMs) / 1000) * fs * this.speed) - this.sent;
      if (due <= 0) return;
      const firstSampleTimeMs = this.startMs + (this.sent / fs / this.speed) * 1000;
      const samples = this.generateWithCues(due);
      this.sent += due;
      listener.samples({ samples, nSamples: due, lostBefore: 0, firstSampleTimeMs });
    };
    this.timer = setInterval(tick, TICK_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async close(): Promise<void> {
    await this.stop();
  }

  setCue(cue: 'none' | 'left' | 'right', atSample?: number): void {
    if (atSample === undefined || atSample <= this.sent) {
      this.eeg.setCue(cue);
      return;
    }
    this.queuedCues.push({ sample: atSample, cue });
    this.queuedCues.sort((a, b) => a.sample - b.sample);
  }

  /** The next `n` samples, switching cue exactly at the queued samples. */
  private generateWithCues(n: number): Float32Array {
    const nChannels = this.eeg.config.nChannels;
    const end = this.sent + n;
    if (this.queuedCues.length === 0 || this.queuedCues[0].sample >= end) return this.eeg.generate(n);
    const out = new Float32Array(nChannels * n);
    let at = this.sent;
    while (at < end) {
      while (this.queuedCues.length > 0 && this.queuedCues[0].sample <= at) this.eeg.setCue(this.queuedCues.shift()!.cue);
      const until = Math.min(end, this.queuedCues[0]?.sample ?? end);
      const part = this.eeg.generate(until - at);
      const length = until - at;
      for (let c = 0; c < nChannels; c++) out.set(part.subarray(c * length, (c + 1) * length), c * n + (at - this.sent));
      at = until;
    }
    return out;
  }
}
