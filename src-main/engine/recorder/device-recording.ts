// Records what a device delivers into a crash-safe BDF+/EDF+ file: samples, lost stretches held and annotated, markers as annotations.
import { CoreError } from '../../core/errors.ts';
import { defaultRange, digitalLimits, type EdfWriterChannel } from '../../core/formats/edf-writer.ts';
import type { DeviceChannel, DeviceInfo, DeviceMarker, SampleBlock } from '../devices/device.ts';
import { LostSampleHolder } from '../devices/lost-samples.ts';
import { EdfRecorder, type FinaliseResult } from './edf-recorder.ts';

/** Annotation label of a stretch the device lost (held at the last value received). */
export const LOST_ANNOTATION = 'NeuroFeat: samples lost';

export interface DeviceRecordingOptions {
  kind: 'BDF' | 'EDF';
  patientCode?: string;
  /** Free text after the start date in the header (device, session): spaces become `_`. */
  recordingInfo?: string;
  start?: Date;
  overwrite?: boolean;
}

export interface DeviceRecordingResult extends FinaliseResult {
  kind: 'BDF' | 'EDF';
  /** Samples per channel taken from the device (lost ones included, as held values). */
  samples: number;
  lostSamples: number;
  markers: number;
}

/**
 * The header channels for a device: BDF keeps the device's own range on the full 24-bit scale (for the Cyton,
 * ±4.5 V / gain over ±(2^23 - 1): one count per ADC count); EDF (16 bits) writes EEG over ±3276.8 µV at 0.1 µV.
 */
export function recordingChannels(info: DeviceInfo, kind: 'BDF' | 'EDF'): EdfWriterChannel[] {
  const details: DeviceChannel[] = info.channelDetails ?? info.channels.map((label) => ({ label, kind: 'eeg', unit: 'uV', physicalMin: NaN, physicalMax: NaN }));
  const limits = digitalLimits(kind);
  return details.map((channel) => {
    const known = Number.isFinite(channel.physicalMin) && Number.isFinite(channel.physicalMax);
    const range = !known || (kind === 'EDF' && channel.kind === 'eeg')
      ? defaultRange(kind)
      : { physicalMin: channel.physicalMin, physicalMax: channel.physicalMax, digitalMin: channel.physicalMin === -channel.physicalMax ? -limits.max : limits.min, digitalMax: limits.max };
    return {
      label: channel.label.slice(0, 16),
      unit: channel.unit,
      sampleRateHz: info.sampleRateHz,
      transducer: channel.kind === 'eeg' ? 'EEG electrode' : channel.kind,
      ...range,
    };
  });
}

export class DeviceRecording {
  readonly path: string;
  readonly kind: 'BDF' | 'EDF';
  private readonly recorder: EdfRecorder;
  private readonly nChannels: number;
  private readonly sampleRateHz: number;
  private readonly holder: LostSampleHolder;
  private samples = 0;
  private lost = 0;
  private markers = 0;
  private failure: CoreError | null = null;

  private constructor(path: string, kind: 'BDF' | 'EDF', recorder: EdfRecorder, info: DeviceInfo) {
    this.path = path;
    this.kind = kind;
    this.recorder = recorder;
    this.nChannels = recorder.encoder.spec.channels.length;
    this.sampleRateHz = info.sampleRateHz;
    this.holder = new LostSampleHolder(this.nChannels, info.sampleRateHz);
  }

  /** Creates the file (never over an existing one unless `overwrite`) and writes its header. */
  static open(path: string, info: DeviceInfo, options: DeviceRecordingOptions): DeviceRecording {
    const recorder = EdfRecorder.open(path, {
      kind: options.kind,
      channels: recordingChannels(info, options.kind),
      recordDurationSec: 1,
      annotationBytesPerRecord: 512,
      patientCode: options.patientCode,
      recordingInfo: options.recordingInfo,
      start: options.start,
      overwrite: options.overwrite,
    });
    return new DeviceRecording(path, options.kind, recorder, info);
  }

  /** Samples per channel written so far (lost ones held), and seconds. */
  get samplesWritten(): number {
    return this.samples;
  }

  get lostSamples(): number {
    return this.lost;
  }

  get markerCount(): number {
    return this.markers;
  }

  /** Set when writing failed (disk full): the file keeps what was written before, readable unfinalised (inspect repairs it). */
  get error(): CoreError | null {
    return this.failure;
  }

  /** Appends a block; a loss before it is written as the last values held, with an annotation over the gap. */
  samplesArrived(block: SampleBlock): void {
    if (this.failure) return;
    try {
      if (block.lostBefore > 0) this.lostHeld(block.lostBefore);
      const whole = this.holder.hold(block);
      const n = whole.nSamples;
      if (n === 0) return;
      this.recorder.appendSamples(Array.from({ length: this.nChannels }, (_, ch) => whole.samples.subarray(ch * n, (ch + 1) * n)));
      this.samples += n;
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * A stretch of `n` samples the device lost, about to arrive as held values in the next block (a protocol run holds
   * them itself, so its file and its online runtime see one stream): annotated over the gap and counted as lost.
   */
  lostHeld(n: number): void {
    if (this.failure) return;
    try {
      this.recorder.addAnnotation(this.samples / this.sampleRateHz, n / this.sampleRateHz, `${LOST_ANNOTATION} (${n})`);
      this.lost += n;
    } catch (error) {
      this.fail(error);
    }
  }

  /** A marker becomes an annotation at its sample. */
  markerArrived(marker: DeviceMarker): void {
    if (this.failure) return;
    try {
      this.recorder.addAnnotation(marker.sampleIndex / this.sampleRateHz, marker.durationSec, marker.label);
      this.markers++;
    } catch (error) {
      this.fail(error);
    }
  }

  /** An annotation that is not a device marker (device stalled, resumed...), at the current end of the data. */
  note(label: string): void {
    if (this.failure) return;
    try {
      this.recorder.addAnnotation(this.samples / this.sampleRateHz, 0, label.slice(0, 200));
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Completes the file: the last record padded, the record count, the SHA-256 sidecar. After a write failure
   * the file is closed as it stands (record count -1: readers read its complete records, `inspect` repairs it)
   * and the failure thrown.
   */
  async finalise(): Promise<DeviceRecordingResult> {
    if (this.failure) {
      this.recorder.close();
      throw this.failure;
    }
    try {
      const result = await this.recorder.finalise();
      return { ...result, kind: this.kind, samples: this.samples, lostSamples: this.lost, markers: this.markers };
    } catch (error) {
      this.recorder.close();
      this.fail(error);
      throw this.failure as unknown as CoreError;
    }
  }

  /** Closes without finalising (what a crash leaves): the file stays repairable. */
  abandon(): void {
    this.recorder.close();
  }

  private fail(error: unknown): void {
    const code = (error as { code?: string }).code;
    const seconds = (this.samples / this.sampleRateHz).toFixed(1);
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is used up' : error instanceof Error ? error.message : String(error);
    this.failure = new CoreError('failed', `${this.path}: recording stopped after ${seconds} s because ${why}; what was written is kept (readable as it is; neurofeat inspect repairs it)`, { path: this.path });
  }
}
