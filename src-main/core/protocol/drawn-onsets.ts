// The cue markers of a protocol run moved to when the patient's screen drew them: the display-latency correction training can apply.
import type { RecordingEvent } from '../recording.ts';
import { GDF } from './graz-protocol.ts';

/** A cue as a protocol run stores it (`Run.protocol.cues`): its marker's sample in the file, and the measured delay to its drawing. */
export interface CueTiming {
  sample: number;
  /** From the time the marker's sample was taken to the cue drawn on the patient's screen; null when no screen reported it. */
  drawnLatencyMs: number | null;
}

/** One cue marker's move: from its scheduled sample by `shift` samples (may be negative: a cue drawn ahead of its sample). */
export interface CueShift {
  sample: number;
  shift: number;
}

/** The moves of the cues whose drawing was measured: round(latency x fs / 1000) samples each (docs/closed-loop.md). */
export function cueShiftsOf(cues: readonly CueTiming[], sampleRateHz: number): CueShift[] {
  return cues.flatMap((cue) => (cue.drawnLatencyMs === null || !Number.isFinite(cue.drawnLatencyMs) ? [] : [{ sample: cue.sample, shift: Math.round((cue.drawnLatencyMs * sampleRateHz) / 1000) }]));
}

const CUE_CODES = [GDF.cueClass1, GDF.cueClass2];
const isCueMarker = (event: RecordingEvent): boolean => CUE_CODES.some((code) => event.code === code || event.label === String(code));

/**
 * The events with each cue marker (769/770, as a code or as annotation text) that sits on a shifted cue's sample moved
 * by its shift; every other event, and a cue without a measured latency, as it was. The file is not touched: the
 * move is made on the events read from it, for cutting epochs.
 */
export function eventsAtDrawnOnsets(events: readonly RecordingEvent[], shifts: readonly CueShift[], sampleRateHz: number): RecordingEvent[] {
  const bySample = new Map(shifts.map((s) => [s.sample, s.shift]));
  return events.map((event) => {
    if (!isCueMarker(event)) return event;
    const shift = bySample.get(Math.round(event.onsetSec * sampleRateHz));
    return shift === undefined || shift === 0 ? event : { ...event, onsetSec: event.onsetSec + shift / sampleRateHz };
  });
}
