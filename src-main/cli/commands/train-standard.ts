// `neurofeat train` for the default procedure and the standard families: nested family choice, AUC, permutation p-value, the model with its declared prefilter.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { numberFlag, printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { badInput } from '../../core/errors.ts';
import { cleanChannelLabel } from '../../core/montage.ts';
import { candidateName, defaultChoiceOptions, standardFamilies, type StandardFamily } from '../../core/ml/family-choice.ts';
import { defaultStandardTraining, trainStandard } from '../../core/ml/standard-training.ts';
import { encodePipelineModel } from '../../core/onnx/export.ts';
import { loadModel, predictWindow } from '../../engine/inference/onnx-session.ts';
import { loadRecording } from '../../services/recordings/load-recording.ts';
import { defaultClasses, softwareVersion, splitList } from './training-flags.ts';

/** The families `--family` routes here: the procedure ('auto') and the standard pipelines. */
export const standardFamilyFlags: readonly string[] = ['auto', ...standardFamilies];

/** Flags of the per-window families (psd, fc, mixed, csp, ts) that the standard families refuse. */
export const featureFamilyFlags: readonly string[] = ['features', 'auto', 'search', 'pool', 'search-budget', 'selection', 'bands', 'per-channel', 'sign', 'active-class', 'channels', 'exclude', 'metric', 'psd', 'classifier', 'fmin', 'fmax', 'reference', 'bootstrap'];

type Args = Parameters<Command['run']>[0];
type Io = Parameters<Command['run']>[1];

/** Runs the default procedure (`family` 'auto') or one standard family from the command's arguments. */
export async function runStandardTraining(args: Args, io: Io, family: 'auto' | StandardFamily, window: { offsetSec: number; lengthSec: number }): Promise<number> {
  const started = performance.now();
  const json = args.values.json === true;
  for (const flag of featureFamilyFlags) {
    if (stringFlag(args, flag) !== undefined) throw new UsageError(`--${flag} applies to the families psd, fc, mixed, csp and ts; --family ${family} uses the standard settings (8-32 Hz before epoching, no re-reference)`);
  }
  const seed = numberFlag(args, 'seed', 1, 0, 2 ** 32 - 1);
  const cvFlag = stringFlag(args, 'cv') ?? '5';
  const k = Number(cvFlag);
  if (!Number.isInteger(k) || k < 2) throw new UsageError(`--cv: expected a number of folds ≥ 2 for --family ${family}, got '${cvFlag}'`);
  const permutations = numberFlag(args, 'permutations', 0, 0, 100000);
  const out = stringFlag(args, 'out');
  const recordings = [];
  for (const file of args.positionals) recordings.push(await loadRecording(file));
  const classesFlag = stringFlag(args, 'classes');
  const classes = classesFlag !== undefined ? splitList(classesFlag, 'classes') : defaultClasses(recordings.flatMap((r) => r.events));
  if (classes.length !== 2) throw new UsageError(`--classes: expected two classes A,B, got '${classesFlag}'`);
  const result = trainStandard(recordings.map((r) => ({ ...r, name: r.path })), { classes, ...window }, {
    ...defaultStandardTraining,
    family,
    cv: { k, seed },
    choice: { ...defaultChoiceOptions, seed },
    permutations,
    progress: json ? undefined : (stage, done, total) => { if (stage === 'permutations' && done % 10 !== 0 && done !== total) return; io.err(`train: ${stage} ${done}/${total}\n`); },
  });
  const { epochs } = result;
  const trialNumber = (row: number) => epochs.trials[row].index;
  const cvReport = {
    accuracy: result.nested.accuracy,
    auc: result.nested.auc,
    balancedAccuracy: result.nested.balancedAccuracy,
    kappa: result.nested.kappa,
    ci95: result.nested.ci95,
    chanceLevel: result.nested.chanceLevel,
    pValue: result.permutation ? result.permutation.pValue : null,
    permutations: result.permutation ? result.permutation.null.length : 0,
    nTrials: result.nested.nTrials,
    confusion: result.nested.confusion,
    folds: result.folds.map((f, i) => ({
      train: f.train.map(trialNumber), test: f.test.map(trialNumber),
      ...(result.foldChoices ? { accuracy: result.foldChoices[i].accuracy, chosen: result.foldChoices[i].chosen, hyperparameters: result.foldChoices[i].hyperparameters, inner: result.foldChoices[i].inner } : {}),
    })),
    scheme: `stratified ${k}-fold, seed ${seed}${family === 'auto' ? `, family chosen by an inner ${defaultChoiceOptions.innerFolds}-fold cross-validation in each training set` : ''}`,
  };
  const features = [{ family: result.choice.family, channels: epochs.channels.map(cleanChannelLabel), bandHz: result.prefilter.bandHz }];
  let model: { path: string | null; provider: string | null; note?: string } = { path: null, provider: null };
  if (out !== undefined) {
    if (!result.exported) throw badInput(`--out: ${result.exportNote ?? 'this pipeline cannot be exported'}`);
    const bytes = encodePipelineModel(result.exported, {
      window, classes, family: result.choice.family, classifier: result.choice.family, features, prefilter: result.modelPrefilter ?? undefined,
      report: { cv: cvReport, choice: result.choice, rejected: epochs.rejected.map((r) => ({ trial: r.index, reason: r.reason, detail: r.detail })), files: args.positionals.map((f) => path.basename(f)) },
      softwareVersion: softwareVersion(),
    });
    const target = path.resolve(out);
    const temporary = `${target}.partial`;
    writeFileSync(temporary, bytes);
    const loaded = await loadModel(temporary, 'cpu');
    // The check windows are cut as the model's input (band-passed, per band for a filter bank, or raw for psd-slda).
    for (const check of result.modelChecks) {
      const p = await predictWindow(loaded, check.window);
      if (Math.abs(p[1] - check.probability) > 1e-4) {
        throw new Error(`model check failed: trial ${check.trial} gives ${p[1]} in onnxruntime and ${check.probability} in NeuroFeat`);
      }
    }
    await loaded.session.release();
    renameSync(temporary, target);
    model = { path: target, provider: loaded.provider };
  } else if (!result.exported) {
    model.note = result.exportNote;
  }
  const output = {
    family: result.choice.family, procedure: family, classes,
    window: { startSec: window.offsetSec, endSec: window.offsetSec + window.lengthSec },
    prefilter: result.prefilter,
    cv: cvReport,
    choice: result.choice,
    features,
    rejected: epochs.rejected.map((r) => ({ trial: r.index, onsetSec: r.onsetSec, reason: r.reason, detail: r.detail })),
    model,
    elapsedMs: Math.round(performance.now() - started),
  };
  if (json) printJson(io, output);
  else {
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    io.out(`${family === 'auto' ? `default procedure, chosen family ${result.choice.family}` : family}, ${classes.join(' vs ')}, ${result.nested.nTrials} trials, ${cvReport.scheme}\n`);
    io.out(`accuracy ${pct(cvReport.accuracy)} (95% CI ${pct(cvReport.ci95[0])}-${pct(cvReport.ci95[1])}), AUC ${cvReport.auc.toFixed(3)}, balanced ${pct(cvReport.balancedAccuracy)}, kappa ${cvReport.kappa.toFixed(3)}, chance level ${pct(cvReport.chanceLevel)}${result.permutation ? `, permutation p = ${result.permutation.pValue.toFixed(4)} (${result.permutation.null.length} permutations)` : ''}\n`);
    io.out(`confusion [true][predicted]: ${JSON.stringify(cvReport.confusion)}\n`);
    cvReport.folds.forEach((f, i) => io.out(`fold ${i + 1}:${'chosen' in f ? ` chose ${candidateName({ family: f.chosen as StandardFamily, hyperparameters: f.hyperparameters ?? {} })}, accuracy ${pct(f.accuracy as number)}` : ''} test=${f.test.join(',')} train=${f.train.join(',')}\n`));
    if (family === 'auto') {
      io.out(`choice on all trials (inner ${defaultChoiceOptions.innerFolds}-fold): ${Object.entries(result.choice.inner).map(([name, s]) => `${name} ${pct(s.accuracy)} AUC ${s.auc.toFixed(2)}`).join(', ')} -> ${candidateName({ family: result.choice.family, hyperparameters: result.choice.hyperparameters ?? {} })}\n`);
    }
    io.out(model.path ? `model ${model.path} (checked with onnxruntime ${model.provider})\n` : `no model written${model.note ? `: ${model.note}` : ''}\n`);
  }
  return 0;
}
