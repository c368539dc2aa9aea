// Bench suite `accuracy`: nested 5-fold accuracy of every feature family on the ten PhysioNet subjects, next to HappyFeat's procedure scored honestly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BenchSuite } from './suite.ts';
import { extractEpochs, type Epochs } from '../../core/epochs.ts';
import { rereference } from '../../core/dsp/reference.ts';
import { loadRecording } from '../../services/recordings/load-recording.ts';
import { defaultTraining, trainPipeline, happyFeatSelection, type TrainOptions } from '../../core/ml/train.ts';

/** The window of the orientation figure (MNE CSP + LDA, 8-30 Hz, 0.5-4 s, 5-fold seed 1: 58.5% mean). */
const window = { offsetSec: 0.5, lengthSec: 3.5 };

export async function physionetEpochs(dataDir: string, subject: number): Promise<Epochs | null> {
  const s = `S${String(subject).padStart(3, '0')}`;
  const files = [4, 8, 12].map((run) => path.join(dataDir, 'physionet-eegmmidb', s, `${s}R${String(run).padStart(2, '0')}.edf`));
  if (!files.every((f) => existsSync(f))) return null;
  const recordings = await Promise.all(files.map((f) => loadRecording(f)));
  return rereference(extractEpochs(recordings, { classes: ['T1', 'T2'], ...window }), { kind: 'car' });
}

interface Contender {
  name: string;
  options: Partial<TrainOptions>;
}

export const contenders: Contender[] = [
  // NeuroFeat's default pipeline (defaultTraining): PSD bands over the sensorimotor channels + shrinkage LDA.
  { name: 'psd-auto-slda', options: {} },
  { name: 'fc-auto-slda', options: { family: 'fc', classifier: 'slda' } },
  { name: 'mixed-auto-slda', options: { family: 'mixed', classifier: 'slda' } },
  { name: 'csp-lda', options: { family: 'csp', classifier: 'lda', fminHz: 8, fmaxHz: 30 } },
  { name: 'ts-logreg', options: { family: 'ts', classifier: 'logreg', fminHz: 8, fmaxHz: 30 } },
  // HappyFeat's procedure scored honestly: its Burg spectra, its top-3 rule, plain LDA, selection inside the folds.
  { name: 'happyfeat-top3-lda', options: { family: 'psd', psdMethod: 'burg', classifier: 'lda', selection: happyFeatSelection, fminHz: 7, fmaxHz: 35 } },
  // The same rule on Welch spectra, to separate the effect of the estimator from that of the rule.
  { name: 'happyfeat-top3-lda-welch', options: { family: 'psd', classifier: 'lda', selection: happyFeatSelection, fminHz: 7, fmaxHz: 35 } },
];

export const accuracySuite: BenchSuite = {
  async run(context) {
    const only = process.env.NEUROFEAT_BENCH_CONTENDERS?.split(',');
    const chosen = only ? contenders.filter((c) => only.includes(c.name)) : contenders;
    const accuracies = new Map<string, number[]>(chosen.map((c) => [c.name, []]));
    for (let subject = 1; subject <= 10; subject++) {
      const epochs = await physionetEpochs(context.dataDir, subject);
      if (!epochs) {
        context.log(`S${subject}: recordings missing, skipped`);
        continue;
      }
      const line: string[] = [];
      for (const c of chosen) {
        const options: TrainOptions = { ...defaultTraining, ...c.options, cv: { kind: 'kfold', k: 5, seed: 1 }, nBootstrap: 0 };
        const started = performance.now();
        const result = trainPipeline(epochs, 'car', options);
        accuracies.get(c.name)!.push(result.cv.accuracy);
        context.report({ name: `accuracy.S${String(subject).padStart(3, '0')}.${c.name}`, value: 100 * result.cv.accuracy, unit: '%', n: epochs.trials.length, note: `${(performance.now() - started).toFixed(0)} ms` });
        line.push(`${c.name} ${(100 * result.cv.accuracy).toFixed(1)}`);
      }
      context.log(`S${subject}: ${line.join(', ')}`);
    }
    for (const [name, values] of accuracies) {
      if (values.length === 0) continue;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      context.report({ name: `accuracy.mean.${name}`, value: 100 * mean, unit: '%', n: values.length, note: 'orientation: MNE CSP (Ledoit-Wolf) + LDA, 8-30 Hz, 0.5-4 s gives 58.5%' });
    }
  },
};
