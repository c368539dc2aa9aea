// The in-memory shape of an EEG recording shared by file readers, features, training and the engine.

export interface ChannelInfo {
  /** The label as written in the file, kept for display (`C3..`). */
  label: string;
  /** The label normalised for matching: see `normaliseChannelName`. */
  name: string;
  /** Physical unit as written (`uV`, `µV`, `mV`, ...). */
  unit: string;
  sampleRateHz: number;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
}

export interface RecordingEvent {
  /** Seconds from the start of the recording. */
  onsetSec: number;
  durationSec: number;
  /** Numeric event code where the format has one (GDF 769, ...), otherwise null. */
  code: number | null;
  /** Text of the event: annotation text, or the GDF code's name. */
  label: string;
}

/** A recording whose signal channels share one sample rate, loaded into memory in physical units. */
export interface Recording {
  sampleRateHz: number;
  nSamples: number;
  channels: ChannelInfo[];
  events: RecordingEvent[];
  /** `[channel][sample]` in the channel's physical unit (µV for EEG). */
  data: Float32Array[];
}

/** Case-insensitive, trailing dots stripped: PhysioNet's `C3..` and `Fc5.` become `c3` and `fc5`. */
export function normaliseChannelName(label: string): string {
  return label.trim().replace(/\.+$/, '').toLowerCase();
}
