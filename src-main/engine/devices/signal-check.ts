// Signal quality of each EEG channel (flat, railed, line noise, amplitude): a one-off check for the CLI, and a live monitor for acquisition.
import type { LiveSignalQuality } from '../../contract/api.ts';
import { assessSignalQuality, type ChannelQuality, type QualityInput, type SignalQualityLimits } from '../../core/devices/signal-quality.ts';
import { CoreError } from '../../core/errors.ts';
import type { Device, DeviceInfo, SampleBlock } from './device.ts';

/** The EEG channels of a device (every channel when it gives no details) and each one's amplifier limit in µV. */
function eegChannels(info: DeviceInfo): { index: number; label: string; rangeUv: number | null }[] {
  const details = info.channelDetails;
  const indices = details ? details.flatMap((c, i) => (c.kind === 'eeg' ? [i] : [])) : info.channels.map((_, i) => i);
  return indices.map((index) => ({
    index,
    label: info.channels[index],
    rangeUv: details ? Math.max(Math.abs(details[index].physicalMin), Math.abs(details[index].physicalMax)) : null,
  }));
}

/**
 * Streams an opened `device` for `seconds` and returns the quality of each EEG channel (every channel when
 * the device gives no details). The device is stopped again afterwards and stays open.
 */
export async function checkSignal(device: Device, info: DeviceInfo, seconds: number, limits?: SignalQualityLimits): Promise<ChannelQuality[]> {
  const fs = info.sampleRateHz;
  const needed = Math.round(seconds * fs);
  const eeg = eegChannels(info).map((c) => c.index);
  const buffers = eeg.map(() => new Float32Array(needed));
  let filled = 0;
  let fault: string | null = null;
  let done: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => { done = resolve; });
  await device.start({
    samples(block) {
      const n = Math.min(block.nSamples, needed - filled);
      if (n <= 0) return;
      eeg.forEach((ch, k) => buffers[k].set(block.samples.subarray(ch * block.nSamples, ch * block.nSamples + n), filled));
      filled += n;
      if (filled >= needed) done();
    },
    marker: () => undefined,
    status: () => undefined,
    fault(message) {
      fault = message;
      done();
    },
  });
  const timer = setTimeout(done, seconds * 1000 + 5000);
  await complete;
  clearTimeout(timer);
  await device.stop();
  if (fault !== null) throw new CoreError('failed', `signal check: ${fault}`);
  if (filled < needed) throw new CoreError('failed', `signal check: only ${filled} of ${needed} samples arrived in ${seconds + 5} s`);
  const details = info.channelDetails;
  return assessSignalQuality(eeg.map((ch, k) => ({
    label: info.channels[ch],
    samples: buffers[k],
    rangeUv: details ? Math.max(Math.abs(details[ch].physicalMin), Math.abs(details[ch].physicalMax)) : null,
  })), fs, limits);
}

/** Seconds of signal each live judgement covers. */
export const LIVE_QUALITY_WINDOW_SEC = 2;
/**
 * Samples judged per step: one judgement costs about 1 ms per 1000 samples on the development machine (64 channels
 * x 2 s at 1 kHz took 45 to 120 ms at once under load), so the channels are judged a few at a time and the engine
 * never stalls its frames for long.
 */
export const LIVE_QUALITY_SAMPLES_PER_STEP = 8000;
/** How often the engine calls `step()`: with one second per round, each channel is judged again about once a second. */
export const LIVE_QUALITY_STEP_MS = 50;

/**
 * The live go/no-go of each EEG channel while acquisition runs: keeps the last `LIVE_QUALITY_WINDOW_SEC` of each
 * EEG channel and judges them a few channels per `step()`, round-robin, with the same rules as the signal check.
 * Samples lost in transit are left out of the window (the rules need evenly spaced samples: a gap restarts it).
 */
export class LiveQualityMonitor {
  private readonly channels: { index: number; label: string; rangeUv: number | null }[];
  private readonly sampleRateHz: number;
  private readonly limits: SignalQualityLimits | undefined;
  private readonly capacity: number;
  private readonly rings: Float32Array[];
  /** Samples in the rings since the last gap (at most `capacity`), and where the next one goes. */
  private filled = 0;
  private writeAt = 0;
  private next = 0;
  private readonly latest: (ChannelQuality | null)[];

  constructor(info: DeviceInfo, limits?: SignalQualityLimits) {
    this.channels = eegChannels(info);
    this.sampleRateHz = info.sampleRateHz;
    this.limits = limits;
    this.capacity = Math.max(1, Math.round(LIVE_QUALITY_WINDOW_SEC * info.sampleRateHz));
    this.rings = this.channels.map(() => new Float32Array(this.capacity));
    this.latest = this.channels.map(() => null);
  }

  push(block: SampleBlock): void {
    if (block.lostBefore > 0) this.filled = 0;
    const n = block.nSamples;
    for (let k = 0; k < this.channels.length; k++) {
      const ring = this.rings[k];
      const base = this.channels[k].index * n;
      let at = this.writeAt;
      for (let i = Math.max(0, n - this.capacity); i < n; i++) {
        ring[at] = block.samples[base + i];
        at = at + 1 === this.capacity ? 0 : at + 1;
      }
    }
    this.writeAt = (this.writeAt + Math.min(n, this.capacity)) % this.capacity;
    this.filled = Math.min(this.capacity, this.filled + n);
  }

  /**
   * Judges the next channels, round-robin: enough for a round a second at one step every `LIVE_QUALITY_STEP_MS`,
   * never more than about `LIVE_QUALITY_SAMPLES_PER_STEP` samples (at least one channel); nothing until the window is full.
   */
  step(): void {
    if (this.filled < this.capacity || this.channels.length === 0) return;
    const perRound = Math.ceil((this.channels.length * LIVE_QUALITY_STEP_MS) / 1000);
    const count = Math.min(this.channels.length, perRound, Math.max(1, Math.floor(LIVE_QUALITY_SAMPLES_PER_STEP / this.capacity)));
    const inputs: QualityInput[] = [];
    const which: number[] = [];
    for (let j = 0; j < count; j++) {
      const k = this.next;
      this.next = (this.next + 1) % this.channels.length;
      // Oldest sample first: the ring from the write position on, then from its start.
      const ring = this.rings[k];
      const ordered = new Float32Array(this.capacity);
      ordered.set(ring.subarray(this.writeAt), 0);
      ordered.set(ring.subarray(0, this.writeAt), this.capacity - this.writeAt);
      inputs.push({ label: this.channels[k].label, samples: ordered, rangeUv: this.channels[k].rangeUv });
      which.push(k);
    }
    assessSignalQuality(inputs, this.sampleRateHz, this.limits).forEach((quality, j) => {
      this.latest[which[j]] = quality;
    });
  }

  /** Every EEG channel's latest judgement, once each has one; null before. */
  report(): LiveSignalQuality | null {
    if (this.latest.some((q) => q === null)) return null;
    const channels = this.latest as ChannelQuality[];
    return { windowSec: LIVE_QUALITY_WINDOW_SEC, channels: channels.map((q) => ({ ...q, problems: [...q.problems] })), go: channels.every((q) => q.go) };
  }
}
