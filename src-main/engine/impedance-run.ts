// One impedance measurement on an open device: its progress, its cancellation, and its go/no-go result.
import type { ApiFailure } from '../contract/errors.ts';
import { DEFAULT_IMPEDANCE_THRESHOLD_KOHM, type ImpedanceInput, type ImpedanceMeasurement, type ImpedanceStatus } from '../contract/api.ts';
import { CoreError } from '../core/errors.ts';
import { measuresImpedance, type ImpedanceDevice } from './devices/cyton-device.ts';
import type { Device } from './devices/device.ts';

/** Lead-off settling, then the measurement, per channel (s): the driver's defaults, about 2 s a channel. */
export const IMPEDANCE_SETTLE_SEC = 1;
export const IMPEDANCE_MEASURE_SEC = 1;

type Refusal = (why: 'unsupported' | 'channel', message: string, recovery: string, extra?: { channel?: number; channels?: number }) => ApiFailure;

/** How a measurement ended: its result when done; `restore` when the board's settings may not be what they were. */
export interface ImpedanceOutcome {
  measurement: ImpedanceMeasurement | null;
  restore: boolean;
}

export class ImpedanceRun {
  /** Called after each change of `status()` while measuring (a channel begins, a value is known); the end is the caller's to announce. */
  onProgress: () => void = () => undefined;
  private state: ImpedanceStatus;
  private readonly abort = new AbortController();
  private running: Promise<ImpedanceOutcome> | null = null;
  private readonly device: ImpedanceDevice;
  private readonly deviceName: string;
  private readonly sessionId: number | null;
  private readonly channels: number[];

  private constructor(device: ImpedanceDevice, deviceName: string, sessionId: number | null, channels: number[], thresholdKOhm: number) {
    this.device = device;
    this.deviceName = deviceName;
    this.sessionId = sessionId;
    this.channels = channels;
    this.state = { state: 'measuring', index: 0, total: channels.length, channel: null, channels: [], thresholdKOhm, result: null, error: null };
  }

  /** Checks that the device measures impedance and has the channels asked (every EEG channel by default). */
  static create(device: Device, deviceName: string, sessionId: number | null, params: ImpedanceInput, refuse: Refusal): ImpedanceRun {
    if (!measuresImpedance(device)) {
      throw refuse('unsupported', `The ${deviceName} amplifier cannot measure electrode impedance (only the OpenBCI Cyton and Cyton + Daisy can).`, 'Judge the electrodes by the live signal quality instead.');
    }
    const channels = params.channels ?? Array.from({ length: device.nEeg }, (_, i) => i + 1);
    const outside = channels.find((c) => c > device.nEeg);
    if (outside !== undefined) {
      throw refuse('channel', `acquisition.impedance: channel ${outside} is not one of the ${device.nEeg} EEG channels of the ${deviceName}.`, `Ask for channels 1 to ${device.nEeg}.`, { channel: outside, channels: device.nEeg });
    }
    if (new Set(channels).size !== channels.length) {
      throw refuse('channel', `acquisition.impedance: a channel is listed twice (${channels.join(', ')}).`, 'List each channel once.', { channel: channels.find((c, i) => channels.indexOf(c) !== i), channels: device.nEeg });
    }
    return new ImpedanceRun(device, deviceName, sessionId, channels, params.thresholdKOhm ?? DEFAULT_IMPEDANCE_THRESHOLD_KOHM);
  }

  status(): ImpedanceStatus {
    return { ...this.state, channels: [...this.state.channels] };
  }

  /** Measures every channel in turn; never throws: a failure or a cancel is in the status. */
  measure(): Promise<ImpedanceOutcome> {
    this.running ??= this.measureAll();
    return this.running;
  }

  cancel(): void {
    this.abort.abort();
  }

  /** Cancels and waits until the channel under way is restored. */
  async cancelAndWait(): Promise<void> {
    this.cancel();
    await this.running;
  }

  private async measureAll(): Promise<ImpedanceOutcome> {
    const threshold = this.state.thresholdKOhm;
    const judged = (z: { channel: number; label: string; kOhm: number }) => ({ channel: z.channel, label: z.label, kOhm: Math.round(z.kOhm * 100) / 100, go: z.kOhm <= threshold });
    const done: { channel: number; label: string; kOhm: number }[] = [];
    try {
      // Channel by channel, so that each value is shown as soon as it is known.
      for (const [index, channel] of this.channels.entries()) {
        const [z] = await this.device.measureImpedance([channel], IMPEDANCE_SETTLE_SEC, IMPEDANCE_MEASURE_SEC, {
          signal: this.abort.signal,
          onChannel: (_i, _channel, label) => this.update({ index: index + 1, channel: label }),
        });
        done.push(z);
        this.update({ channels: done.map(judged) });
      }
    } catch (error) {
      const cancelled = error instanceof CoreError && error.code === 'cancelled';
      const message = error instanceof Error ? error.message : String(error);
      // A cancel restores the channel under way; any other failure may have left the board as it was mid-measurement.
      this.update({ state: cancelled ? 'cancelled' : 'failed', channel: null, error: cancelled ? null : message }, false);
      return { measurement: null, restore: !cancelled };
    }
    const channels = done.map(judged);
    const measurement: ImpedanceMeasurement = {
      device: this.deviceName, sessionId: this.sessionId, measuredAt: new Date().toISOString(), thresholdKOhm: threshold, channels, go: channels.every((c) => c.go),
    };
    this.update({ state: 'done', channel: null, result: measurement }, false);
    return { measurement, restore: false };
  }

  private update(change: Partial<ImpedanceStatus>, notify = true): void {
    this.state = { ...this.state, ...change };
    if (notify) this.onProgress();
  }
}
