// Flag parsing shared by `neurofeat train` and `neurofeat predict`: lists, windows, feature specs, classes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../command.ts';
import { CoreError } from '../../core/errors.ts';
import type { RecordingEvent } from '../../core/recording.ts';
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
