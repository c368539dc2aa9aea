// A benchmark suite: named measurements printed as figures, never asserted.

export interface Measurement {
  name: string;
  value: number;
  unit: string;
  /** How many repetitions the value summarises. */
  n: number;
  /** Free-form context (what was compared, on which data). */
  note?: string;
}

export interface BenchContext {
  /** Progress lines for the human, on stderr. */
  log: (text: string) => void;
  /** Where the real recordings live (`../shared/data` from the repository root by default). */
  dataDir: string;
  /** Records one figure; printed at once in text mode, gathered in JSON mode. */
  report: (measurement: Measurement) => void;
  /** `--subjects DIR`: a folder of subjects for the suites that take one (accuracy). */
  subjectsDir?: string;
  /** A suite's own JSON document (accuracy's per-subject table); printed instead of the measurement list with --json. */
  document?: (value: Record<string, unknown>) => void;
}

/** A suite's name and summary live in the registry (`index.ts`), so listing suites loads none of them. */
export interface BenchSuite {
  run: (context: BenchContext) => Promise<void>;
}

/** Median and percentiles of a list of timings (ms). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
