// The channel header of an amplifier channel recorded live: µV with the format's default range (BDF 1/32 µV steps).
import { defaultRange, type EdfWriterChannel } from '../../core/formats/edf-writer.ts';

export function defaultBdfChannel(label: string, sampleRateHz: number, kind: 'EDF' | 'BDF' = 'BDF'): EdfWriterChannel {
  return { label, unit: 'uV', sampleRateHz, ...defaultRange(kind) };
}
