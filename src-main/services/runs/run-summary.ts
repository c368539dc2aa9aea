// What a run's listing shows about its file: events with counts, trials per class, and a signal quality summary.
import type { Run, RunQuality } from '../../contract/api.ts';
import { channelStats } from '../../core/formats/channel-stats.ts';
import type { SignalFile } from '../../core/formats/signal-file.ts';
import type { RecordingEvent } from '../../core/recording.ts';
import { openRecording } from '../recordings/load-recording.ts';

/** The name an event is counted and chosen by: its numeric code where it has one, else its text. */
export const eventName = (event: RecordingEvent): string => (event.code !== null ? String(event.code) : event.label);

/** Each distinct event with its count, in order of first appearance. */
export function countEvents(events: RecordingEvent[]): Run['events'] {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(eventName(event), (counts.get(eventName(event)) ?? 0) + 1);
  return [...counts].map(([event, count]) => ({ event, count }));
}

/** The standard motor-imagery class pairs, in order of preference (CLI.md): GDF's 769/770, PhysioNet's T1/T2. */
const standardClassPairs = [['769', '770'], ['T1', 'T2']] as const;

const holds = (events: RecordingEvent[], name: string) => events.some((e) => e.label === name || String(e.code) === name);

/** The standard class pair the events hold, or null. */
export function standardClasses(events: RecordingEvent[]): [string, string] | null {
  const pair = standardClassPairs.find(([a, b]) => holds(events, a) && holds(events, b));
  return pair ? [pair[0], pair[1]] : null;
}

/** Trials per class of the standard pair the events hold (empty when they hold none). */
export function trialsPerClass(events: RecordingEvent[]): Record<string, number> {
  const pair = standardClasses(events);
  if (!pair) return {};
  return Object.fromEntries(pair.map((name) => [name, events.filter((e) => e.label === name || String(e.code) === name).length]));
}

const FLAT_STD = 0.01;
const NOISY_RATIO = 5;

/** Flat, railed and noisy channels from one pass over the file, and the reader's warnings. */
export function qualitySummary(file: SignalFile): RunQuality {
  const stats = channelStats(file);
  const stds = stats.map((s) => s.std).filter(Number.isFinite).sort((a, b) => a - b);
  const medianStd = stds.length === 0 ? 0 : stds.length % 2 === 1 ? stds[(stds.length - 1) / 2] : (stds[stds.length / 2 - 1] + stds[stds.length / 2]) / 2;
  const railed = stats.filter((s, c) => {
    const channel = file.channels[c];
    return channel.physicalMax > channel.physicalMin && (s.min <= channel.physicalMin || s.max >= channel.physicalMax);
  });
  return {
    flatChannels: stats.filter((s) => !(s.std >= FLAT_STD)).map((s) => s.label),
    railedChannels: railed.map((s) => s.label),
    noisyChannels: medianStd > 0 ? stats.filter((s) => s.std > NOISY_RATIO * medianStd).map((s) => s.label) : [],
    medianStd,
    warnings: [...file.warnings],
  };
}

/** What a run's registration records about its file, read from the file itself. */
export interface RecordingSummary {
  format: string;
  durationSec: number;
  sampleRateHz: number;
  channels: string[];
  events: Run['events'];
  trialsPerClass: Record<string, number>;
  quality: RunQuality;
}

/** Opens the file (as it is: no repair, no sidecar check) and summarises it in one pass over its samples. */
export async function summariseRecordingFile(file: string): Promise<RecordingSummary> {
  const opened = await openRecording(file, { repair: false, verifyChecksum: false });
  try {
    const signal = opened.file;
    return {
      format: signal.version,
      durationSec: signal.durationSec,
      sampleRateHz: signal.sampleRateHz,
      channels: signal.channels.map((c) => c.label),
      events: countEvents(signal.events),
      trialsPerClass: trialsPerClass(signal.events),
      quality: qualitySummary(signal),
    };
  } finally {
    opened.close();
  }
}
