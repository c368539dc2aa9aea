// The Extract form as pure functions: its defaults (the contract's), its check, the `features.start` input it becomes, and what is remembered.
import { featureJobInput, featureMethodNames, featureReferences, psdMethodNames, type FeatureJobInput } from '../../../src-main/contract/index.ts';

/** What is extracted: spectra, connectivity, or both from the same epochs in one job. */
export const featureFamilies = ['psd', 'connectivity', 'both'] as const;
export type FeatureFamily = (typeof featureFamilies)[number];
export type FeatureMethodName = (typeof featureMethodNames)[number];
export type FeatureReference = (typeof featureReferences)[number];

/** The spectral methods (the contract's); every other method of the contract is a connectivity metric. */
export const psdMethods = psdMethodNames;
export type PsdMethod = (typeof psdMethods)[number];
export type ConnectivityMethod = Exclude<FeatureMethodName, PsdMethod>;
export const connectivityMethods = featureMethodNames.filter((m): m is ConnectivityMethod => !(psdMethods as readonly string[]).includes(m));

export const familyOf = (method: FeatureMethodName): Exclude<FeatureFamily, 'both'> => ((psdMethods as readonly string[]).includes(method) ? 'psd' : 'connectivity');

/** Mains frequencies the notch is offered at ('' = no notch). */
export const notchChoices = ['', '50', '60'] as const;
export type NotchChoice = (typeof notchChoices)[number];

/** What the form holds. Numbers stay text until checked, so a half-typed value is never silently replaced. */
export interface ExtractForm {
  family: FeatureFamily;
  psdMethod: PsdMethod;
  connectivityMethod: ConnectivityMethod;
  offsetSec: string;
  lengthSec: string;
  fminHz: string;
  fmaxHz: string;
  reference: FeatureReference;
  class1: string;
  class2: string;
  /** Peak-to-peak rejection threshold in µV; empty keeps every trial. */
  rejectUv: string;
  /** Band-pass edges in Hz before epoching; both empty for none. */
  bandpassLowHz: string;
  bandpassHighHz: string;
  notchHz: NotchChoice;
  /** Reuse and fill the per-recording feature cache. */
  useCache: boolean;
}

export type ExtractField = keyof ExtractForm | 'runs';

/** A problem with one field: a message key under `extract.problems` and its parameters. */
export interface ExtractProblem {
  field: ExtractField;
  key: 'number' | 'lengthPositive' | 'bandOrder' | 'bandNegative' | 'classMissing' | 'classesSame' | 'noRuns' | 'rejectPositive' | 'bandpassBoth' | 'bandpassOrder' | 'contract';
  params?: Record<string, string | number>;
}

/** The contract's own defaults, read by letting its schema fill an otherwise empty input. */
function contractDefaults(): FeatureJobInput {
  const parsed = featureJobInput.parse({ sessionId: 1, runIds: [1], classes: ['T1', 'T2'] });
  if (!parsed.ok) throw new Error(`extract-params: the contract refused its own defaults: ${parsed.issue.message}`);
  return parsed.value;
}

/** Defaults: the contract's window, band, reference and method; PhysioNet's T1/T2 classes; the cache on. */
export function defaultExtractForm(): ExtractForm {
  const d = contractDefaults();
  const method = d.method ?? 'welch';
  return {
    family: familyOf(method),
    psdMethod: familyOf(method) === 'psd' ? (method as PsdMethod) : 'welch',
    connectivityMethod: 'coh',
    offsetSec: String(d.window?.offsetSec ?? 1),
    lengthSec: String(d.window?.lengthSec ?? 3),
    fminHz: String(d.band?.fminHz ?? 1),
    fmaxHz: String(d.band?.fmaxHz ?? 40),
    reference: d.reference ?? 'car',
    class1: 'T1',
    class2: 'T2',
    rejectUv: d.rejectUv === undefined ? '' : String(d.rejectUv),
    bandpassLowHz: d.bandpass ? String(d.bandpass.lowHz) : '',
    bandpassHighHz: d.bandpass ? String(d.bandpass.highHz) : '',
    notchHz: d.notchHz === 50 || d.notchHz === 60 ? (String(d.notchHz) as NotchChoice) : '',
    useCache: true,
  };
}

/** A remembered form (anything read back from storage) merged field by field over the defaults; unknown values are dropped. */
export function restoreExtractForm(saved: unknown): ExtractForm {
  const form = defaultExtractForm();
  if (typeof saved !== 'object' || saved === null) return form;
  const s = saved as Record<string, unknown>;
  const text = (key: 'offsetSec' | 'lengthSec' | 'fminHz' | 'fmaxHz' | 'class1' | 'class2' | 'rejectUv' | 'bandpassLowHz' | 'bandpassHighHz') => {
    const v = s[key];
    if (typeof v === 'string' && v.length <= 64) form[key] = v;
  };
  (['offsetSec', 'lengthSec', 'fminHz', 'fmaxHz', 'class1', 'class2', 'rejectUv', 'bandpassLowHz', 'bandpassHighHz'] as const).forEach(text);
  if ((notchChoices as readonly unknown[]).includes(s.notchHz)) form.notchHz = s.notchHz as NotchChoice;
  if ((featureFamilies as readonly unknown[]).includes(s.family)) form.family = s.family as FeatureFamily;
  if ((psdMethods as readonly unknown[]).includes(s.psdMethod)) form.psdMethod = s.psdMethod as PsdMethod;
  if ((connectivityMethods as readonly unknown[]).includes(s.connectivityMethod)) form.connectivityMethod = s.connectivityMethod as ConnectivityMethod;
  if ((featureReferences as readonly unknown[]).includes(s.reference)) form.reference = s.reference as FeatureReference;
  if (typeof s.useCache === 'boolean') form.useCache = s.useCache;
  return form;
}

/** The job's `method`: the spectral method for spectra and for both, else the connectivity method. */
export const methodOf = (form: ExtractForm): FeatureMethodName => (form.family === 'connectivity' ? form.connectivityMethod : form.psdMethod);

function readNumber(form: ExtractForm, field: 'offsetSec' | 'lengthSec' | 'fminHz' | 'fmaxHz' | 'rejectUv' | 'bandpassLowHz' | 'bandpassHighHz', problems: ExtractProblem[]): number {
  const text = form[field].trim().replace(',', '.');
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) problems.push({ field, key: 'number', params: { value: form[field] } });
  return value;
}

/** The runs of a session an extraction reads (`recordings.list` ids, chosen in the runs table). */
export interface ExtractRuns {
  sessionId: number;
  runIds: number[];
}

/**
 * The `features.start` input for these runs, or every problem found, each naming its field. The contract's
 * schema has the last word: whatever it still refuses comes back as a `contract` problem with its message.
 */
export function extractFormToInput(form: ExtractForm, runs: ExtractRuns): { ok: true; input: FeatureJobInput } | { ok: false; problems: ExtractProblem[] } {
  const problems: ExtractProblem[] = [];
  if (runs.runIds.length === 0) problems.push({ field: 'runs', key: 'noRuns' });
  const offsetSec = readNumber(form, 'offsetSec', problems);
  const lengthSec = readNumber(form, 'lengthSec', problems);
  const fminHz = readNumber(form, 'fminHz', problems);
  const fmaxHz = readNumber(form, 'fmaxHz', problems);
  if (Number.isFinite(lengthSec) && lengthSec <= 0) problems.push({ field: 'lengthSec', key: 'lengthPositive' });
  if (Number.isFinite(fminHz) && fminHz < 0) problems.push({ field: 'fminHz', key: 'bandNegative' });
  if (Number.isFinite(fminHz) && Number.isFinite(fmaxHz) && fmaxHz <= fminHz) problems.push({ field: 'fmaxHz', key: 'bandOrder' });
  const class1 = form.class1.trim();
  const class2 = form.class2.trim();
  if (!class1) problems.push({ field: 'class1', key: 'classMissing' });
  if (!class2) problems.push({ field: 'class2', key: 'classMissing' });
  if (class1 && class1 === class2) problems.push({ field: 'class2', key: 'classesSame' });
  const rejectUv = form.rejectUv.trim() === '' ? undefined : readNumber(form, 'rejectUv', problems);
  if (rejectUv !== undefined && Number.isFinite(rejectUv) && rejectUv <= 0) problems.push({ field: 'rejectUv', key: 'rejectPositive' });
  const hasLow = form.bandpassLowHz.trim() !== '';
  const hasHigh = form.bandpassHighHz.trim() !== '';
  let bandpass: { lowHz: number; highHz: number } | undefined;
  if (hasLow !== hasHigh) problems.push({ field: hasLow ? 'bandpassHighHz' : 'bandpassLowHz', key: 'bandpassBoth' });
  else if (hasLow) {
    bandpass = { lowHz: readNumber(form, 'bandpassLowHz', problems), highHz: readNumber(form, 'bandpassHighHz', problems) };
    if (Number.isFinite(bandpass.lowHz) && Number.isFinite(bandpass.highHz) && !(bandpass.highHz > bandpass.lowHz && bandpass.lowHz > 0)) problems.push({ field: 'bandpassHighHz', key: 'bandpassOrder' });
  }
  if (problems.length > 0) return { ok: false, problems };
  const candidate = {
    sessionId: runs.sessionId,
    runIds: runs.runIds,
    method: methodOf(form),
    classes: [class1, class2],
    window: { offsetSec, lengthSec },
    band: { fminHz, fmaxHz },
    reference: form.reference,
    cache: form.useCache,
    ...(rejectUv !== undefined ? { rejectUv } : {}),
    ...(bandpass ? { bandpass } : {}),
    ...(form.notchHz !== '' ? { notchHz: Number(form.notchHz) } : {}),
    ...(form.family === 'both' ? { connectivity: form.connectivityMethod } : {}),
  };
  const parsed = featureJobInput.parse(candidate);
  if (!parsed.ok) return { ok: false, problems: [{ field: fieldOfPath(parsed.issue.path), key: 'contract', params: { message: `${parsed.issue.path}: ${parsed.issue.message}` } }] };
  return { ok: true, input: parsed.value };
}

function fieldOfPath(path: string): ExtractField {
  if (path.startsWith('runIds') || path.startsWith('sessionId')) return 'runs';
  if (path.startsWith('window.offsetSec')) return 'offsetSec';
  if (path.startsWith('window')) return 'lengthSec';
  if (path.startsWith('band.fminHz')) return 'fminHz';
  if (path.startsWith('band')) return 'fmaxHz';
  if (path.startsWith('classes')) return 'class1';
  if (path.startsWith('rejectUv')) return 'rejectUv';
  if (path.startsWith('bandpass')) return 'bandpassLowHz';
  if (path.startsWith('notchHz')) return 'notchHz';
  return 'family';
}

/** Whether two inputs extract the same features (the recordings aside): a result from other parameters is stale. */
export function sameExtraction(a: FeatureJobInput, b: FeatureJobInput): boolean {
  const key = (i: FeatureJobInput) => JSON.stringify([i.method, i.classes, i.window, i.band, i.reference, i.channels ?? null, i.log, i.rejectUv ?? null, i.bandpass ?? null, i.notchHz ?? null, i.connectivity ?? null]);
  return key(a) === key(b);
}
