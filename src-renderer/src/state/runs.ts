// A session's runs as pure values: the import path check, what the runs table shows, and which runs can be extracted together.
import type { Run } from '../../../src-main/contract/index.ts';

/** Absolute on POSIX (`/…`) or Windows (`C:\…`, `\\server\…`): the host resolves nothing relative. */
export const isAbsolutePath = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

export type ImportPathProblem = { key: 'pathMissing' } | { key: 'relativePath'; params: { path: string } };

/** The path typed in the import form, trimmed, or why it cannot be sent. */
export function checkImportPath(text: string): { ok: true; path: string } | { ok: false; problem: ImportPathProblem } {
  const path = text.trim();
  if (!path) return { ok: false, problem: { key: 'pathMissing' } };
  if (!isAbsolutePath(path)) return { ok: false, problem: { key: 'relativePath', params: { path } } };
  return { ok: true, path };
}

/** "T1 15 · T2 15", or null when the file holds no standard class pair. */
export function trialsText(run: Run): string | null {
  const entries = Object.entries(run.trialsPerClass);
  return entries.length ? entries.map(([name, n]) => `${name} ${n}`).join(' · ') : null;
}

/** "T0 30, T1 15, T2 15": the events with their counts, in order of first appearance. */
export const eventsText = (run: Run): string => run.events.map((e) => `${e.event} ${e.count}`).join(', ');

/** Channels the quality check flagged, by kind, each list empty when fine. */
export function qualityIssues(run: Run): {
  flat: string[]; railed: string[]; noisy: string[]; warnings: string[];
  /** The electrodes above the threshold in the impedance measured before the run, or null when none was measured. */
  impedance: { above: string[]; thresholdKOhm: number } | null;
} {
  const q = run.quality;
  const impedance = q.impedance ? { above: q.impedance.channels.filter((c) => !c.go).map((c) => c.label), thresholdKOhm: q.impedance.thresholdKOhm } : null;
  return { flat: q.flatChannels, railed: q.railedChannels, noisy: q.noisyChannels, warnings: q.warnings, impedance };
}

/** Whether the run's file is still what was registered; a changed or missing file is never used. */
export const isUsable = (run: Run): boolean => run.fileStatus === 'ok';

/** Why the chosen runs cannot be extracted or trained together, or null: a file changed or missing, or runs that differ. */
export type RunChoiceProblem =
  | { key: 'runUnusable'; params: { run: string; status: string } }
  | { key: 'rateDiffers'; params: { run: string; rate: number; first: number } }
  | { key: 'channelsDiffer'; params: { run: string; first: string } };

export function runChoiceProblem(runs: Run[], chosenIds: number[]): RunChoiceProblem | null {
  const chosen = runs.filter((r) => chosenIds.includes(r.id));
  const unusable = chosen.find((r) => !isUsable(r));
  if (unusable) return { key: 'runUnusable', params: { run: unusable.originalName, status: unusable.fileStatus } };
  const [first, ...rest] = chosen;
  if (!first) return null;
  for (const r of rest) {
    if (r.sampleRateHz !== first.sampleRateHz) return { key: 'rateDiffers', params: { run: r.originalName, rate: r.sampleRateHz, first: first.sampleRateHz } };
    if (r.channels.length !== first.channels.length || r.channels.some((c, i) => c !== first.channels[i])) return { key: 'channelsDiffer', params: { run: r.originalName, first: first.originalName } };
  }
  return null;
}

/** The chosen ids still present, in the table's order (oldest first), without repeats. */
export function orderedChoice(runs: Run[], chosenIds: number[]): number[] {
  return runs.filter((r) => chosenIds.includes(r.id)).map((r) => r.id);
}

/** Toggles one run in the choice. */
export const toggleRun = (chosenIds: number[], runId: number): number[] => (chosenIds.includes(runId) ? chosenIds.filter((id) => id !== runId) : [...chosenIds, runId]);
