// The Train step as pure functions: the form, the `training.start` / `training.compare` inputs it becomes, the attempts table's order, the default procedure's choice in words.
import { comparisonInput, maxPermutations, standardFamilyNames, trainingInput, type classifierNames, type trainFamilyNames, type AppFamily, type Attempt, type AttemptFamily, type ComparisonInput, type FeatureJobInput, type StandardFamilyName, type TrainingInput } from '../../../src-main/contract/index.ts';
import { familyOf } from './extract-params.ts';
import { cleanChannelName } from './feature-views.ts';
import type { SelectedFeature } from './feature-selection.ts';

export type TrainFamilyName = (typeof trainFamilyNames)[number];
export type ClassifierName = (typeof classifierNames)[number];

/** What the Train form holds; numbers stay text until checked. */
export interface TrainForm {
  /** `auto` (the default procedure), a standard family, or a per-window family. */
  family: AppFamily;
  /** Per-window families only. `default`: the contract's (logistic regression for tangent space, shrinkage LDA otherwise). */
  classifier: 'default' | ClassifierName;
  validation: 'kfold' | 'runs';
  folds: string;
  /** Label permutations for a p-value (auto and the standard families); '0' or empty: none. */
  permutations: string;
  /** Cut each cue's epoch from when the patient's screen drew it (protocol runs' measured latencies); off by default. */
  drawnOnsets: boolean;
}

/** The family selector's order: the default procedure first, then the standard pipelines, then the per-window families. */
export const familyOptions: readonly AppFamily[] = ['auto', ...standardFamilyNames, 'psd', 'fc', 'mixed', 'csp', 'ts'];

/** Whether a family runs the standard path (8-32 Hz on the whole runs, every channel): `auto` and the standard families. */
export const isStandard = (family: AppFamily): family is 'auto' | StandardFamilyName => family === 'auto' || (standardFamilyNames as readonly string[]).includes(family);

/** How the features of psd/fc/mixed attempts are chosen (the Select step): the list, or automatic selection. */
export interface SelectionChoice {
  mode: 'chosen' | 'automatic';
  features: SelectedFeature[];
  constraints: AutoConstraints;
}

/** Automatic selection's constraints as typed on the Select step (text until checked). */
export interface AutoConstraints {
  nFeatures: string;
  sign: 'any' | 'desync';
  /** Channels searched, comma or space separated; empty: the contract's default (sensorimotor ones). */
  channels: string;
  /** Channels never used (e.g. over the lesion). */
  excludeChannels: string;
}

export const defaultAutoConstraints = (): AutoConstraints => ({ nFeatures: '', sign: 'any', channels: '', excludeChannels: '' });

/** What training is asked about besides the form: the extraction the features came from and the selection. */
export interface TrainingContext {
  sessionId: number;
  /** The feature job whose R² map the features were chosen on: its runs, classes, window and reference are reused. */
  extraction: FeatureJobInput;
  selection: SelectionChoice;
}

export type TrainField = 'family' | 'folds' | 'validation' | 'nFeatures' | 'features' | 'reference' | 'runs' | 'permutations';
export interface TrainProblem {
  field: TrainField;
  key: 'foldsNumber' | 'runsNeedTwo' | 'runsStandard' | 'permutationsNumber' | 'nFeaturesNumber' | 'noFeatures' | 'laplacian' | 'noRuns' | 'contract';
  params?: Record<string, string | number>;
}


/** The form's defaults: the default procedure, stratified 5-fold (the app's default folds), no permutations. */
export const defaultTrainForm = (): TrainForm => ({ family: 'auto', classifier: 'default', validation: 'kfold', folds: '5', permutations: '0', drawnOnsets: false });

/** Whether a family takes explicit or automatically selected features (csp, ts and the standard families learn from every channel). */
export const takesFeatures = (family: AttemptFamily): boolean => family === 'psd' || family === 'fc' || family === 'mixed';

/** Channel names typed with commas, semicolons or spaces; blanks and repeats dropped. */
export function parseChannelList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\s,;]+/)) if (part && !out.includes(part)) out.push(part);
  return out;
}

const metricOf = (extraction: FeatureJobInput): ComparisonInput['metric'] | undefined => {
  const m = extraction.method;
  return m === 'coh' || m === 'msc' || m === 'imcoh' || m === 'absimcoh' || m === 'plv' || m === 'wpli' ? m : undefined;
};

/**
 * The part training and comparison share: runs, classes, window, validation (and the fc metric); the reference of the
 * extraction for the per-window families (`standard`: none is sent, the standard settings have their own).
 */
function sharedInput(form: TrainForm, ctx: TrainingContext, problems: TrainProblem[], standard: boolean): ComparisonInput | null {
  const runIds = ctx.extraction.runIds ?? [];
  if (runIds.length === 0) problems.push({ field: 'runs', key: 'noRuns' });
  const reference = ctx.extraction.reference ?? 'car';
  if (reference === 'laplacian' && !standard) problems.push({ field: 'reference', key: 'laplacian' });
  let cv: ComparisonInput['cv'];
  if (form.validation === 'runs') {
    if (standard) problems.push({ field: 'validation', key: 'runsStandard' });
    else if (runIds.length < 2) problems.push({ field: 'validation', key: 'runsNeedTwo' });
    cv = { kind: 'runs', k: 5, seed: 1 };
  } else {
    const k = Number(form.folds.trim());
    if (!Number.isInteger(k) || k < 2 || k > 50) problems.push({ field: 'folds', key: 'foldsNumber', params: { value: form.folds } });
    cv = { kind: 'kfold', k, seed: 1 };
  }
  if (problems.length > 0) return null;
  const metric = metricOf(ctx.extraction);
  return {
    sessionId: ctx.sessionId,
    runIds,
    classes: ctx.extraction.classes,
    window: ctx.extraction.window,
    ...(standard || reference === 'laplacian' ? {} : { reference }),
    cv,
    metric: metric ?? 'coh',
    ...(form.drawnOnsets ? { drawnOnsets: true } : {}),
  };
}

/** The Select step's choice as a request's `features` (explicit, of the extraction's kind) or `selection` (automatic's constraints). */
function selectionFields(ctx: TrainingContext, problems: TrainProblem[], required: boolean): Pick<TrainingInput, 'features' | 'selection'> {
  const sel = ctx.selection;
  if (sel.mode === 'chosen') {
    if (sel.features.length === 0) {
      if (required) problems.push({ field: 'features', key: 'noFeatures' });
      return {};
    }
    // A feature says which map it was picked on; older saved selections take the extraction's kind.
    const featureFamily = familyOf(ctx.extraction.method ?? 'welch') === 'psd' ? 'psd' : 'fc';
    return { features: sel.features.map((f) => ({ channel: f.channel, fminHz: f.fminHz, fmaxHz: f.fmaxHz, family: f.family ?? featureFamily })) };
  }
  const c = sel.constraints;
  const selection: NonNullable<TrainingInput['selection']> = { sign: c.sign };
  if (c.nFeatures.trim()) {
    const n = Number(c.nFeatures.trim());
    if (!Number.isInteger(n) || n < 1 || n > 100) problems.push({ field: 'nFeatures', key: 'nFeaturesNumber', params: { value: c.nFeatures } });
    selection.nFeatures = n;
  }
  const channels = parseChannelList(c.channels);
  if (channels.length) selection.channels = channels;
  const excluded = parseChannelList(c.excludeChannels);
  if (excluded.length) selection.excludeChannels = excluded;
  return { selection };
}

/** The permutations typed, checked: a whole number from 0 to the contract's maximum (empty: 0). */
function permutationsOf(form: TrainForm, problems: TrainProblem[]): number {
  const text = form.permutations.trim();
  if (text === '') return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > maxPermutations) {
    problems.push({ field: 'permutations', key: 'permutationsNumber', params: { value: form.permutations, max: maxPermutations } });
    return 0;
  }
  return n;
}

const contractProblem = (path: string, message: string): TrainProblem => ({
  field: path.startsWith('cv') ? 'folds' : path.startsWith('selection.nFeatures') ? 'nFeatures' : path.startsWith('features') || path.startsWith('selection') ? 'features' : 'family',
  key: 'contract',
  params: { message: `${path}: ${message}` },
});

/** The `training.start` input, or every problem found, each naming its field; the contract's schema has the last word. */
export function trainingInputFor(form: TrainForm, ctx: TrainingContext): { ok: true; input: TrainingInput } | { ok: false; problems: TrainProblem[] } {
  const problems: TrainProblem[] = [];
  const standard = isStandard(form.family);
  const shared = sharedInput(form, ctx, problems, standard);
  const candidate: Record<string, unknown> = { ...shared, family: form.family };
  if (standard) {
    const permutations = permutationsOf(form, problems);
    if (permutations > 0) candidate.permutations = permutations;
  } else {
    if (form.classifier !== 'default') candidate.classifier = form.classifier;
    if (takesFeatures(form.family)) Object.assign(candidate, selectionFields(ctx, problems, true));
  }
  if (problems.length > 0 || !shared) return { ok: false, problems };
  const parsed = trainingInput.parse(candidate);
  if (!parsed.ok) return { ok: false, problems: [contractProblem(parsed.issue.path, parsed.issue.message)] };
  return { ok: true, input: parsed.value };
}

/** The `training.compare` input (psd, fc, mixed on the Select step's choice, csp-lda, ts-lr and the default procedure on the same folds), or the problems found. */
export function comparisonInputFor(form: TrainForm, ctx: TrainingContext): { ok: true; input: ComparisonInput } | { ok: false; problems: TrainProblem[] } {
  const problems: TrainProblem[] = [];
  // The comparison holds standard families: k-fold only; the per-window rows take the extraction's reference.
  const shared = sharedInput(form, ctx, problems, false);
  if (form.validation === 'runs') problems.push({ field: 'validation', key: 'runsStandard' });
  const chosen = selectionFields(ctx, problems, false);
  if (problems.length > 0 || !shared) return { ok: false, problems };
  const parsed = comparisonInput.parse({ ...shared, ...chosen });
  if (!parsed.ok) return { ok: false, problems: [contractProblem(parsed.issue.path, parsed.issue.message)] };
  return { ok: true, input: parsed.value };
}

export const attemptSortKeys = ['date', 'family', 'features', 'accuracy', 'auc', 'pValue', 'kappa'] as const;
export type AttemptSortKey = (typeof attemptSortKeys)[number];
export interface AttemptSort {
  key: AttemptSortKey;
  descending: boolean;
}

/** A column's value; null when the attempt has none (AUC of a per-window family, a p-value not asked for). */
const sortValue = (a: Attempt, key: AttemptSortKey): number | string | null => {
  switch (key) {
    case 'date': return a.createdAt;
    case 'family': return a.family;
    case 'features': return a.features.length;
    case 'accuracy': return a.validation.accuracy;
    case 'auc': return a.validation.auc ?? null;
    case 'pValue': return a.validation.permutation?.pValue ?? null;
    case 'kappa': return a.validation.kappa;
  }
};

/** The attempts in the table's order; attempts without the value last, in either direction; ties keep the newest first (then the highest id). */
export function sortAttempts(attempts: Attempt[], sort: AttemptSort): Attempt[] {
  const sign = sort.descending ? -1 : 1;
  return [...attempts].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    const c = va === null || vb === null ? (va === null ? 1 : 0) - (vb === null ? 1 : 0)
      : sign * (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb)));
    return c !== 0 ? c : b.createdAt.localeCompare(a.createdAt) || b.id - a.id;
  });
}

/** A click on a column: the same column flips its direction; a new one starts with the most useful direction (the smallest p-value first). */
export function nextSort(current: AttemptSort, key: AttemptSortKey): AttemptSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'family' && key !== 'pValue' };
}

/**
 * The default procedure's choice in numbers for its plain-words summary: how many outer folds chose each family
 * (most first, then the preference order), the folds in all, and the final model's family. Null for other attempts.
 */
export function choiceSummary(attempt: Attempt): { perFamily: { family: StandardFamilyName; folds: number }[]; nFolds: number; final: StandardFamilyName } | null {
  const choice = attempt.validation.choice;
  if (!choice) return null;
  const counts = new Map<StandardFamilyName, number>();
  for (const fold of attempt.validation.folds) if (fold.chosen) counts.set(fold.chosen, (counts.get(fold.chosen) ?? 0) + 1);
  const order = (f: StandardFamilyName) => standardFamilyNames.indexOf(f);
  const perFamily = [...counts].map(([family, folds]) => ({ family, folds })).sort((a, b) => b.folds - a.folds || order(a.family) - order(b.family));
  return { perFamily, nFolds: attempt.validation.folds.length, final: choice.family };
}

/** The candidates of the inner cross-validation, in the preference order the choice uses. */
export function innerCandidates(attempt: Attempt): StandardFamilyName[] {
  const seen = new Set<string>();
  for (const fold of attempt.validation.folds) for (const name of Object.keys(fold.inner ?? {})) seen.add(name);
  for (const name of Object.keys(attempt.validation.choice?.inner ?? {})) seen.add(name);
  return standardFamilyNames.filter((f) => seen.has(f));
}

/** A p-value as the table shows it: three decimals, "< 0.001" below. */
export const pValueText = (p: number): string => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/** Percent with one decimal, as the table and the chart show it ("72.4 %" without the unit). */
export const percent = (p: number): string => (100 * p).toFixed(1);

/** The feature label of an attempt's stored feature ("C3 10–12 Hz", "C3–C4 …" for connectivity as the host names it). */
export const attemptFeatureLabel = (f: Attempt['features'][number]): string => `${f.channel.replace(/\.+$/, '')} ${f.bandHz[0] === f.bandHz[1] ? f.bandHz[0] : `${f.bandHz[0]}–${f.bandHz[1]}`} Hz`;

/** How a feature is looked up in an attempt: the clean channel name in capitals (attempts store `FC3`, recordings write `Fc3.`) and its band. */
export const stabilityKey = (channel: string, fminHz: number, fmaxHz: number): string => `${cleanChannelName(channel).toUpperCase()}|${fminHz}|${fmaxHz}`;

/**
 * Each feature's stability (share of folds and bootstrap resamples that selected it), from the newest attempt whose
 * features were selected automatically (explicit features are "selected" every time, so they say nothing);
 * `attempts` newest first, as `attempts.list` gives them.
 */
export function stabilityByFeature(attempts: Attempt[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const attempt of attempts) {
    if (attempt.parameters.features !== undefined || !takesFeatures(attempt.family)) continue;
    for (const f of attempt.features) {
      const key = stabilityKey(f.channel, f.bandHz[0], f.bandHz[1]);
      if (!out.has(key)) out.set(key, f.stability);
    }
  }
  return out;
}

/** The validation scheme in words, from the request as run: `{ key, params }` for the messages (`train.schemes.*`). */
export function schemeOf(cv: TrainingInput['cv'] | undefined): { key: 'kfold' | 'runs'; params: { k: number; seed: number } } {
  if (cv?.kind === 'runs') return { key: 'runs', params: { k: 0, seed: 0 } };
  return { key: 'kfold', params: { k: cv?.k ?? 10, seed: cv?.seed ?? 1 } };
}
