// Every request the renderer may make, with its payload schema and result type, and every event main pushes.
import { empty, literal, nullable, number, object, optional, string, type Infer, type Schema } from './schema.ts';

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
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type Params<M extends MethodName> = Infer<Api[M]['params']>;
export type ResultOf<M extends MethodName> = Api[M]['result'];

export const methodNames = Object.keys(api) as MethodName[];

/** Events main pushes to every window. */
export interface Events {
  'engine.status': EngineStatus;
  'acquisition.status': AcquisitionStatus;
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

