// Bench suite `training`: the app's training and comparison jobs as a user waits for them, nested selection + sLDA on cached features, the feature-set search, and ONNX online prediction latency per family and provider.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { percentile, type BenchSuite } from './suite.ts';
import { defaultEpochDefinition, extractEpochs } from '../../core/epochs.ts';
import { fitClassifier } from '../../core/ml/classifiers.ts';
import { prepareProcedureData } from '../../core/ml/procedure-data.ts';
import { prefilterDeclaration, standardBandHz } from '../../core/ml/standard-preprocessing.ts';
import { defaultStandardTraining, trainStandard } from '../../core/ml/standard-training.ts';
import { fitTangentSpaceWithVectors } from '../../core/ml/tangent-space.ts';
import type { ExportedPipeline } from '../../core/onnx/pipeline-graph.ts';
import { rereference } from '../../core/dsp/reference.ts';
import { welchFeatures } from '../../core/features/psd.ts';
import { stratifiedKFold } from '../../core/ml/folds.ts';
import { crossValidate, featurePipeline } from '../../core/ml/pipeline.ts';
import { searchFeatureSets } from '../../core/ml/search.ts';
import { buildCandidates, type SelectionRule } from '../../core/ml/selection.ts';
import { defaultSelection, defaultTraining, trainPipeline } from '../../core/ml/train.ts';
import { encodePipelineModel } from '../../core/onnx/export.ts';
import { cudaLibraryPresent, loadModel, predictWindow, type ProviderChoice } from '../../engine/inference/onnx-session.ts';
import { loadRecording } from '../../services/recordings/load-recording.ts';
import { closeComputeWorkers } from '../../services/jobs/compute-job.ts';
import { openDatabase } from '../../services/storage/database.ts';
import { createPatient, createSession } from '../../services/storage/patients.ts';
import type { StoredRun } from '../../services/storage/runs.ts';
import { comparisonJob, trainingJob } from '../../services/training/app-training.ts';
import type { Attempt, FamilyComparison, TrainingInput } from '../../contract/api.ts';

/**
 * One model's prediction latency, as the online runtime calls it: 50 warm-up windows, then 1000 timed ones, printed
 * as `training.onnx-predict.NAME.PROVIDER.p50` and `.p99` (target < 2 ms). The model is released afterwards.
 */
async function reportPredictLatency(context: Parameters<BenchSuite['run']>[0], name: string, model: Awaited<ReturnType<typeof loadModel>>, windows: Float32Array[], input: string): Promise<void> {
  for (let i = 0; i < 50; i++) await predictWindow(model, windows[i % windows.length]);
  const latencies: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    await predictWindow(model, windows[i % windows.length]);
    latencies.push(performance.now() - t0);
  }
  const note = `provider ${model.provider}; ${input}`;
  context.report({ name: `training.onnx-predict.${name}.${model.provider}.p50`, value: percentile(latencies, 50), unit: 'ms', n: latencies.length, note });
  context.report({ name: `training.onnx-predict.${name}.${model.provider}.p99`, value: percentile(latencies, 99), unit: 'ms', n: latencies.length, note: `${note}; target < 2 ms` });
  await model.session.release();
}

/**
 * The app's `training.start` and `training.compare` jobs end to end, as the job runner calls them: the worker
 * thread (kept between jobs, as in the app), loading and band-passing the runs, training, the models checked in
 * onnxruntime, the attempts stored in a scratch database. The first job also pays for starting the worker.
 */
async function appJobFigures(context: Parameters<BenchSuite['run']>[0], files: string[]): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-bench-app-'));
  const db = openDatabase(scratch, 'cli');
  try {
    const patient = createPatient(db, { code: 'BENCH-1', birthYear: null, lesionSide: 'unknown', dominantHand: 'unknown', notes: '' });
    const session = createSession(db, patient.id, '');
    // The jobs read only the ids and names of the runs; the files are the shared recordings themselves.
    const runs = files.map((f, i) => ({ id: i + 1, originalName: path.basename(f) }) as StoredRun);
    const storage = { db: () => db, dataDir: scratch, version: 'bench' };
    const base = { sessionId: session.id, runIds: runs.map((r) => r.id), cv: { kind: 'kfold' as const, k: 5, seed: 1 }, metric: 'coh' as const, permutations: 0 };
    // CPU time of the process (this thread and the worker's) beside wall time: on a shared, loaded machine the wall time says little.
    const job = async <R>(run: (ctx: { signal: AbortSignal; progress: () => void }) => Promise<R>) => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const result = await run({ signal: new AbortController().signal, progress: () => {} });
      const c = process.cpuUsage(c0);
      return { ms: performance.now() - t0, cpu: `${((c.user + c.system) / 1e6).toFixed(2)} s of CPU`, result };
    };
    const first = await job((ctx) => trainingJob(storage, { ...base, family: 'psd' } as TrainingInput, runs, files)(ctx));
    context.report({ name: 'training.app-job.psd.first', value: first.ms, unit: 'ms', n: 1, note: `training.start psd (automatic selection) with a new worker thread: worker start, load 3 runs, 5 folds, model checked, attempt stored; ${first.cpu}` });
    const families: TrainingInput['family'][] = ['psd', 'csp-lda', 'ts-lr', 'auto'];
    const targets: Record<string, string> = { psd: '< 1 s', 'csp-lda': '< 2 s', 'ts-lr': '< 3 s', auto: '' };
    for (const family of families) {
      const { ms, cpu, result } = await job((ctx) => trainingJob(storage, { ...base, family } as TrainingInput, runs, files)(ctx));
      const a = result as Attempt;
      const chosen = a.validation.choice ? `, chose ${a.validation.choice.family}` : '';
      context.report({ name: `training.app-job.${family}`, value: ms, unit: 'ms', n: 1, note: `training.start on the kept worker, S001 runs 4/8/12, 45 trials x 64 ch, 5-fold seed 1: accuracy ${(100 * a.validation.accuracy).toFixed(1)}%${chosen}, model ${a.model ? 'written and checked' : 'none'}; ${cpu}${targets[family] ? `; target ${targets[family]}` : ''}` });
    }
    const { ms, cpu, result } = await job((ctx) => comparisonJob(storage, { sessionId: session.id, runIds: base.runIds, cv: base.cv, metric: 'coh' }, runs, files)(ctx));
    const c = result as FamilyComparison;
    context.report({ name: 'training.app-job.comparison', value: ms, unit: 'ms', n: 1, note: `training.compare (psd, fc, mixed by automatic selection; csp-lda, ts-lr, auto), two workers (per-window and standard families, each loads the runs), tangent spaces fitted on two threads: ${c.families.map((f) => `${f.family} ${(100 * f.accuracy).toFixed(1)}%`).join(', ')}; ${cpu}; target < 10 s` });
  } finally {
    db.close();
    await closeComputeWorkers();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const trainingSuite: BenchSuite = {
  async run(context) {
    const files = [4, 8, 12].map((run) => path.join(context.dataDir, 'physionet-eegmmidb', 'S001', `S001R${String(run).padStart(2, '0')}.edf`));
    await appJobFigures(context, files);
    const recordings = await Promise.all(files.map((f) => loadRecording(f)));
    const raw = extractEpochs(recordings, { classes: ['T1', 'T2'], ...defaultEpochDefinition });
    const epochs = rereference(raw, { kind: 'car' });
    const labels = Uint8Array.from(epochs.trials, (t) => t.classIndex);

    // Cached features: spectra computed once, as the app's feature cache holds them.
    const psd = welchFeatures(epochs, { fminHz: 7, fmaxHz: 35 });
    const set = buildCandidates([{ family: 'psd', channels: psd.channels, freqsHz: psd.freqsHz, values: psd.values }], {
      fminHz: 7, fmaxHz: 35, bandWidthsBins: defaultSelection.bandWidthsHz, channels: defaultSelection.channels,
    });
    const rule: SelectionRule = { nFeatures: 3, featuresPerChannel: 1, sign: 'any', activeClass: 0 };
    const folds = stratifiedKFold(labels, 10, 1);
    const times: number[] = [];
    let accuracy = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      accuracy = crossValidate(featurePipeline(set, labels, 'slda', { rule }), labels, folds).accuracy;
      times.push(performance.now() - t0);
    }
    context.report({ name: 'training.nested-selection-slda.10fold', value: percentile(times, 50), unit: 'ms', n: times.length, note: `median; ${set.candidates.length} candidates, ${labels.length} trials, accuracy ${(100 * accuracy).toFixed(1)}%; target < 200 ms` });

    const searchTimes: number[] = [];
    let nested = 0;
    let scored = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const result = searchFeatureSets(set, labels, folds, { poolSize: 12, maxSize: 3, classifier: 'slda', innerFolds: 5, seed: 1, timeBudgetMs: 60_000, now: () => performance.now() });
      searchTimes.push(performance.now() - t0);
      nested = result.nestedAccuracy;
      scored = result.subsetsScored;
    }
    context.report({ name: 'training.search.subsets-of-3-among-12.nested', value: percentile(searchTimes, 50), unit: 'ms', n: searchTimes.length, note: `median; ${scored} subset scorings (10 outer x 5 inner folds), nested accuracy ${(100 * nested).toFixed(1)}%; target < 5000 ms` });

    // MOABB's TS + LR on 45 trials x 64 channels (band-passed continuous runs, 0-3 s): the fit of the final model.
    const standard = prepareProcedureData(recordings, { classes: ['T1', 'T2'], ...defaultEpochDefinition }, { families: ['ts-lr'] });
    const fitTimes: number[] = [];
    let fitted = fitTangentSpaceWithVectors(standard.data.covariances, standard.data.nChannels);
    let lr = fitClassifier('logreg', fitted.vectors, standard.labels);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      fitted = fitTangentSpaceWithVectors(standard.data.covariances, standard.data.nChannels);
      lr = fitClassifier('logreg', fitted.vectors, standard.labels);
      fitTimes.push(performance.now() - t0);
    }
    context.report({ name: 'training.ts-lr.fit-45-trials-64-channels', value: percentile(fitTimes, 50), unit: 'ms', n: fitTimes.length, note: 'median; Riemannian mean (to |J| < 1e-8), 45 tangent vectors (2080 features), logistic regression C = 1; target < 1000 ms' });
    const standardModel: ExportedPipeline = {
      kind: 'ts', channels: [...standard.epochs.channels], sampleRateHz: standard.epochs.sampleRateHz, nSamples: standard.epochs.nSamples, reference: 'none',
      model: lr, inverseSqrtReference: fitted.model.inverseSqrtReference, timeFilter: null,
    };

    // Online prediction: raw 64 x 480 window → model → probabilities.
    const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-bench-'));
    try {
      const standardFile = path.join(scratch, 'ts-lr.onnx');
      writeFileSync(standardFile, encodePipelineModel(standardModel, { window: defaultEpochDefinition, classes: ['T1', 'T2'], family: 'ts-lr', classifier: 'logreg', features: [], report: null, softwareVersion: 'bench', prefilter: prefilterDeclaration(standardBandHz) }));
      {
        const windows = standard.epochs.trials.map((t) => Float32Array.from(t.data));
        await reportPredictLatency(context, 'ts-lr', await loadModel(standardFile, 'cpu'), windows, "band-passed 64 x 480 window (the runtime's causal prefilter not included), OAS, 108 64 x 64 products, 2080 features");
      }
      for (const family of ['psd', 'csp', 'ts'] as const) {
        const classifier = family === 'csp' ? 'lda' : family === 'ts' ? 'logreg' : 'slda';
        const band = family === 'psd' ? [7, 35] : [8, 30];
        const result = trainPipeline(epochs, 'car', { ...defaultTraining, family, classifier, fminHz: band[0], fmaxHz: band[1], cv: { kind: 'kfold', k: 5, seed: 1 }, nBootstrap: 0 });
        const file = path.join(scratch, `${family}.onnx`);
        writeFileSync(file, encodePipelineModel(result.exported!, { window: defaultEpochDefinition, classes: ['T1', 'T2'], family, classifier, features: result.features, report: null, softwareVersion: 'bench' }));
        const choices: ProviderChoice[] = cudaLibraryPresent() ? ['cpu', 'cuda'] : ['cpu'];
        if (!cudaLibraryPresent()) context.log('CUDA provider of onnxruntime-node not installed: CUDA latency not measured');
        for (const choice of choices) {
          await reportPredictLatency(context, family, await loadModel(file, choice), raw.trials.map((t) => Float32Array.from(t.data)), '64 channels x 480 samples (3 s at 160 Hz)');
        }
      }
      // The other standard families as trainStandard exports them (3 outer folds; the final model on every trial),
      // fed with their own check windows: band-passed (csp-lda), one copy per band (fbcsp), raw (psd-slda).
      for (const family of ['csp-lda', 'fbcsp', 'psd-slda'] as const) {
        const result = trainStandard(recordings.map((r, i) => ({ ...r, name: files[i] })), { classes: ['T1', 'T2'], ...defaultEpochDefinition }, { ...defaultStandardTraining, family, cv: { k: 3, seed: 1 } });
        const file = path.join(scratch, `standard-${family}.onnx`);
        writeFileSync(file, encodePipelineModel(result.exported!, { window: defaultEpochDefinition, classes: ['T1', 'T2'], family, classifier: family, features: [], report: null, softwareVersion: 'bench', prefilter: result.modelPrefilter ?? undefined }));
        const windows = result.modelChecks.map((c) => c.window);
        await reportPredictLatency(context, `standard-${family}`, await loadModel(file, 'cpu'), windows, `trainStandard's ${family} model on its input (${windows[0].length / 480} x 480), the runtime's causal prefilter not included`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
