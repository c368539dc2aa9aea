// Windows of samples from record-based files (EDF/BDF, GDF): which records to read, in chunks, and which part of each.
import { readExactly, type ByteSource } from './byte-source.ts';
import { channelSampleIndex, checkWindow, windowOutputs, type SignalFile } from './signal-file.ts';

/** Where the records are and how each channel sits in one. */
export interface RecordLayout {
  dataOffset: number;
  recordBytes: number;
  /** Samples per record of the fastest channel (the file's `sampleRateHz`). */
  maxSamplesPerRecord: number;
  samplesPerRecord(channel: number): number;
}

/**
 * Decodes `n` samples of one channel, the first at `firstInRecord` of record `recordInChunk` of the
 * chunk, into `out` at `outOffset`.
 */
export type RunDecoder = (chunk: Uint8Array, channel: number, recordInChunk: number, firstInRecord: number, n: number, out: Float32Array, outOffset: number) => void;

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * `readSamples` of a record-based file: reads whole records in chunks of about 4 MB, record after
 * record in file order, and hands each channel's part of each record to `decode`. `prepareChunk` runs
 * once per chunk (to build views over it).
 */
export function readRecordWindow(
  file: Pick<SignalFile, 'channels' | 'sampleRateHz' | 'nSamples'>,
  source: ByteSource,
  layout: RecordLayout,
  channelIndices: readonly number[],
  start: number,
  count: number,
  into: readonly Float32Array[] | undefined,
  decode: RunDecoder,
  prepareChunk?: (chunk: Uint8Array) => void,
): Float32Array[] {
  checkWindow(file, channelIndices, start, count);
  const outputs = windowOutputs(file, channelIndices, start, count, into);
  if (count === 0 || channelIndices.length === 0) return outputs;
  const firstRecord = Math.floor(start / layout.maxSamplesPerRecord);
  const endRecord = Math.ceil((start + count) / layout.maxSamplesPerRecord);
  const recordsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / layout.recordBytes));
  const plan = channelIndices.map((c) => {
    const rate = file.channels[c].sampleRateHz;
    return {
      c,
      want0: channelSampleIndex(start, rate, file.sampleRateHz),
      want1: channelSampleIndex(start + count, rate, file.sampleRateHz),
      spr: layout.samplesPerRecord(c),
    };
  });
  for (let r0 = firstRecord; r0 < endRecord; r0 += recordsPerChunk) {
    const nr = Math.min(recordsPerChunk, endRecord - r0);
    const chunk = readExactly(source, layout.dataOffset + r0 * layout.recordBytes, nr * layout.recordBytes, `data record ${r0 + 1}`);
    prepareChunk?.(chunk);
    for (let r = 0; r < nr; r++) {
      for (let k = 0; k < plan.length; k++) {
        const p = plan[k];
        const recordStart = (r0 + r) * p.spr;
        const from = Math.max(p.want0, recordStart);
        const to = Math.min(p.want1, recordStart + p.spr);
        if (to > from) decode(chunk, p.c, r, from - recordStart, to - from, outputs[k], from - p.want0);
      }
    }
  }
  return outputs;
}
