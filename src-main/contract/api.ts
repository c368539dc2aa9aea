// Every request the renderer may make, with its payload schema and result type, and every event main pushes.
import { array, boolean, empty, literal, nullable, number, object, optional, string, type Infer, type Schema } from './schema.ts';
import type { FeatureMethod } from '../core/features/trial-features.ts';
import type { RejectionReason } from '../core/epochs.ts';
import type { ChannelPosition } from '../core/montage.ts';

export type { ChannelPosition };

/** Pseudonymous patient codes: letters, digits, dash and underscore; no names. */
export const PATIENT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;
export const PATIENT_CODE_RULE = '2 to 32 letters, digits, dashes or underscores, starting with a letter or digit (a pseudonymous code, never a name)';

export const lesionSides = ['left', 'right', 'bilateral', 'none', 'unknown'] as const;
export const hands = ['left', 'right', 'ambidextrous', 'unknown'] as const;
export const cues = ['none', 'left', 'right'] as const;

export const patientInput = object({
  code: string({ pattern: PATIENT_CODE_PATTERN, patternText: PATIENT_CODE_RULE }),
  birthYear: optional(nullable(number({ integer: true, min: 1900, max: 2100 })), null),
  lesionSide: optional(literal(...lesionSides), 'unknown'),
  dominantHand: optional(literal(...hands), 'unknown'),
  notes: optional(string({ max: 4000 }), ''),
});
export type PatientInput = Infer<typeof patientInput>;

export interface Patient {
  id: number;
  code: string;
  birthYear: number | null;
  lesionSide: (typeof lesionSides)[number];
  dominantHand: (typeof hands)[number];
  notes: string;
  createdAt: string;
}

export interface Session {
  id: number;
  patientId: number;
  startedAt: string;
  notes: string;
}

export interface DeviceDescriptor {
  id: string;
  name: string;
  /** Whether it can be started now (a serial device needs its port). */
  available: boolean;
  defaultChannels: number;
  maxChannels: number;
  defaultSampleRateHz: number;
  sampleRatesHz: number[];
}

export const acquisitionConfig = object({
  nChannels: optional(number({ integer: true, min: 1, max: 64 })),
  sampleRateHz: optional(number({ integer: true, min: 100, max: 2000 })),
  seed: optional(number({ integer: true, min: 0, max: 2 ** 31 - 1 })),
  /** Fraction of mu/beta power removed over the contralateral hemisphere during a hand cue (0..1). */
  desyncDepth: optional(number({ min: 0, max: 1 })),
});
export type AcquisitionConfig = Infer<typeof acquisitionConfig>;

export type AcquisitionState = 'idle' | 'starting' | 'running' | 'stopping';

export interface AcquisitionStatus {
  state: AcquisitionState;
  device: string | null;
  sessionId: number | null;
  channels: string[];
  sampleRateHz: number;
  /** Samples per channel delivered since start. */
  samples: number;
  /** Samples per channel the device lost (counter gaps), since start. */
  lostSamples: number;
  startedAt: string | null;
  /** Why acquisition stopped by itself (device unplugged, engine died), until the next start. */
  fault: string | null;
}

/** The status of an amplifier that is not acquiring; `fault` says why it stopped by itself, when it did. */
export function idleAcquisitionStatus(fault: string | null = null): AcquisitionStatus {
  return { state: 'idle', device: null, sessionId: null, channels: [], sampleRateHz: 0, samples: 0, lostSamples: 0, startedAt: null, fault };
}

export interface EngineStatus {
  state: 'starting' | 'running' | 'restarting' | 'stopped';
  restarts: number;
  /** Why the engine last died, when it did. */
  lastFailure: string | null;
}

export interface AppInfo {
  version: string;
  transport: 'electron' | 'host';
  dataDir: string;
  /** Set when the data folder cannot be used; everything that stores is refused until it is fixed. */
  storageError: string | null;
}

/** Feature methods as the contract spells them (the same set as core's `featureMethods`, checked below). */
export const featureMethodNames = ['welch', 'burg', 'coh', 'msc', 'imcoh', 'absimcoh', 'plv', 'wpli', 'mvarcoh', 'mvarabsimcoh'] as const;
const _sameMethods: [Exclude<FeatureMethod, (typeof featureMethodNames)[number]>, Exclude<(typeof featureMethodNames)[number], FeatureMethod>] extends [never, never] ? true : false = true;
export const featureReferences = ['car', 'none', 'laplacian'] as const;

/** `features.start`: one feature extraction over recordings already on disk (absolute paths), run as a job. */
export const featureJobInput = object({
  files: array(string({ min: 1, max: 4096 }), { min: 1, max: 200 }),
  method: optional(literal(...featureMethodNames), 'welch'),
  /** The two classes: event codes or annotation texts (`769`, `T1`). */
  classes: array(string({ min: 1, max: 64 }), { min: 2, max: 2 }),
  /** Epoch window relative to the cue, s (default 1 s, length 3 s). */
  window: optional(object({ offsetSec: number({ min: -60, max: 600 }), lengthSec: number({ min: 0.01, max: 600 }) }), { offsetSec: 1, lengthSec: 3 }),
  /** Frequency band kept, Hz (default 1-40); checked against each recording's Nyquist frequency when the job runs. */
  band: optional(object({ fminHz: number({ min: 0, max: 100_000 }), fmaxHz: number({ min: 0, max: 100_000 }) }), { fminHz: 1, fmaxHz: 40 }),
  reference: optional(literal(...featureReferences), 'car'),
  /** Channels kept after referencing (default all). */
  channels: optional(array(string({ min: 1, max: 64 }), { min: 1, max: 512 })),
  /** log10 power for PSD methods (default true; ignored by connectivity). */
  log: optional(boolean(), true),
  /** Reuse and fill the per-recording feature cache in the data folder (default false). */
  cache: optional(boolean(), false),
});
export type FeatureJobInput = Infer<typeof featureJobInput>;

/** What the views need from a finished feature job; maps are `[channel][freq]`, class maps `[class][channel][freq]`. */
export interface FeatureJobSummary {
  method: FeatureMethod;
  files: string[];
  channels: string[];
  freqsHz: number[];
  /** Whether values (and class means) are log10 power. */
  log: boolean;
  classes: { name: string; nTrials: number }[];
  r2: number[][];
  /** sign(mean class 2 - mean class 1) x R². */
  signedR2: number[][];
  mean: number[][][];
  sd: number[][][];
  trials: { kept: number; rejected: number; rejectedByReason: Partial<Record<RejectionReason, number>> };
  /** Each rejected trial: number, file index, cue onset, class, reason and detail. */
  rejected: { index: number; file: number; onsetSec: number; class: string; reason: RejectionReason; detail: string }[];
  /** Recordings whose features came from the cache (0 without `cache`). */
  cacheHits: number;
  elapsedMs: number;
}

export const jobKinds = ['features'] as const;
export type JobKind = (typeof jobKinds)[number];
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type FinishedJobState = Extract<JobState, 'done' | 'failed' | 'cancelled'>;

/** Why a job failed: `bad-input` (the files or parameters do not fit, e.g. an unknown class), `failed`, `internal`. */
export interface JobError {
  code: 'bad-input' | 'failed' | 'internal';
  message: string;
}

export interface JobStatus<R = FeatureJobSummary> {
  jobId: string;
  kind: JobKind;
  state: JobState;
  /** Progress: units done out of total (trials, or recordings with the cache); 0 of 0 until known. */
  done: number;
  total: number;
  /** A cancel was asked for; the job ends as 'cancelled' once its work has stopped. */
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: JobError | null;
  /** Only from `jobs.status`, once done. */
  result: R | null;
}

export interface JobProgressEvent {
  jobId: string;
  done: number;
  total: number;
}

export interface JobFinishedEvent<R = FeatureJobSummary> {
  jobId: string;
  state: FinishedJobState;
  error?: JobError;
  result?: R;
}

/** `montage.positions`: channel labels as recordings write them (PhysioNet's `C3..` included). */
export const montagePositionsInput = object({ channels: array(string({ min: 1, max: 64 }), { max: 512 }) });

const jobIdInput = object({ jobId: string({ min: 1, max: 64 }) });

/** Each method: payload schema and result type (the result type is a phantom carried by `result`). */
function method<P, R>(params: Schema<P>): { params: Schema<P>; result: R } {
  return { params, result: undefined as unknown as R };
}

export const api = {
  'app.info': method<Infer<typeof empty>, AppInfo>(empty),
  'engine.status': method<Infer<typeof empty>, EngineStatus>(empty),
  'patients.list': method<Infer<typeof empty>, Patient[]>(empty),
  'patients.create': method<PatientInput, Patient>(patientInput),
  'sessions.list': method<{ patientId: number }, Session[]>(object({ patientId: number({ integer: true, min: 1 }) })),
  'sessions.create': method<{ patientId: number; notes: string }, Session>(
    object({ patientId: number({ integer: true, min: 1 }), notes: optional(string({ max: 4000 }), '') }),
  ),
  'devices.list': method<Infer<typeof empty>, DeviceDescriptor[]>(empty),
  'acquisition.start': method<{ device: string; sessionId?: number; config?: AcquisitionConfig }, AcquisitionStatus>(
    object({
      device: string({ min: 1, max: 64 }),
      sessionId: optional(number({ integer: true, min: 1 })),
      config: optional(acquisitionConfig),
    }),
  ),
  'acquisition.stop': method<Infer<typeof empty>, AcquisitionStatus>(empty),
  'acquisition.status': method<Infer<typeof empty>, AcquisitionStatus>(empty),
  'acquisition.cue': method<{ cue: (typeof cues)[number] }, { cue: (typeof cues)[number] }>(object({ cue: literal(...cues) })),
  'montage.positions': method<Infer<typeof montagePositionsInput>, ChannelPosition[]>(montagePositionsInput),
  'features.start': method<FeatureJobInput, JobStatus>(featureJobInput),
  'jobs.list': method<Infer<typeof empty>, JobStatus[]>(empty),
  'jobs.status': method<{ jobId: string }, JobStatus>(jobIdInput),
  'jobs.cancel': method<{ jobId: string }, JobStatus>(jobIdInput),
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type Params<M extends MethodName> = Infer<Api[M]['params']>;
export type ResultOf<M extends MethodName> = Api[M]['result'];

export const methodNames = Object.keys(api) as MethodName[];

/** The methods the engine process answers; main validates them and forwards them unchanged. */
export const engineMethodNames = ['devices.list', 'acquisition.start', 'acquisition.stop', 'acquisition.status', 'acquisition.cue'] as const satisfies readonly MethodName[];
export type EngineMethodName = (typeof engineMethodNames)[number];
export const isEngineMethodName = (name: string): name is EngineMethodName => (engineMethodNames as readonly string[]).includes(name);

/** The function that answers one method, given its validated payload. */
export type Handler<M extends MethodName> = (params: Params<M>) => ResultOf<M> | Promise<ResultOf<M>>;
/** One handler per method of `M`: a missing or misspelt method is a compile error. */
export type HandlerMap<M extends MethodName> = { [K in M]: Handler<K> };

/** Events main pushes to every window. */
export interface Events {
  'engine.status': EngineStatus;
  'acquisition.status': AcquisitionStatus;
  /** At most about ten a second per job. */
  'job.progress': JobProgressEvent;
  'job.finished': JobFinishedEvent;
}
export type EventName = keyof Events;

export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.hasOwn(api, name);

/** Checks one incoming call; the error names the method or field at fault. */
export function validateCall(method: unknown, params: unknown):
  | { ok: true; method: MethodName; params: unknown }
  | { ok: false; code: 'unknown-method' | 'invalid-payload'; message: string } {
  if (!isMethodName(method)) {
    return { ok: false, code: 'unknown-method', message: `Unknown method ${JSON.stringify(method)}; methods: ${methodNames.join(', ')}.` };
  }
  const parsed = api[method].params.parse(params ?? {});
  if (!parsed.ok) {
    return { ok: false, code: 'invalid-payload', message: `${method}: ${parsed.issue.path}: ${parsed.issue.message}.` };
  }
  return { ok: true, method, params: parsed.value };
}

