// Sane physical limits every reader and writer checks declared header values against, whatever the file's size.

/** Highest sample rate of any channel: research amplifiers reach 100 kHz; above 1 MHz a header is damaged. */
export const MAX_SAMPLE_RATE_HZ = 1_000_000;
/** Largest magnitude of a physical minimum or maximum in any unit (1e15 nV is a megavolt): beyond it the scale is garbage. */
export const MAX_PHYSICAL_MAGNITUDE = 1e15;
/** Most events (annotations, event table entries, markers) one file may hold: a heartbeat a second for five days. */
export const MAX_EVENTS = 500_000;
/** Most signal channels one file may have (EDF's 4-character field allows 9999, GDF and XDF far more; high-density caps have 256). */
export const MAX_CHANNELS = 4096;
/** Largest data record of a record-based file (EDF/BDF, GDF). */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** Longest data record: a day. */
export const MAX_RECORD_DURATION_SEC = 86_400;
/** Most samples (values of all channels together) held in memory for one window of a whole-file pass. */
export const MAX_WINDOW_VALUES = 4 * 1024 * 1024;

/** The problem with a channel's sample rate, or null when it is plausible. */
export function sampleRateProblem(rateHz: number): string | null {
  if (!Number.isFinite(rateHz) || rateHz <= 0) return `${rateHz} Hz is not a sample rate`;
  if (rateHz > MAX_SAMPLE_RATE_HZ) return `gives a sample rate of ${rateHz.toPrecision(3)} Hz, above the ${MAX_SAMPLE_RATE_HZ} Hz any EEG amplifier records`;
  return null;
}

/** The problem with a physical range (the two limits and the scale they make), or null when it can scale samples. */
export function physicalRangeProblem(physicalMin: number, physicalMax: number, digitalMin: number, digitalMax: number): string | null {
  if (!Number.isFinite(physicalMin) || !Number.isFinite(physicalMax)) return `physical range ${physicalMin}..${physicalMax} is not finite`;
  if (Math.abs(physicalMin) > MAX_PHYSICAL_MAGNITUDE || Math.abs(physicalMax) > MAX_PHYSICAL_MAGNITUDE) {
    return `physical range ${physicalMin}..${physicalMax} lies beyond ±${MAX_PHYSICAL_MAGNITUDE}, which no recording's unit needs`;
  }
  const gain = (physicalMax - physicalMin) / (digitalMax - digitalMin);
  if (!Number.isFinite(gain) || !Number.isFinite(physicalMin - digitalMin * gain)) {
    return `physical range ${physicalMin}..${physicalMax} over digital ${digitalMin}..${digitalMax} gives no finite scale`;
  }
  return null;
}
