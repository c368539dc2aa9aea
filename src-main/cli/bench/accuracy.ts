// Bench suite `accuracy`: nested 5-fold accuracy and AUC of the default procedure and of every standard family, per subject of a folder (default: the ten shared PhysioNet subjects).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { BenchSuite } from './suite.ts';
import { loadRecording } from '../../services/recordings/load-recording.ts';
import { crossValidateFamily, defaultChoiceOptions, nestedFamilyChoice, standardFamilies, TangentSpaceCache, type StandardFamily } from '../../core/ml/family-choice.ts';
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
    const started = performance.now();
    const rows: { id: string; default: Score & { family: string; chosen: string[] }; families: Record<string, Score> }[] = [];
    for (const subject of subjects) {
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
      const chosen = nested.folds.map((f) => f.chosen);
      const counts = new Map<string, number>();
      for (const c of chosen) counts.set(c, (counts.get(c) ?? 0) + 1);
      const most = [...counts].sort((a, b) => b[1] - a[1])[0][0];
      rows.push({ id: subject.id, default: { accuracy: nested.accuracy, auc: nested.auc, family: most, chosen }, families: scores });
      const ms = performance.now() - t0;
      context.report({ name: `accuracy.${subject.id}.default`, value: 100 * nested.accuracy, unit: '%', n: labels.length, note: `AUC ${nested.auc.toFixed(3)}, chosen per outer fold: ${chosen.join(' ')}` });
      for (const family of families) {
        context.report({ name: `accuracy.${subject.id}.${family}`, value: 100 * scores[family].accuracy, unit: '%', n: labels.length, note: `AUC ${scores[family].auc.toFixed(3)}` });
      }
      context.log(`${subject.id}: default ${(100 * nested.accuracy).toFixed(1)} (${chosen.join(' ')}), ${families.map((f) => `${f} ${(100 * scores[f].accuracy).toFixed(1)}`).join(', ')}; ${(ms / 1000).toFixed(1)} s`);
    }
    const mean = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0) / rows.length;
    const meanScores = {
      default: { accuracy: mean((r) => r.default.accuracy), auc: mean((r) => r.default.auc) },
      families: Object.fromEntries(families.map((f) => [f, { accuracy: mean((r) => r.families[f].accuracy), auc: mean((r) => r.families[f].auc) }])),
    };
    const note = 'stratified 5-fold seed 1; 8-32 Hz Butterworth order 5 zero-phase on the continuous runs, 0-3 s, no re-reference';
    context.report({ name: 'accuracy.mean.default', value: 100 * meanScores.default.accuracy, unit: '%', n: rows.length, note: `AUC ${meanScores.default.auc.toFixed(3)}; ${note}` });
    for (const f of families) context.report({ name: `accuracy.mean.${f}`, value: 100 * meanScores.families[f].accuracy, unit: '%', n: rows.length, note: `AUC ${meanScores.families[f].auc.toFixed(3)}` });
    const seconds = (performance.now() - started) / 1000;
    context.report({ name: 'accuracy.elapsed', value: seconds, unit: 's', n: rows.length, note: 'reading, preprocessing, every family and the nested default' });
    context.document?.({ subjects: rows, mean: meanScores, elapsedSec: seconds, settings: note });
  },
};
