// Publishes what a device delivers (samples with labels and units, markers) and classifier decisions as LSL outlets.
import type { DeviceInfo, DeviceMarker, SampleBlock } from '../devices/device.ts';
import { lslClock, wallMsToLsl, type LslNetworkConfig } from './lsl-network.ts';
import { LslOutlet } from './lsl-outlet.ts';

export interface LslPublisherOptions {
  /** Name of the signal stream. */
  name: string;
  /** Content type (default EEG). */
  type?: string;
  /** Name of a string stream for the device's markers (none when absent). */
  markers?: string;
  network?: Partial<LslNetworkConfig>;
  log?: (message: string) => void;
}

/** A device's signal as a float32 outlet (and its markers as a string outlet); feed it the device listener's blocks and markers. */
export class LslPublisher {
  readonly signal: LslOutlet;
  readonly markerOutlet: LslOutlet | null;
  samples = 0;
  lostSamples = 0;
  markersSent = 0;
  private readonly rate: number;
  /** Local LSL time of sample 0, for placing markers given by sample index. */
  private zero: number | null = null;

  private constructor(signal: LslOutlet, markerOutlet: LslOutlet | null, rate: number) {
    this.signal = signal;
    this.markerOutlet = markerOutlet;
    this.rate = rate;
  }

  static async open(deviceId: string, info: DeviceInfo, options: LslPublisherOptions): Promise<LslPublisher> {
    const channels = info.channels.map((label, i) => {
      const detail = info.channelDetails?.[i];
      return { label, unit: !detail || detail.unit === 'uV' ? 'microvolts' : detail.unit, type: !detail || detail.kind === 'eeg' ? 'EEG' : detail.kind };
    });
    const acquisition = { manufacturer: 'NeuroFeat', model: deviceId, description: info.description };
    const outletOptions = { network: options.network, log: options.log };
    const signal = await LslOutlet.open({ name: options.name, type: options.type ?? 'EEG', channelFormat: 'float32', nominalSrate: info.sampleRateHz, channels, sourceId: `neurofeat:${deviceId}`, acquisition }, outletOptions);
    let markers: LslOutlet | null = null;
    if (options.markers) {
      try {
        markers = await LslOutlet.open({ name: options.markers, type: 'Markers', channelFormat: 'string', nominalSrate: 0, channels: [{ label: 'Marker', unit: '', type: 'Marker' }], sourceId: `neurofeat:${deviceId}:markers`, acquisition }, outletOptions);
      } catch (error) {
        await signal.close();
        throw error;
      }
    }
    return new LslPublisher(signal, markers, info.sampleRateHz);
  }

  /** A device block: pushed with the time stamp of its first sample (the device's wall clock, on the LSL clock). */
  block(block: SampleBlock): void {
    const t = wallMsToLsl(block.firstSampleTimeMs);
    this.lostSamples += block.lostBefore;
    this.samples += block.lostBefore;
    this.zero ??= t - this.samples / this.rate;
    this.signal.pushBlock(block.samples, block.nSamples, t);
    this.samples += block.nSamples;
  }

  /** A device marker, time-stamped as the sample it points at. */
  marker(marker: DeviceMarker): void {
    if (!this.markerOutlet) return;
    const t = this.zero === null ? lslClock() : this.zero + marker.sampleIndex / this.rate;
    this.markerOutlet.pushSamples([{ timestamp: t, values: [marker.label] }]);
    this.markersSent++;
  }

  async close(): Promise<void> {
    await this.signal.close();
    await this.markerOutlet?.close();
  }
}

/** An irregular float32 outlet with one channel per class, for the online classifier's probabilities. */
export function openDecisionOutlet(name: string, classes: readonly string[], options: { network?: Partial<LslNetworkConfig>; log?: (message: string) => void; sourceId?: string } = {}): Promise<LslOutlet> {
  return LslOutlet.open({
    name, type: 'Classifier', channelFormat: 'float32', nominalSrate: 0,
    channels: classes.map((c) => ({ label: c, unit: 'probability', type: 'Decision' })), sourceId: options.sourceId ?? `neurofeat:decisions:${name}`,
    acquisition: { manufacturer: 'NeuroFeat', description: 'online classifier output: class probabilities per decision' },
  }, { network: options.network, log: options.log });
}
