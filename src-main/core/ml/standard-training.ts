// The default training from whole recordings: MOABB preprocessing, the per-patient family choice scored nested, optional permutation p-value, the exportable final model.
import { badInput } from '../errors.ts';
import type { EpochOptions, Epochs, SignalSource } from '../epochs.ts';
import type { ExportedPipeline } from '../onnx/pipeline-graph.ts';
import type { Labels } from './classifiers.ts';
import { chooseFamily, crossValidateFamily, defaultChoiceOptions, familyPipeline, nestedFamilyChoice, standardFamilies, TangentSpaceCache, type ChoiceOptions, type FamilyChoice, type FittedFamily, type HeldOutScore, type NestedResult, type StandardFamily } from './family-choice.ts';
import { stratifiedKFold, type Fold } from './folds.ts';
import type { Metrics } from './metrics.ts';
import { permutationTest, type PermutationTest } from './permutation.ts';
import { prepareProcedureData, type ProcedureInput } from './procedure-data.ts';
import { exportStandardModel, type StandardModelCheck } from './standard-export.ts';
import { prefilterDeclaration, standardBandHz, type PrefilterDeclaration } from './standard-preprocessing.ts';

export interface StandardTrainOptions {
  /** 'auto': the per-patient choice among `choice.candidates`; a family name trains that family alone. */
  family: 'auto' | StandardFamily;
  /** Outer folds: stratified k-fold with a seed. */
  cv: { k: number; seed: number };
  choice: ChoiceOptions;
  /** Label permutations of the nested accuracy (0: none). */
  permutations: number;
  /** Also score every candidate family alone on the outer folds (the comparison rows). */
  scoreFamilies: boolean;
  progress?: (stage: string, done: number, total: number) => boolean | void;
}

export const defaultStandardTraining: StandardTrainOptions = {
  family: 'auto',
  cv: { k: 5, seed: 1 },
  choice: defaultChoiceOptions,
  permutations: 0,
  scoreFamilies: false,
};

export interface StandardTrainResult {
  /** Trials as cut from the band-passed recordings. */
  epochs: Epochs;
  labels: Labels;
  folds: Fold[];
  /** Outer-fold metrics of the procedure (the choice included when family is 'auto'). */
  nested: Metrics & { auc: number; probability: Float64Array };
  /** Per outer fold: the family chosen and the inner scores (auto only). */
  foldChoices: NestedResult['folds'] | null;
  /** The family of the final model, with the inner scores on all trials when chosen. */
  choice: FamilyChoice;
  /** Every family alone on the same outer folds, when asked. */
  families: Partial<Record<StandardFamily, HeldOutScore>>;
  permutation: PermutationTest | null;
  final: FittedFamily;
  finalProbability: Float64Array;
  /** The band-pass training applied to the continuous recordings of the covariance families (8-32 Hz). */
  prefilter: PrefilterDeclaration;
  /** The final model as an ONNX pipeline (every standard family exports). */
  exported: ExportedPipeline | null;
  exportNote?: string;
  /** What the exported model's input needs and its metadata declares: 8-32 Hz, fbcsp's filter bank, or null (psd-slda: raw window). */
  modelPrefilter: PrefilterDeclaration | null;
  /** Windows cut exactly as the model's input, with the final model's probabilities: run them through onnxruntime before keeping a model. */
  modelChecks: StandardModelCheck[];
}

/**
 * Trains from whole recordings as MOABB does (8-32 Hz zero-phase band-pass of the continuous recordings, no
 * re-reference, the epoch window of `epochOptions`), scores the procedure with nested cross-validation and fits the
 * final model on every trial, exported as an ONNX pipeline with check windows (`exportStandardModel`).
 */
export function trainStandard(recordings: SignalSource[], epochOptions: EpochOptions, options: StandardTrainOptions = defaultStandardTraining, prepared?: ProcedureInput & { cache?: TangentSpaceCache }): StandardTrainResult {
  const candidates = options.family === 'auto' ? options.choice.candidates : [options.family];
  for (const f of candidates) if (!standardFamilies.includes(f)) throw badInput(`family: unknown '${f}'; allowed: auto, ${standardFamilies.join(', ')}`);
  const wanted = options.scoreFamilies ? [...new Set([...candidates, ...standardFamilies])] : candidates;
  // `prepared`: the same recordings and epoch options, prepared once (with the tangent spaces fitted) for several trainings (the app's comparison).
  const { epochs, labels, data } = prepared ?? prepareProcedureData(recordings, epochOptions, { families: wanted });
  // The folds first: too few trials for them is said before any tangent space is fitted.
  const folds = stratifiedKFold(labels, options.cv.k, options.cv.seed, epochs.classes);
  const cache = prepared?.cache ?? new TangentSpaceCache(data.covariances, data.nChannels);
  const choiceOptions = { ...options.choice, candidates };
  const fixed = options.family === 'auto' ? null : options.family;
  /** The outer-fold score of the procedure: the nested choice, or the one family given. */
  const score = (y: Labels, folds: Fold[]): { metrics: StandardTrainResult['nested']; choices: NestedResult['folds'] | null } => {
    if (fixed) return { metrics: crossValidateFamily(fixed, data, y, folds, cache), choices: null };
    const run = nestedFamilyChoice(data, y, folds, choiceOptions, cache);
    return { metrics: run, choices: run.folds };
  };
  const { metrics: nested, choices: foldChoices } = score(labels, folds);
  options.progress?.('nested', 1, 1);

  const families: StandardTrainResult['families'] = {};
  if (options.scoreFamilies) {
    wanted.forEach((f, i) => {
      const r = crossValidateFamily(f, data, labels, folds, cache);
      families[f] = { accuracy: r.accuracy, auc: r.auc };
      options.progress?.('families', i + 1, wanted.length);
    });
  }

  let permutation: PermutationTest | null = null;
  if (options.permutations > 0) {
    permutation = permutationTest(
      (y) => score(y, stratifiedKFold(y, options.cv.k, options.cv.seed)).metrics.accuracy,
      labels, options.permutations, options.cv.seed,
      (done, total) => options.progress?.('permutations', done, total),
    );
  }

  const all = Array.from(labels, (_, i) => i);
  const choice: FamilyChoice = fixed ? { family: fixed, inner: {} } : chooseFamily(data, labels, all, choiceOptions, cache);
  const final = familyPipeline(choice.family, data, labels, cache, choice.hyperparameters).fit(all);
  const finalProbability = final.probability(all);
  const prefilter = prefilterDeclaration(standardBandHz);
  const model = exportStandardModel(final, { recordings, epochOptions, epochs, data, finalProbability });
  return {
    epochs, labels, folds, nested, foldChoices, choice, families, permutation, final, finalProbability, prefilter,
    exported: model.pipeline, modelPrefilter: model.prefilter, modelChecks: model.checks,
  };
}
