// Plays any supported recording (EDF/BDF(+), GDF, XDF) as a device, in real time or faster, its events as markers.
import { CoreError } from '../../core/errors.ts';
import { openSignalFile, type SignalFile } from '../../core/formats/index.ts';
import { FileSource } from '../../services/recordings/file-source.ts';
import { wallClockMs, type Device, type DeviceChannel, type DeviceInfo, type DeviceListener } from './device.ts';

export interface ReplayOptions {
  file: string;
  /** Playback speed: 1 real time, 10 ten times faster (default 1). */
  speed?: number;
}

const TICK_MS = 4;
const isMicrovolts = (unit: string) => /^(u|µ|μ)v$/i.test(unit.trim());

export class ReplayDevice implements Device {
  readonly id = 'replay';
  private readonly options: ReplayOptions;
  private source: FileSource | null = null;
  private file: SignalFile | null = null;
  /** Channels played: those at the file's highest rate (lower-rate channels are left out). */
  private channelIndices: number[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private position = 0;
  private nextEvent = 0;

  constructor(options: ReplayOptions) {
    if (!(options.speed === undefined || (options.speed > 0 && options.speed <= 1000))) {
      throw new CoreError('bad-input', `replay: speed must be above 0 and at most 1000, got ${options.speed}`, { field: 'speed' });
    }
    this.options = options;
  }

  async open(): Promise<DeviceInfo> {
    try {
      this.source = new FileSource(this.options.file);
    } catch (error) {
      throw new CoreError('bad-input', `replay: ${this.options.file} cannot be opened: ${(error as Error).message}`, { field: 'file', value: this.options.file, problem: 'file-unreadable' });
    }
    const file = openSignalFile(this.source);
    this.file = file;
    this.channelIndices = file.channels.flatMap((c, i) => (c.sampleRateHz === file.sampleRateHz ? [i] : []));
    if (this.channelIndices.length === 0 || file.nSamples === 0) throw new CoreError('bad-input', `replay: ${this.options.file} has no samples to play`, { field: 'file', problem: 'file-unreadable' });
    const channelDetails = this.channelIndices.map((i): DeviceChannel => {
      const c = file.channels[i];
      return { label: c.label, kind: isMicrovolts(c.unit) ? 'eeg' : 'aux', unit: c.unit, physicalMin: c.physicalMin, physicalMax: c.physicalMax };
    });
    return {
      channels: channelDetails.map((c) => c.label),
      sampleRateHz: file.sampleRateHz,
      channelDetails,
      description: `replay of ${this.source.name} (${file.version}) at ${this.options.speed ?? 1}x`,
    };
  }

  async start(listener: DeviceListener): Promise<void> {
    const file = this.file;
    if (!file) throw new CoreError('failed', 'replay: start called before open');
    await this.stop();
    const speed = this.options.speed ?? 1;
    const fs = file.sampleRateHz;
    const events = [...file.events].sort((a, b) => a.onsetSec - b.onsetSec);
    const startMs = wallClockMs() - (this.position / fs / speed) * 1000;
    const tick = () => {
      const due = Math.min(file.nSamples, Math.floor(((wallClockMs() - startMs) / 1000) * fs * speed)) - this.position;
      if (due > 0) {
        const count = Math.min(due, Math.max(1, Math.round(fs * speed)));
        const windows = file.readSamples(this.channelIndices, this.position, count);
        const samples = new Float32Array(windows.length * count);
        windows.forEach((w, ch) => samples.set(w.subarray(0, count), ch * count));
        while (this.nextEvent < events.length && Math.round(events[this.nextEvent].onsetSec * fs) < this.position + count) {
          const event = events[this.nextEvent++];
          listener.marker({ sampleIndex: Math.max(0, Math.round(event.onsetSec * fs)), label: event.label, durationSec: event.durationSec });
        }
        listener.samples({ samples, nSamples: count, lostBefore: 0, firstSampleTimeMs: startMs + (this.position / fs / speed) * 1000 });
        this.position += count;
      }
      if (this.position >= file.nSamples) {
        void this.stop();
        listener.status({ kind: 'ended', message: `replay: end of ${this.source?.name} after ${(file.nSamples / fs).toFixed(1)} s` });
      }
    };
    this.timer = setInterval(tick, TICK_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async close(): Promise<void> {
    await this.stop();
    this.source?.close();
    this.source = null;
    this.file = null;
  }
}
