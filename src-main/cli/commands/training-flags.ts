// Flag parsing shared by `neurofeat train` and `neurofeat predict`: lists, windows, feature specs, classes, the training files with their cues at their drawn onsets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringFlag, UsageError, type ParsedArgs } from '../command.ts';
import { CoreError } from '../../core/errors.ts';
import { cueShiftsOf, eventsAtDrawnOnsets, type CueTiming } from '../../core/protocol/drawn-onsets.ts';
import type { RecordingEvent } from '../../core/recording.ts';
import { loadRecording, type LoadedRecording } from '../../services/recordings/load-recording.ts';
import { trainingClasses } from '../../services/training/training-service.ts';
import type { ExplicitFeature } from '../../core/ml/train.ts';

export function splitList(text: string, flag: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${flag}: expected a comma-separated list, got '${text}'`);
  return items;
}

export function parseWindowFlag(text: string): { offsetSec: number; lengthSec: number } {
  const match = /^(-?[\d.]+):(-?[\d.]+)$/.exec(text.trim());
  const start = match ? Number(match[1]) : NaN;
  const end = match ? Number(match[2]) : NaN;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    throw new UsageError(`--window: expected START:END seconds relative to the cue with END > START (e.g. 1:4), got '${text}'`);
  }
  return { offsetSec: start, lengthSec: end - start };
}

/** `C3:8-12,C4:10,fc:Cz:10-14`: channel and band (one frequency = a one-bin band); an optional family prefix. */
export function parseFeatures(text: string): ExplicitFeature[] {
  return splitList(text, 'features').map((item) => {
    const parts = item.split(':');
    const family = parts.length === 3 ? parts[0] : undefined;
    if (family !== undefined && family !== 'psd' && family !== 'fc') throw new UsageError(`--features: '${item}': the family prefix must be psd or fc`);
    const [channel, band] = parts.length === 3 ? parts.slice(1) : parts;
    const match = band !== undefined ? /^([\d.]+)(?:-([\d.]+))?$/.exec(band) : null;
    if (parts.length < 2 || parts.length > 3 || !channel || !match) {
      throw new UsageError(`--features: expected CHANNEL:LO-HI or CHANNEL:HZ items (e.g. C3:8-12,C4:10), got '${item}'`);
    }
    const lo = Number(match[1]);
    const hi = match[2] !== undefined ? Number(match[2]) : lo;
    if (!(hi >= lo)) throw new UsageError(`--features: '${item}': the band must be LO-HI with HI ≥ LO`);
    return { channel, bandHz: [lo, hi], family };
  });
}

/** 769,770 when the files hold them, else T1,T2 (CLI.md): the shared default (training-service), as a usage error. */
export function defaultClasses(events: RecordingEvent[]): string[] {
  try {
    return trainingClasses(events, undefined);
  } catch (error) {
    if (error instanceof CoreError) throw new UsageError(`--${error.message}`);
    throw error;
  }
}

export function softwareVersion(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  try {
    return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * A run's cue timing as the app stores it (`Run.protocol`, or a whole run from `recordings.list` with its
 * `protocol`): its `cues`, each `{sample, drawnLatencyMs}` (null: not measured). The error names the file.
 */
export function parseCueTimings(text: string, file: string): CueTiming[] {
  const fail = (why: string) => new UsageError(`--drawn-onsets: ${file}: ${why}; expected the run's cue timing as the app stores it, {"cues":[{"sample":N,"drawnLatencyMs":MS}, ...]} (its protocol record)`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const top = record(value);
  const cues = top?.cues ?? record(top?.protocol)?.cues;
  if (!Array.isArray(cues)) throw fail('no "cues" list');
  return cues.map((cue, i) => {
    const c = record(cue);
    const latency = c?.drawnLatencyMs;
    if (!c || !Number.isInteger(c.sample) || (c.sample as number) < 0 || !(latency === null || (typeof latency === 'number' && Number.isFinite(latency)))) {
      throw fail(`cue ${i + 1} is not {"sample": a whole number >= 0, "drawnLatencyMs": a number or null}`);
    }
    return { sample: c.sample as number, drawnLatencyMs: latency as number | null };
  });
}

/**
 * The recordings to train on (`FILE...`); with `--drawn-onsets T1.json,T2.json` (one per FILE, in order; `-` for a
 * file without), each cue marker moved to its drawn onset before the epochs are cut (the files are not touched).
 */
export async function loadTrainingRecordings(args: ParsedArgs, readText: (file: string) => string = (file) => readFileSync(file, 'utf8')): Promise<LoadedRecording[]> {
  const flag = stringFlag(args, 'drawn-onsets');
  const timings = flag === undefined ? null : splitList(flag, 'drawn-onsets');
  if (timings && timings.length !== args.positionals.length) {
    throw new UsageError(`--drawn-onsets: expected one cue timing file per recording (${args.positionals.length}, '-' for one without), got ${timings.length}`);
  }
  const recordings: LoadedRecording[] = [];
  for (const [i, file] of args.positionals.entries()) {
    const recording = await loadRecording(file);
    const timing = timings?.[i];
    if (timing === undefined || timing === '-') {
      recordings.push(recording);
      continue;
    }
    let text: string;
    try {
      text = readText(timing);
    } catch (error) {
      throw new UsageError(`--drawn-onsets: cannot read ${timing}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const shifts = cueShiftsOf(parseCueTimings(text, timing), recording.sampleRateHz);
    recordings.push({ ...recording, events: eventsAtDrawnOnsets(recording.events, shifts, recording.sampleRateHz) });
  }
  return recordings;
}
