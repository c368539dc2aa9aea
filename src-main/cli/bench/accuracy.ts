// Bench suite `accuracy`: nested 5-fold accuracy and AUC of the default procedure and of every standard family, per subject of a folder (default: the ten shared PhysioNet subjects).
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BenchSuite } from './suite.ts';
import { loadRecording } from '../../services/recordings/load-recording.ts';
import { candidateName, crossValidateFamily, defaultChoiceOptions, nestedFamilyChoice, standardFamilies, TangentSpaceCache, type StandardFamily } from '../../core/ml/family-choice.ts';
import { stratifiedKFold } from '../../core/ml/folds.ts';
import { prepareProcedureData } from '../../core/ml/procedure-data.ts';
import { defaultTrainingWindow } from '../../core/ml/standard-preprocessing.ts';

const runs = [4, 8, 12];

/** Subjects laid out as DIR/SXXX/SXXXR04.edf, R08, R12, in name order. */
export function subjectFolders(dir: string): { id: string; files: string[] }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^S\d{3}$/.test(name))
    .sort()
    .map((id) => ({ id, files: runs.map((r) => path.join(dir, id, `${id}R${String(r).padStart(2, '0')}.edf`)) }))
    .filter((s) => s.files.every((f) => existsSync(f)));
}

interface Score {
  accuracy: number;
  auc: number;
}

export interface SubjectRow {
  id: string;
  /** `chosen`: the candidate of each outer fold, with its hyperparameters (`ts-svm C=0.1`); `family`: the family chosen most often. */
  default: Score & { family: string; chosen: string[] };
  families: Record<string, Score>;
  seconds: number;
  nTrials: number;
}

/** Nested 5-fold (seed 1) scores of the default procedure and of each family on one subject. */
export async function scoreSubject(subject: { id: string; files: string[] }, families: readonly StandardFamily[]): Promise<SubjectRow> {
  const t0 = performance.now();
  const recordings = await Promise.all(subject.files.map((f) => loadRecording(f)));
  const wanted = [...new Set([...families, ...defaultChoiceOptions.candidates])];
  const { labels, data } = prepareProcedureData(recordings, { classes: ['T1', 'T2'], ...defaultTrainingWindow }, { families: wanted });
  const folds = stratifiedKFold(labels, 5, 1);
  const cache = new TangentSpaceCache(data.covariances, data.nChannels);
  const scores: Record<string, Score> = {};
  for (const family of families) {
    const r = crossValidateFamily(family, data, labels, folds, cache);
    scores[family] = { accuracy: r.accuracy, auc: r.auc };
  }
  const nested = nestedFamilyChoice(data, labels, folds, defaultChoiceOptions, cache);
  const chosen = nested.folds.map((f) => candidateName({ family: f.chosen, hyperparameters: f.hyperparameters }));
  const counts = new Map<string, number>();
  for (const f of nested.folds) counts.set(f.chosen, (counts.get(f.chosen) ?? 0) + 1);
  const most = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  return { id: subject.id, default: { accuracy: nested.accuracy, auc: nested.auc, family: most, chosen }, families: scores, seconds: (performance.now() - t0) / 1000, nTrials: labels.length };
}

/** Scores the subjects on `nWorkers` worker threads (the subjects are independent), in subject order. */
async function scoreAll(subjects: { id: string; files: string[] }[], families: readonly StandardFamily[], nWorkers: number, log: (row: SubjectRow) => void): Promise<SubjectRow[]> {
  if (nWorkers <= 1) {
    const rows: SubjectRow[] = [];
    for (const s of subjects) {
      const row = await scoreSubject(s, families);
      log(row);
      rows.push(row);
    }
    return rows;
  }
  const shares = Array.from({ length: nWorkers }, (_, w) => subjects.filter((_, i) => i % nWorkers === w));
  const rows = await Promise.all(shares.map((share) => new Promise<SubjectRow[]>((resolve, reject) => {
    const got: SubjectRow[] = [];
    const worker = new Worker(new URL('./accuracy-worker.ts', import.meta.url), { workerData: { subjects: share, families } });
    worker.on('message', (row: SubjectRow) => {
      log(row);
      got.push(row);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve(got) : reject(new Error(`accuracy worker exited with code ${code}`))));
  })));
  return rows.flat().sort((a, b) => a.id.localeCompare(b.id));
}

export const accuracySuite: BenchSuite = {
  async run(context) {
    const dir = context.subjectsDir ?? path.join(context.dataDir, 'physionet-eegmmidb');
    const only = process.env.NEUROFEAT_BENCH_FAMILIES?.split(',') as StandardFamily[] | undefined;
    const families = only ? standardFamilies.filter((f) => only.includes(f)) : standardFamilies;
    const subjects = subjectFolders(dir);
    if (subjects.length === 0) {
      context.log(`accuracy: no subject with runs 4, 8 and 12 under ${dir}`);
      return;
    }
    const nWorkers = Math.max(1, Math.min(subjects.length, Number(process.env.NEUROFEAT_BENCH_WORKERS ?? Math.min(2, availableParallelism()))));
    const started = performance.now();
    const rows = await scoreAll(subjects, families, nWorkers, (row) => {
      context.log(`${row.id}: default ${(100 * row.default.accuracy).toFixed(1)} (${row.default.chosen.join(' ')}), ${families.map((f) => `${f} ${(100 * row.families[f].accuracy).toFixed(1)}`).join(', ')}; ${row.seconds.toFixed(1)} s`);
    });
    for (const row of rows) {
      context.report({ name: `accuracy.${row.id}.default`, value: 100 * row.default.accuracy, unit: '%', n: row.nTrials, note: `AUC ${row.default.auc.toFixed(3)}, chosen per outer fold: ${row.default.chosen.join(' ')}` });
      for (const family of families) {
        context.report({ name: `accuracy.${row.id}.${family}`, value: 100 * row.families[family].accuracy, unit: '%', n: row.nTrials, note: `AUC ${row.families[family].auc.toFixed(3)}` });
      }
    }
    const mean = (pick: (r: SubjectRow) => number) => rows.reduce((s, r) => s + pick(r), 0) / rows.length;
    const meanScores = {
      default: { accuracy: mean((r) => r.default.accuracy), auc: mean((r) => r.default.auc) },
      families: Object.fromEntries(families.map((f) => [f, { accuracy: mean((r) => r.families[f].accuracy), auc: mean((r) => r.families[f].auc) }])),
    };
    const note = 'stratified 5-fold seed 1; 8-32 Hz Butterworth order 5 zero-phase on the continuous runs, 0-3 s, no re-reference';
    context.report({ name: 'accuracy.mean.default', value: 100 * meanScores.default.accuracy, unit: '%', n: rows.length, note: `AUC ${meanScores.default.auc.toFixed(3)}; ${note}` });
    for (const f of families) context.report({ name: `accuracy.mean.${f}`, value: 100 * meanScores.families[f].accuracy, unit: '%', n: rows.length, note: `AUC ${meanScores.families[f].auc.toFixed(3)}` });
    const seconds = (performance.now() - started) / 1000;
    context.report({ name: 'accuracy.elapsed', value: seconds, unit: 's', n: rows.length, note: `reading, preprocessing, every family and the nested default; ${nWorkers} worker thread(s)` });
    context.document?.({ subjects: rows.map(({ id, default: d, families: f }) => ({ id, default: d, families: f })), mean: meanScores, elapsedSec: seconds, settings: note });
  },
};
