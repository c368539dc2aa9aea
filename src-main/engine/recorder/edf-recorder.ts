// Incremental, crash-safe EDF+/BDF+ file writer: records appended as samples arrive, synced to disk every second.
import { closeSync, fdatasync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { badInput } from '../../core/errors.ts';
import { EdfEncoder, type EdfWriterSpec } from '../../core/formats/edf-writer.ts';
import { encodeTal, type TalAnnotation } from '../../core/formats/tal.ts';
// The one implementation of recording checksums, shared with the readers' open path.
import { sha256File, writeChecksumSidecar } from '../../services/recordings/checksum.ts';

export interface RecorderSpec extends Omit<EdfWriterSpec, 'start'> {
  /** Wall-clock start written in the header (default: now). */
  start?: Date;
  /** How often written records are forced to disk (default 1000 ms). */
  syncIntervalMs?: number;
  /** Replace an existing file (default false: an existing file is never overwritten). */
  overwrite?: boolean;
}

export interface FinaliseResult {
  path: string;
  sha256: string;
  sidecarPath: string;
  records: number;
  /** Samples per channel received (before any padding of the last record). */
  samplesWritten: number[];
  /** Samples per channel added to complete the last record (held at the last value). */
  paddedSamples: number[];
  /** Seconds of data received (at the first channel's rate). */
  durationSec: number;
  annotations: number;
  /** Samples outside the channel's physical range, written as the range's limit. */
  clippedSamples: number;
}

/** Label of the annotation that marks where received data ends when the last record had to be padded. */
export const PADDING_ANNOTATION = 'NeuroFeat: end of data (padding follows)';

/**
 * Writes an EDF+/BDF+ file while recording. The header is written first with a record count of -1;
 * every complete record is written at once and synced to disk at least every `syncIntervalMs`;
 * `finalise` pads the last record, writes the count and keeps a SHA-256 sidecar. A file whose writer
 * died keeps count -1 and is repaired by the readers' open path (services/recordings).
 */
export class EdfRecorder {
  readonly path: string;
  readonly encoder: EdfEncoder;
  private fd: number | null;
  private position: number;
  private records = 0;
  private readonly buffers: Float32Array[];
  private readonly filled: number[];
  private readonly received: number[];
  private readonly pending: TalAnnotation[] = [];
  private annotationCount = 0;
  private clipped = 0;
  private readonly recordBytes: Uint8Array;
  private dirty = false;
  private syncing = false;
  private timer: ReturnType<typeof setInterval> | null;

  private constructor(filePath: string, encoder: EdfEncoder, fd: number, syncIntervalMs: number) {
    this.path = filePath;
    this.encoder = encoder;
    this.fd = fd;
    const header = encoder.header(-1);
    writeSync(fd, header, 0, header.length, 0);
    fdatasyncSync(fd);
    this.position = header.length;
    this.recordBytes = new Uint8Array(encoder.recordLength);
    this.buffers = encoder.samplesPerRecord.map((spr) => new Float32Array(spr * 2));
    this.filled = encoder.samplesPerRecord.map(() => 0);
    this.received = encoder.samplesPerRecord.map(() => 0);
    this.timer = setInterval(() => this.sync(), syncIntervalMs);
    this.timer.unref?.();
  }

  /** Creates the file and writes its header (record count -1). */
  static open(filePath: string, spec: RecorderSpec): EdfRecorder {
    const start = spec.start ?? new Date();
    const encoder = new EdfEncoder({
      ...spec,
      start: {
        year: start.getFullYear(), month: start.getMonth() + 1, day: start.getDate(),
        hour: start.getHours(), minute: start.getMinutes(), second: start.getSeconds(),
      },
    });
    const fd = openSync(filePath, spec.overwrite ? 'w' : 'wx');
    return new EdfRecorder(filePath, encoder, fd, spec.syncIntervalMs ?? 1000);
  }

  get recordsWritten(): number {
    return this.records;
  }

  /** Appends samples, `chunk[channel]` in physical units; complete records are written at once. */
  appendSamples(chunk: readonly Float32Array[]): void {
    this.checkOpen();
    const channels = this.encoder.spec.channels;
    if (chunk.length !== channels.length) {
      throw badInput(`appendSamples: expected ${channels.length} channels, got ${chunk.length}`, { field: 'chunk' });
    }
    const rate0 = channels[0].sampleRateHz;
    for (let c = 0; c < chunk.length; c++) {
      const expected = (chunk[0].length * channels[c].sampleRateHz) / rate0;
      if (Number.isInteger(expected) && chunk[c].length !== expected) {
        throw badInput(`appendSamples: channel ${c} (${channels[c].label}) has ${chunk[c].length} samples, expected ${expected}`, { field: 'chunk' });
      }
    }
    for (let c = 0; c < chunk.length; c++) {
      const needed = this.filled[c] + chunk[c].length;
      if (needed > this.buffers[c].length) {
        const grown = new Float32Array(Math.max(needed, this.buffers[c].length * 2));
        grown.set(this.buffers[c].subarray(0, this.filled[c]));
        this.buffers[c] = grown;
      }
      this.buffers[c].set(chunk[c], this.filled[c]);
      this.filled[c] = needed;
      this.received[c] += chunk[c].length;
    }
    this.writeCompleteRecords();
  }

  /** Queues an annotation (onset in seconds from the first sample); it goes into the next record written. */
  addAnnotation(onsetSec: number, durationSec: number, label: string): void {
    this.checkOpen();
    if (!Number.isFinite(onsetSec) || !Number.isFinite(durationSec) || durationSec < 0) {
      throw badInput(`addAnnotation: onset ${onsetSec} s and duration ${durationSec} s must be finite, duration not negative`, { field: 'onsetSec' });
    }
    const annotation = { onsetSec, durationSec, label };
    const capacity = this.encoder.annotationCapacity(1e6);
    const size = encodeTal(annotation).length;
    if (size > capacity) {
      throw badInput(`addAnnotation: '${label.slice(0, 40)}...' needs ${size} bytes, a record holds ${capacity} (raise annotationBytesPerRecord)`, { field: 'label' });
    }
    this.pending.push(annotation);
  }

  /** Forces written records to disk now (the timer does it every second). */
  flush(): void {
    if (this.fd === null) return;
    fdatasyncSync(this.fd);
    this.dirty = false;
  }

  /** Writes what remains (the last record padded), the record count and the SHA-256 sidecar; closes the file. */
  async finalise(): Promise<FinaliseResult> {
    this.checkOpen();
    const spr = this.encoder.samplesPerRecord;
    const paddedSamples = spr.map(() => 0);
    const partial = this.filled.some((n) => n > 0);
    if (partial) {
      const endSec = this.received[0] / this.encoder.spec.channels[0].sampleRateHz;
      const padSec = this.records * this.encoder.recordDurationSec + this.encoder.recordDurationSec - endSec;
      this.pending.push({ onsetSec: endSec, durationSec: Number(padSec.toFixed(7)), label: PADDING_ANNOTATION });
    }
    while (this.filled.some((n) => n > 0) || this.pending.length > 0) {
      for (let c = 0; c < spr.length; c++) {
        const missing = spr[c] - this.filled[c];
        if (missing <= 0) continue;
        const hold = this.filled[c] > 0 ? this.buffers[c][this.filled[c] - 1] : this.lastValue(c);
        if (this.buffers[c].length < spr[c]) {
          const grown = new Float32Array(spr[c]);
          grown.set(this.buffers[c].subarray(0, this.filled[c]));
          this.buffers[c] = grown;
        }
        this.buffers[c].fill(hold, this.filled[c], spr[c]);
        this.filled[c] = spr[c];
        paddedSamples[c] += missing;
      }
      this.writeCompleteRecords();
    }
    const fd = this.fd!;
    const count = this.encoder.recordCountField(this.records);
    writeSync(fd, count.bytes, 0, count.bytes.length, count.offset);
    fdatasyncSync(fd);
    this.close();
    const sha256 = await sha256File(this.path);
    const sidecarPath = writeChecksumSidecar(this.path, sha256);
    return {
      path: this.path,
      sha256,
      sidecarPath,
      records: this.records,
      samplesWritten: [...this.received],
      paddedSamples,
      durationSec: this.received[0] / this.encoder.spec.channels[0].sampleRateHz,
      annotations: this.annotationCount,
      clippedSamples: this.clipped,
    };
  }

  /** Closes the file without finalising it (it stays repairable, as after a crash). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private lastHeld: number[] = [];

  private lastValue(channel: number): number {
    return this.lastHeld[channel] ?? 0;
  }

  private writeCompleteRecords(): void {
    const spr = this.encoder.samplesPerRecord;
    let written = 0;
    const complete = () => spr.every((n, c) => this.filled[c] - written * n >= n);
    while (complete()) {
      const offsets = spr.map((n) => written * n);
      const result = this.encoder.encodeRecord(this.records, this.buffers, offsets, this.pending, this.recordBytes);
      this.pending.splice(0, result.annotationsWritten);
      this.annotationCount += result.annotationsWritten;
      this.clipped += result.clipped;
      writeSync(this.fd!, this.recordBytes, 0, this.recordBytes.length, this.position);
      this.position += this.recordBytes.length;
      this.records++;
      this.dirty = true;
      written++;
    }
    if (written === 0) return;
    for (let c = 0; c < spr.length; c++) {
      const used = written * spr[c];
      if (used > 0) this.lastHeld[c] = this.buffers[c][used - 1];
      this.buffers[c].copyWithin(0, used, this.filled[c]);
      this.filled[c] -= used;
    }
  }

  private sync(): void {
    if (this.fd === null || !this.dirty || this.syncing) return;
    this.syncing = true;
    this.dirty = false;
    fdatasync(this.fd, () => {
      this.syncing = false;
    });
  }

  private checkOpen(): void {
    if (this.fd === null) throw new Error(`${this.path}: the recorder is closed`);
  }
}
