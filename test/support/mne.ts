// Runs MNE-Python (test/support/mne_reference.py) on files and returns what it read, for equality tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { referencePython, repositoryRoot } from './shared-data.ts';

export interface MneReading {
  file: string;
  error?: string;
  sfreq: number;
  ch_names: string[];
  n_times: number;
  units: string[];
  annotations: [number, number, string][];
  warnings: string[];
  /** `[channel][sample]` in volts (or the file's unit when MNE does not know it). */
  data: Float64Array[];
}

/** Reads each file with MNE in one Python process (MNE takes a second to import). */
export function readWithMne(files: string[]): MneReading[] {
  const outDir = mkdtempSync(path.join(tmpdir(), 'mne-ref-'));
  try {
    const stdout = execFileSync(referencePython, [path.join(repositoryRoot, 'test/support/mne_reference.py'), outDir, ...files], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim().split('\n').map((line, index) => {
      const reading = JSON.parse(line) as MneReading;
      if (reading.error) return { ...reading, data: [] };
      const bytes = readFileSync(path.join(outDir, `${index}.bin`));
      const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      reading.data = reading.ch_names.map((_, c) => all.subarray(c * reading.n_times, (c + 1) * reading.n_times));
      return reading;
    });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The factor MNE 1.3 applies to an EDF/BDF channel of this unit to get its values (`read_raw_edf`). */
export function mneEdfUnitScale(unit: string): number {
  if (['\u03bcV', '\u00b5V', 'uV'].includes(unit)) return 1e-6;
  if (unit === 'mV') return 1e-3;
  return 1;
}

/** The factor MNE 1.3 applies to a GDF channel of this unit (`read_raw_gdf`). */
export function mneGdfUnitScale(unit: string): number {
  return unit.startsWith('uV') ? 1e-6 : 1;
}
