// The built-in simulated amplifier: the core signal model paced by elapsed time, like a real device.
import { SyntheticEeg, type SyntheticEegConfig } from '../../core/synthetic-eeg.ts';
import { wallClockMs, type Device, type DeviceInfo, type DeviceListener } from './device.ts';

/** How often the simulator wakes up; each tick emits every sample due since the start, never one per tick. */
const TICK_MS = 4;

export class SyntheticDevice implements Device {
  readonly id = 'synthetic';
  private readonly eeg: SyntheticEeg;
  private timer: ReturnType<typeof setInterval> | null = null;
  private startMs = 0;
  private sent = 0;

  constructor(config: Partial<SyntheticEegConfig>) {
    this.eeg = new SyntheticEeg(config);
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
      const due = Math.floor(((wallClockMs() - this.startMs) / 1000) * fs) - this.sent;
      if (due <= 0) return;
      const firstSampleTimeMs = this.startMs + (this.sent / fs) * 1000;
      const samples = this.eeg.generate(due);
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

  setCue(cue: 'none' | 'left' | 'right'): void {
    this.eeg.setCue(cue);
  }
}
