// Paths to the real recordings in ../shared/data (never copied into the repository), and whether they are there.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prerequisite } from './prerequisites.ts';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDataDir = path.resolve(process.env.NEUROFEAT_SHARED_DATA ?? path.join(repositoryRoot, '..', 'shared', 'data'));

/** A PhysioNet EEG Motor Movement/Imagery run, e.g. `physionetRun(1, 4)` for S001R04.edf. */
export function physionetRun(subject: number, run: number): string {
  const s = `S${String(subject).padStart(3, '0')}`;
  return path.join(sharedDataDir, 'physionet-eegmmidb', s, `${s}R${String(run).padStart(2, '0')}.edf`);
}

export function formatSample(name: string): string {
  return path.join(sharedDataDir, 'format-samples', name);
}

export function xdfExample(name: string): string {
  return path.join(sharedDataDir, 'xdf-examples', name);
}

/** One file of each of the three collections: when all are there, the shared data is taken to be complete. */
const witnesses = [physionetRun(10, 12), formatSample('test_1ch.gdf'), xdfExample('minimal.xdf')];

/**
 * Why the tests that read real recordings cannot run here, in one line with how to get them; null when the data is there.
 * Use it as `describe.skipIf(sharedDataMissing)(...)`; with NEUROFEAT_REQUIRE_ALL=1 a missing folder fails instead.
 */
export const sharedDataMissing: string | null = prerequisite(
  witnesses.every((file) => existsSync(file))
    ? null
    : `the shared recordings are missing (no ${witnesses.find((file) => !existsSync(file))}): put the PhysioNet EEG Motor Movement/Imagery Dataset ` +
      '(physionet.org/content/eegmmidb/1.0.0, as physionet-eegmmidb/S001/S001R04.edf ...), format-samples/ and xdf-examples/ in ' +
      `${sharedDataDir} or set NEUROFEAT_SHARED_DATA (README.md, "Test data")`,
);

/** Debian's Python, which has scipy, mne, sklearn and statsmodels from apt. */
export const referencePython = '/usr/bin/python3';
