// One lifecycle for every amplifier (real drivers, the synthetic device, file replay): prepare, start, stop, release.

export interface DeviceInfo {
  channels: string[];
  sampleRateHz: number;
}

/** A block of samples as it arrived: channel-major `samples[ch * nSamples + i]` in µV. */
export interface SampleBlock {
  samples: Float32Array;
  nSamples: number;
  /** Samples per channel lost just before this block (counter gaps), 0 when none. */
  lostBefore: number;
  /** Wall-clock epoch ms at which the first sample of the block was taken. */
  firstSampleTimeMs: number;
}

export interface Device {
  readonly id: string;
  /** Opens and configures the hardware (or simulator); resolves with the channel set. */
  prepare(): Promise<DeviceInfo>;
  /** Starts streaming; blocks go to `onBlock`; `onFault` reports a lost device. */
  start(onBlock: (block: SampleBlock) => void, onFault: (message: string) => void): Promise<void>;
  stop(): Promise<void>;
  release(): Promise<void>;
  /**
   * For simulators: the cue that drives desynchronisation, from now on or, with `atSample`, from that sample of
   * the stream on (counted from the start; changes are queued, so a protocol can announce a whole run at once).
   */
  setCue?(cue: 'none' | 'left' | 'right', atSample?: number): void;
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();
