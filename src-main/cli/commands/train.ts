// `neurofeat train FILE... --family F --classifier K --out MODEL.onnx`: honest cross-validation, selected features with stability, one ONNX model.
import path from 'node:path';
import { numberFlag, printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { checkInputFile } from '../input-file.ts';
import { badInput } from '../../core/errors.ts';
import { defaultEpochDefinition } from '../../core/epochs.ts';
import { parseReference } from '../../core/dsp/reference.ts';
import { classifierKinds, type ClassifierKind } from '../../core/ml/classifiers.ts';
import { connectivityMetrics, type ConnectivityMetric } from '../../core/features/connectivity.ts';
import { defaultTraining, happyFeatSelection, trainFamilies, type TrainFamily, type TrainOptions } from '../../core/ml/train.ts';
import { trainingClasses, trainOnRecordings, type TrainingSpec } from '../../services/training/training-service.ts';
import { writeCheckedModel } from '../../services/training/model-file.ts';
import { loadTrainingRecordings, parseFeatures, parseWindowFlag, softwareVersion, splitList } from './training-flags.ts';
import { featureFamilyFlags, runStandardTraining, standardFamilyFlags } from './train-standard.ts';
import type { StandardFamily } from '../../core/ml/family-choice.ts';
import { withdrawnFamilyNames } from '../../contract/api.ts';

function choice<T extends string>(args: Parameters<Command['run']>[0], flag: string, allowed: readonly T[], fallback: T): T {
  const raw = stringFlag(args, flag);
  if (raw === undefined) return fallback;
  const found = allowed.find((a) => a === raw);
  if (!found) throw new UsageError(`--${flag}: '${raw}' is not known; allowed: ${allowed.join(', ')}`);
  return found;
}

export const trainCommand: Command = {
  help: `Usage: neurofeat train FILE... [--family F] [--classifier K] [--features C3:8-12,... | --auto N] [--cv K|runs] [--out MODEL.onnx] [--json]

Cuts the epochs of the two classes in every file, re-references, computes the family's features and
cross-validates the whole pipeline: automatic selection, CSP filters, the tangent-space reference point and
feature scaling are refitted inside every training fold, so the accuracy is honest. The folds are printed
(trial numbers as in CLI.md) so that another tool can reuse them. The final model, fitted on all trials, is
written as one ONNX file mapping a raw window [channels][samples] (µV) to class probabilities.
  --family F        auto (default: per patient, an inner cross-validation chooses among ts-svm, fgmdm,
                    ts-lr, csp-lda, fbcsp, psd-slda; the outer folds score the whole procedure), one of those
                    standard families (8-32 Hz band-pass of the continuous recordings, no re-reference, as MOABB),
                    or the per-window families psd, fc, mixed, csp, ts. mdm is no longer offered (below chance);
                    models trained with it still predict
  --permutations N  label permutations of the whole procedure: p-value of the nested accuracy (auto/standard)
  --classifier K    slda (default), lda, logreg, svm (ts defaults to logreg)
  --features LIST   explicit features CHANNEL:LO-HI or CHANNEL:HZ, optional family prefix fc:C3:10-12
  --auto N          automatic selection of N features (default 3)
  --selection S     neurofeat (default: sensorimotor channels, 1/2/4 Hz bands) or happyfeat (single bins, top 3)
  --bands LIST      band widths tried by automatic selection, Hz (default 1,2,4)
  --per-channel K   features per channel (default 1)
  --sign S          any (default) or desync (power must drop in the active class)
  --active-class C  the class whose power drops for --sign desync (default: the second class)
  --channels LIST   channels searched by automatic selection (default: sensorimotor ones, else all)
  --exclude LIST    channels never used (e.g. the lesioned hemisphere's)
  --psd welch|burg  PSD estimator (default welch; burg is HappyFeat's and cannot be exported)
  --metric M        connectivity metric for fc/mixed: ${connectivityMetrics.join(', ')} (default coh)
  --cv K|runs       K-fold stratified (default 10, 5 for auto/standard, shuffled with --seed) or leave-one-run-out (one file = one run)
  --bootstrap N     bootstrap resamples for the stability of selected features (default 50)
  --classes A,B     event codes or annotation texts (default 769,770 or T1,T2)
  --window S:E      seconds relative to the cue (default 0:3)
  --drawn-onsets L  one JSON file per FILE ('-' for none): the run's cue timing as the app stores it ({"cues":
                    [{"sample","drawnLatencyMs"}]}); each cue is moved by round(latency x fs / 1000) samples to
                    when the patient's screen drew it before cutting epochs (default: the markers as recorded)
  --reference R     car (default) or none
  --fmin --fmax     range searched (psd/fc/mixed, default 7-35 Hz) or band-pass (csp/ts, default 8-30 Hz)
  --search K        also rank every subset of up to K features among the --pool best (default 12) by
                    cross-validated accuracy, with the search itself evaluated nested (--search-budget SEC, default 60)
  --out FILE        where to write the model (no model is written when omitted or on error)`,
  options: {
    family: { type: 'string' },
    classifier: { type: 'string' },
    features: { type: 'string' },
    auto: { type: 'string' },
    selection: { type: 'string' },
    bands: { type: 'string' },
    'per-channel': { type: 'string' },
    sign: { type: 'string' },
    'active-class': { type: 'string' },
    channels: { type: 'string' },
    exclude: { type: 'string' },
    metric: { type: 'string' },
    psd: { type: 'string' },
    cv: { type: 'string' },
    bootstrap: { type: 'string' },
    classes: { type: 'string' },
    window: { type: 'string' },
    reference: { type: 'string' },
    fmin: { type: 'string' },
    fmax: { type: 'string' },
    out: { type: 'string' },
    search: { type: 'string' },
    pool: { type: 'string' },
    'search-budget': { type: 'string' },
    permutations: { type: 'string' },
    'drawn-onsets': { type: 'string' },
  },
  async run(args, io) {
    const started = performance.now();
    const json = args.values.json === true;
    if (args.positionals.length === 0) throw new UsageError('expected at least one recording FILE');
    for (const file of args.positionals) checkInputFile(file);
    // Without --family, flags that only the per-window feature families take (--features, --auto, --search, ...) select psd.
    const featureOnly = featureFamilyFlags.some((flag) => stringFlag(args, flag) !== undefined);
    const familyFlag = stringFlag(args, 'family') ?? (featureOnly ? 'psd' : 'auto');
    const window = parseWindowFlag(stringFlag(args, 'window') ?? `${defaultEpochDefinition.offsetSec}:${defaultEpochDefinition.offsetSec + defaultEpochDefinition.lengthSec}`);
    if ((withdrawnFamilyNames as readonly string[]).includes(familyFlag)) {
      throw new UsageError(`--family ${familyFlag} is no longer offered: it is below chance on PhysioNet (its distances follow the run a trial comes from, not the class; docs/training.md, "Why MDM is not offered"); use auto or fgmdm. Models already trained with it still predict`);
    }
    if (!standardFamilyFlags.includes(familyFlag) && !(trainFamilies as readonly string[]).includes(familyFlag)) {
      throw new UsageError(`--family: '${familyFlag}' is not known; allowed: ${[...standardFamilyFlags, ...trainFamilies].join(', ')}`);
    }
    if (standardFamilyFlags.includes(familyFlag)) return runStandardTraining(args, io, familyFlag as 'auto' | StandardFamily, window);
    if (stringFlag(args, 'permutations') !== undefined) throw new UsageError(`--permutations applies to --family ${standardFamilyFlags.join(', ')}`);
    const family = choice<TrainFamily>(args, 'family', trainFamilies, 'psd');
    const classifier = choice<ClassifierKind>(args, 'classifier', classifierKinds, family === 'ts' ? 'logreg' : 'slda');
    const metric = choice<ConnectivityMetric>(args, 'metric', connectivityMetrics, 'coh');
    const referenceSpec = parseReference(stringFlag(args, 'reference') ?? 'car');
    const reference = referenceSpec.kind === 'car' ? 'car' : 'none';
    const seed = numberFlag(args, 'seed', 1, 0, 2 ** 32 - 1);
    const cvFlag = stringFlag(args, 'cv') ?? '10';
    let cv: TrainOptions['cv'];
    if (cvFlag === 'runs') cv = { kind: 'runs' };
    else {
      const k = Number(cvFlag);
      if (!Number.isInteger(k) || k < 2) throw new UsageError(`--cv: expected a number of folds ≥ 2 or 'runs', got '${cvFlag}'`);
      cv = { kind: 'kfold', k, seed };
    }
    const featuresFlag = stringFlag(args, 'features');
    const features = featuresFlag !== undefined ? parseFeatures(featuresFlag) : undefined;
    if (features && stringFlag(args, 'auto') !== undefined) throw new UsageError('--features and --auto exclude each other');
    if (features && (family === 'csp' || family === 'ts')) throw new UsageError(`--features: the ${family} family has no channel/band features`);
    const preset = choice(args, 'selection', ['neurofeat', 'happyfeat'] as const, 'neurofeat');
    const base = preset === 'happyfeat' ? happyFeatSelection : defaultTraining.selection;
    const signFlag = choice(args, 'sign', ['any', 'desync'] as const, base.sign);
    const selection = {
      ...base,
      nFeatures: numberFlag(args, 'auto', base.nFeatures, 1, 1000),
      featuresPerChannel: numberFlag(args, 'per-channel', base.featuresPerChannel, 1, 100),
      bandWidthsHz: stringFlag(args, 'bands') !== undefined ? splitList(stringFlag(args, 'bands')!, 'bands').map((w) => {
        const v = Number(w);
        if (!(v > 0)) throw new UsageError(`--bands: expected positive widths in Hz, got '${w}'`);
        return v;
      }) : base.bandWidthsHz,
      sign: signFlag,
      channels: stringFlag(args, 'channels') !== undefined ? splitList(stringFlag(args, 'channels')!, 'channels') : base.channels,
      excludeChannels: stringFlag(args, 'exclude') !== undefined ? splitList(stringFlag(args, 'exclude')!, 'exclude') : undefined,
    };
    const bandDefault = family === 'csp' || family === 'ts' ? [8, 30] : preset === 'happyfeat' ? [7, 35] : [defaultTraining.fminHz, defaultTraining.fmaxHz];
    let fminHz = numberFlag(args, 'fmin', bandDefault[0], 0);
    let fmaxHz = numberFlag(args, 'fmax', bandDefault[1], 0);
    if (features) {
      // Explicit features may lie outside the default search range: compute the spectrum over all of them.
      fminHz = Math.min(fminHz, ...features.map((f) => f.bandHz[0]));
      fmaxHz = Math.max(fmaxHz, ...features.map((f) => f.bandHz[1]));
    }
    const out = stringFlag(args, 'out');

    const recordings = await loadTrainingRecordings(args);
    const classesFlag = stringFlag(args, 'classes');
    const classes = classesFlag !== undefined ? splitList(classesFlag, 'classes') : trainingClasses(recordings.flatMap((r) => r.events), undefined);
    if (classes.length !== 2) throw new UsageError(`--classes: expected two classes A,B, got '${classesFlag}'`);
    const activeClassFlag = stringFlag(args, 'active-class');
    let activeClass: 0 | 1 = 1;
    if (activeClassFlag !== undefined) {
      const index = classes.indexOf(activeClassFlag);
      if (index < 0) throw new UsageError(`--active-class: '${activeClassFlag}' is not one of the classes ${classes.join(',')}`);
      activeClass = index as 0 | 1;
    }
    const search = stringFlag(args, 'search') !== undefined ? {
      maxSize: numberFlag(args, 'search', 3, 1, 8),
      poolSize: numberFlag(args, 'pool', 12, 1, 40),
      timeBudgetMs: 1000 * numberFlag(args, 'search-budget', 60, 0.1, 86400),
    } : undefined;
    if (search && (features || family === 'csp' || family === 'ts')) throw new UsageError('--search works with automatic selection of psd, fc or mixed features');
    const spec: TrainingSpec = {
      family, classifier, classes, window, reference, features, fminHz, fmaxHz, cv, seed, connectivityMetric: metric,
      psdMethod: choice(args, 'psd', ['welch', 'burg'] as const, 'welch'),
      selection: { ...selection, activeClass },
      nBootstrap: numberFlag(args, 'bootstrap', defaultTraining.nBootstrap, 0, 10000),
      search,
    };
    const outcome = trainOnRecordings(recordings, spec, {
      progress: json ? undefined : (done, total) => { io.err(`train: fold ${done}/${total}\n`); },
      searchProgress: json ? undefined : (done, total) => { if (done % 500 === 0 || done === total) io.err(`train: search ${done}/${total} subsets\n`); },
    }, out !== undefined ? { files: args.positionals.map((f) => path.basename(f)), softwareVersion: softwareVersion() } : undefined);
    const cvReport = outcome.validation;
    let model: { path: string | null; provider: string | null; note?: string } = { path: null, provider: null };
    if (out !== undefined) {
      if (!outcome.model) throw badInput(`--out: ${outcome.modelNote ?? 'this pipeline cannot be exported'}`);
      model = await writeCheckedModel(outcome.model.bytes, outcome.model.checks, out);
    } else if (outcome.modelNote) {
      model.note = outcome.modelNote;
    }
    const result = { features: outcome.features, search: outcome.search };
    const output = {
      family, classifier, classes,
      window: { startSec: window.offsetSec, endSec: window.offsetSec + window.lengthSec },
      cv: cvReport,
      features: result.features,
      rejected: outcome.rejected,
      model,
      search: result.search,
      elapsedMs: Math.round(performance.now() - started),
    };
    if (json) printJson(io, output);
    else {
      const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
      io.out(`${family} + ${classifier}, ${classes.join(' vs ')}, ${cvReport.nTrials} trials, ${cvReport.scheme}\n`);
      io.out(`accuracy ${pct(cvReport.accuracy)} (95% CI ${pct(cvReport.ci95[0])}-${pct(cvReport.ci95[1])}), balanced ${pct(cvReport.balancedAccuracy)}, kappa ${cvReport.kappa.toFixed(3)}\n`);
      io.out(cvReport.accuracy > cvReport.chanceLevel
        ? `above the significance threshold: chance exceeds ${pct(cvReport.chanceLevel)} only 5% of the time at ${cvReport.nTrials} trials\n`
        : `NOT above the significance threshold: chance exceeds ${pct(cvReport.chanceLevel)} 5% of the time at ${cvReport.nTrials} trials, so this accuracy may be luck\n`);
      io.out(`confusion [true][predicted]: ${JSON.stringify(cvReport.confusion)}\n`);
      cvReport.folds.forEach((f, i) => io.out(`fold ${i + 1}: accuracy ${pct(f.accuracy)} test=${f.test.join(',')} train=${f.train.join(',')}\n`));
      for (const f of result.features) io.out(`feature ${f.family} ${f.channel} ${f.bandHz[0]}-${f.bandHz[1]} Hz stability ${f.stability.toFixed(2)}\n`);
      if (result.search) {
        io.out(`search: ${result.search.subsetsScored} subsets scored${result.search.truncated ? ' (time budget reached)' : ''}; nested accuracy of search-then-best ${pct(result.search.nestedAccuracy)}\n`);
        for (const r of result.search.ranking.slice(0, 10)) io.out(`  ${pct(r.accuracy)} ${r.features.map((f) => `${f.channel}:${f.bandHz[0]}-${f.bandHz[1]}`).join(' ')}\n`);
      }
      io.out(model.path ? `model ${model.path} (checked with onnxruntime ${model.provider})\n` : `no model written${model.note ? `: ${model.note}` : ''}\n`);
    }
    return 0;
  },
};
