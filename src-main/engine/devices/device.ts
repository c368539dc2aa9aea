// One lifecycle for every amplifier (serial drivers, network sources, the synthetic device, file replay): open, start, stop, close.
//
// open() connects and configures (handshake, channel settings) and says what will stream; start() streams
// into a listener; stop() ends streaming but keeps the connection (open -> start -> stop -> start is allowed);
// close() releases everything and may be called in any state, more than once.

import type { DeviceChannel } from '../../core/devices/stream-decoder.ts';

// One definition of a device's channel, shared with the pure decoders of core/devices.
export type { DeviceChannel, DeviceChannelKind } from '../../core/devices/stream-decoder.ts';

export interface DeviceInfo {
  /** Channel labels in sample order (the labels of `channelDetails` when it is given). */
  channels: string[];
  sampleRateHz: number;
  /** Per channel unit and range; when absent every channel is EEG in µV over the recorder's default range. */
  channelDetails?: DeviceChannel[];
  /** Free text for the file header and the run record: model, firmware, port. */
  description?: string;
}

/** A block of samples as it arrived: channel-major `samples[ch * nSamples + i]` in each channel's unit (µV for EEG). */
export interface SampleBlock {
  samples: Float32Array;
  nSamples: number;
  /** Samples per channel lost just before this block (counter gaps), 0 when none. */
  lostBefore: number;
  /** Wall-clock epoch ms at which the first sample of the block was taken. */
  firstSampleTimeMs: number;
}

/**
 * A marker from the device (Cyton marker byte, a replayed file's event, a network stream's marker).
 * `sampleIndex` counts samples per channel since start, lost ones included: the index the sample had
 * in the stream (0 = the first sample delivered after start).
 */
export interface DeviceMarker {
  sampleIndex: number;
  label: string;
  durationSec: number;
}

/**
 * Something the user should see: a silent device (`stalled`, within 1 s), `reconnecting` / `resumed` after
 * a port came back, `resynchronised` after garbage, `lost` packets; `ended` when a source has nothing more
 * to send (a replayed file's end; nothing follows).
 */
export interface DeviceStatus {
  kind: 'stalled' | 'reconnecting' | 'resumed' | 'resynchronised' | 'lost' | 'info' | 'ended';
  message: string;
}

/** Where a started device delivers. `fault` ends streaming: the device will deliver nothing more. */
export interface DeviceListener {
  samples(block: SampleBlock): void;
  marker(marker: DeviceMarker): void;
  status(status: DeviceStatus): void;
  fault(message: string): void;
}

export interface Device {
  readonly id: string;
  /** Connects and configures (handshake, channel settings); resolves with what will stream. */
  open(): Promise<DeviceInfo>;
  /** Starts streaming into `listener`. */
  start(listener: DeviceListener): Promise<void>;
  /** Stops streaming; the device stays open and can start again. */
  stop(): Promise<void>;
  /** Releases the port, timers and files; safe in any state and more than once. */
  close(): Promise<void>;
  /**
   * For simulated sources: the cue that drives desynchronisation, from now on or, with `atSample`, from that
   * sample of the stream on (counted from start; changes are queued, so a protocol can announce a whole run at
   * once and the simulated desynchronisation starts exactly on the marker's sample). Real devices ignore it.
   */
  setCue?(cue: 'none' | 'left' | 'right', atSample?: number): void;
}

/** A listener that ignores markers and status: for callers that only want samples and faults. */
export function listenerOf(partial: Partial<DeviceListener> & Pick<DeviceListener, 'samples' | 'fault'>): DeviceListener {
  return { marker: () => undefined, status: () => undefined, ...partial };
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();
