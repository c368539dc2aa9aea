// `neurofeat train` for the default procedure and the standard families: flags in, the training service's report out (nested family choice, AUC, permutation p-value, the model with its declared prefilter).
import path from 'node:path';
import { numberFlag, printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { badInput } from '../../core/errors.ts';
import { candidateName, defaultChoiceOptions, standardFamilies, type StandardFamily } from '../../core/ml/family-choice.ts';
import { writeCheckedModel } from '../../services/training/model-file.ts';
import { trainStandardOnRecordings } from '../../services/training/standard-service.ts';
import { defaultClasses, loadTrainingRecordings, softwareVersion, splitList } from './training-flags.ts';

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
  const recordings = await loadTrainingRecordings(args);
  const classesFlag = stringFlag(args, 'classes');
  const classes = classesFlag !== undefined ? splitList(classesFlag, 'classes') : defaultClasses(recordings.flatMap((r) => r.events));
  if (classes.length !== 2) throw new UsageError(`--classes: expected two classes A,B, got '${classesFlag}'`);
  const provenance = out !== undefined ? { files: args.positionals.map((f) => path.basename(f)), softwareVersion: softwareVersion() } : undefined;
  const result = trainStandardOnRecordings(recordings, { family, classes, window, cv: { k, seed }, permutations }, {
    progress: json ? undefined : (stage, done, total) => { if (stage === 'permutations' && done % 10 !== 0 && done !== total) return; io.err(`train: ${stage} ${done}/${total}\n`); },
  }, provenance);
  const cvReport = result.validation;
  let model: { path: string | null; provider: string | null; note?: string } = { path: null, provider: null };
  if (out !== undefined) {
    if (!result.model) throw badInput(`--out: ${result.modelNote ?? 'this pipeline cannot be exported'}`);
    const written = await writeCheckedModel(result.model.bytes, result.model.checks, out);
    model = { path: written.path, provider: written.provider };
  } else if (result.modelNote) {
    model.note = result.modelNote;
  }
  const output = {
    family: result.choice.family, procedure: family, classes,
    window: { startSec: window.offsetSec, endSec: window.offsetSec + window.lengthSec },
    prefilter: result.prefilter,
    cv: cvReport,
    choice: result.choice,
    features: result.features,
    rejected: result.rejected,
    model,
    elapsedMs: Math.round(performance.now() - started),
  };
  if (json) printJson(io, output);
  else {
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    io.out(`${family === 'auto' ? `default procedure, chosen family ${result.choice.family}` : family}, ${classes.join(' vs ')}, ${cvReport.nTrials} trials, ${cvReport.scheme}\n`);
    io.out(`accuracy ${pct(cvReport.accuracy)} (95% CI ${pct(cvReport.ci95[0])}-${pct(cvReport.ci95[1])}), AUC ${cvReport.auc.toFixed(3)}, balanced ${pct(cvReport.balancedAccuracy)}, kappa ${cvReport.kappa.toFixed(3)}, chance level ${pct(cvReport.chanceLevel)}${cvReport.pValue !== null ? `, permutation p = ${cvReport.pValue.toFixed(4)} (${cvReport.permutations} permutations)` : ''}\n`);
    io.out(`confusion [true][predicted]: ${JSON.stringify(cvReport.confusion)}\n`);
    cvReport.folds.forEach((f, i) => io.out(`fold ${i + 1}:${'chosen' in f ? ` chose ${candidateName({ family: f.chosen as StandardFamily, hyperparameters: f.hyperparameters ?? {} })}, accuracy ${pct(f.accuracy as number)}` : ''} test=${f.test.join(',')} train=${f.train.join(',')}\n`));
    if (family === 'auto') {
      io.out(`choice on all trials (inner ${defaultChoiceOptions.innerFolds}-fold): ${Object.entries(result.choice.inner).map(([name, s]) => `${name} ${pct(s.accuracy)} AUC ${s.auc.toFixed(2)}`).join(', ')} -> ${candidateName({ family: result.choice.family, hyperparameters: result.choice.hyperparameters ?? {} })}\n`);
    }
    io.out(model.path ? `model ${model.path} (checked with onnxruntime ${model.provider})\n` : `no model written${model.note ? `: ${model.note}` : ''}\n`);
  }
  return 0;
}
