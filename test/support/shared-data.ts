// Paths to the real recordings in ../shared/data (never copied into the repository).
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDataDir = path.resolve(process.env.NEUROFEAT_SHARED_DATA ?? path.join(repositoryRoot, '..', 'shared', 'data'));

if (!existsSync(sharedDataDir)) {
  throw new Error(`The shared recordings are missing: expected them in ${sharedDataDir} (set NEUROFEAT_SHARED_DATA).`);
}

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

/** Debian's Python, which has scipy, mne, sklearn and statsmodels from apt. */
export const referencePython = '/usr/bin/python3';
