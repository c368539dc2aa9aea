// Every request the renderer may make, with its payload schema and result type, and every event main pushes.
import { array, boolean, empty, literal, nullable, number, object, optional, string, type Infer, type Schema } from './schema.ts';
import type { FeatureMethod } from '../core/features/trial-features.ts';
import type { RejectionReason } from '../core/epochs.ts';
import type { ChannelPosition } from '../core/montage.ts';
import type { ApiError, ErrorDetail } from './errors.ts';
import type { TrainFamily } from '../core/ml/train.ts';
import type { ClassifierKind } from '../core/ml/classifiers.ts';
import type { ConnectivityMetric } from '../core/features/connectivity.ts';
import type { HeldOutScore, Hyperparameters, StandardFamily } from '../core/ml/family-choice.ts';
import type { PrefilterDeclaration } from '../core/ml/standard-preprocessing.ts';
import type { ChannelQuality } from '../core/devices/signal-quality.ts';
import type { TrendProblem } from '../core/stats/logistic-trend.ts';
import type { AssessmentScaleId, McidVerdict } from './assessment-scales.ts';

export type { ChannelPosition, ChannelQuality };

/** Pseudonymous patient codes: letters, digits, dash and underscore; no names. */
export const PATIENT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;
export const PATIENT_CODE_RULE = '2 to 32 letters, digits, dashes or underscores, starting with a letter or digit (a pseudonymous code, never a name)';

export const lesionSides = ['left', 'right', 'bilateral', 'none', 'unknown'] as const;
export const hands = ['left', 'right', 'ambidextrous', 'unknown'] as const;
/** What `acquisition.cue` marks: a hand cue (769 left, 770 right), a rest period, or the end of the cue (no marker). */
export const cues = ['none', 'left', 'right', 'rest'] as const;

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

/** What a device needs before it can start: nothing (built in), a serial port, a recording, an LSL stream, an RDA host. */
export const deviceNeeds = ['nothing', 'port', 'file', 'stream', 'host'] as const;
export type DeviceNeed = (typeof deviceNeeds)[number];

export interface DeviceDescriptor {
  id: string;
  name: string;
  /** Whether the app can start it (given what it `needs`). */
  available: boolean;
  /** What must be chosen with it: a port (serial amplifiers), a file (replay), a stream (LSL), a host (RDA). */
  needs: DeviceNeed;
  /** Whether channels and rate can be chosen (the synthetic device); otherwise the device or the stream sets them (0 / [] when only the stream knows). */
  configurable: boolean;
  defaultChannels: number;
  maxChannels: number;
  defaultSampleRateHz: number;
  sampleRatesHz: number[];
  /** Whether it measures electrode impedance (`acquisition.impedance`): the Cyton and the Cyton + Daisy. */
  impedance: boolean;
}

/** `devices.ports`: the serial ports of this machine, or why they cannot be listed (`error`, with `ports` empty). */
export interface SerialPortList {
  ports: { path: string; manufacturer: string | null }[];
  error: string | null;
}

/** How far LSL discovery and outlets reach: this machine (the default), the local network link, or the site. */
export const lslScopes = ['machine', 'link', 'site'] as const;
export type LslScopeName = (typeof lslScopes)[number];
/** A host name or IPv4/IPv6 address (no spaces, no scheme, no port). */
export const HOST_PATTERN = /^[A-Za-z0-9.:_-]{1,253}$/;
export const HOST_RULE = 'a host name or IP address (letters, digits, dots, colons, dashes)';

export const networkSettings = object({
  scope: literal(...lslScopes),
  /** Hosts asked directly, whatever the scope; each one an explicit choice of the user. */
  knownPeers: array(string({ pattern: HOST_PATTERN, patternText: HOST_RULE }), { max: 32 }),
  /** LSL's ports, as liblsl's lsl_api.cfg moves them (default 16571 and 16572..16603). */
  multicastPort: optional(number({ integer: true, min: 1024, max: 65535 })),
  basePort: optional(number({ integer: true, min: 1024, max: 65503 })),
});
export type NetworkSettings = Infer<typeof networkSettings>;

/** `devices.discover`: how long to listen for LSL streams' answers (default 1 s). */
export const discoverInput = object({ timeoutSec: optional(number({ min: 0.2, max: 8 }), 1) });

/** One LSL stream that answered discovery. */
export interface LslStreamSummary {
  name: string;
  type: string;
  channels: number;
  /** 0 for an irregular stream (markers). */
  sampleRateHz: number;
  format: string;
  host: string;
  address: string;
  sourceId: string;
}

export interface LslDiscovery {
  streams: LslStreamSummary[];
  /** The reach the discovery used (the workstation's setting). */
  network: NetworkSettings;
  timeoutSec: number;
  /** Answers that were malformed and dropped, in words. */
  warnings: string[];
}

export const acquisitionConfig = object({
  nChannels: optional(number({ integer: true, min: 1, max: 64 })),
  sampleRateHz: optional(number({ integer: true, min: 100, max: 2000 })),
  seed: optional(number({ integer: true, min: 0, max: 2 ** 31 - 1 })),
  /** Fraction of mu/beta power removed over the contralateral hemisphere during a hand cue (0..1). */
  desyncDepth: optional(number({ min: 0, max: 1 })),
  /** The simulated amplifier only: times faster than real time (tests and demonstrations; default 1). */
  speed: optional(number({ min: 0.1, max: 100 })),
});
export type AcquisitionConfig = Infer<typeof acquisitionConfig>;

/** What a device is started with besides its id: a serial port, a recording to replay, an LSL stream (and its marker stream), an RDA host. */
export const deviceSource = object({
  port: optional(string({ min: 1, max: 4096 })),
  file: optional(string({ min: 1, max: 4096 })),
  /** Replay speed (1 = real time, up to 1000). */
  speed: optional(number({ min: 0.01, max: 1000 })),
  stream: optional(string({ min: 1, max: 200 })),
  markers: optional(string({ min: 1, max: 200 })),
  host: optional(string({ pattern: HOST_PATTERN, patternText: HOST_RULE })),
  rdaPort: optional(number({ integer: true, min: 1, max: 65535 })),
});
export type DeviceSource = Infer<typeof deviceSource>;

const lslName = () => string({ min: 1, max: 64, pattern: /^\P{Cc}+$/u, patternText: 'a name without control characters' });
/** Outlets published during acquisition: the raw signal, the markers (cues and device markers) and the online classifier's decisions. */
export const publishInput = object({
  signal: lslName(),
  markers: optional(lslName()),
  decisions: optional(lslName()),
});
export type PublishInput = Infer<typeof publishInput>;

/** The outlets an acquisition publishes, and how far they reach. */
export interface AcquisitionPublishing {
  signal: string;
  markers: string | null;
  decisions: string | null;
  scope: LslScopeName;
  knownPeers: string[];
}

export type AcquisitionState = 'idle' | 'starting' | 'running' | 'stopping';

/** The file being written while acquisition records (null while only monitoring: the signal check). */
export interface AcquisitionRecording {
  /** The file, relative to the data folder (`recordings/session-N/run-1-....bdf`). */
  file: string;
  elapsedSec: number;
  /** Markers written so far (cues, device markers). */
  markers: number;
  /** Packets (samples per channel) the device lost so far, written held and annotated. */
  lostPackets: number;
}

/**
 * The live go/no-go of each EEG channel over the last `windowSec` of signal (flat, railed, line noise at 50/60 Hz,
 * amplitude out of range: the signal check's rules), while acquisition runs.
 */
export interface LiveSignalQuality {
  windowSec: number;
  channels: ChannelQuality[];
  /** Every channel can be recorded as it is. */
  go: boolean;
}

/**
 * The default go/no-go threshold of electrode impedance, kΩ: the upper end of the 5-10 kΩ asked of wet (gel)
 * electrodes, kept at 10 because the lead-off measurement itself is good to about 0.8 kΩ + 3 % (docs/devices.md).
 */
export const DEFAULT_IMPEDANCE_THRESHOLD_KOHM = 10;

/** `acquisition.impedance`: channels to measure (1-based; default every EEG channel), the go/no-go threshold. */
export const impedanceInput = object({
  /** The session that owns the acquisition (another session is refused); absent for a signal check outside a session. */
  sessionId: optional(number({ integer: true, min: 1 })),
  channels: optional(array(number({ integer: true, min: 1, max: 16 }), { min: 1, max: 16 })),
  /** At most this many kΩ is a go (default 10; dry electrodes need far more). */
  thresholdKOhm: optional(number({ min: 0.5, max: 5000 })),
});
export type ImpedanceInput = Infer<typeof impedanceInput>;

/** One electrode's impedance: the channel (1-based), its label, kΩ, and whether it is within the threshold. */
export interface ChannelImpedance {
  channel: number;
  label: string;
  kOhm: number;
  go: boolean;
}

/** A finished impedance measurement, as shown and as saved with the session. */
export interface ImpedanceMeasurement {
  device: string;
  sessionId: number | null;
  /** When the last channel was measured (ISO 8601, UTC). */
  measuredAt: string;
  thresholdKOhm: number;
  channels: ChannelImpedance[];
  /** Every channel measured is within the threshold. */
  go: boolean;
}

/**
 * The impedance measurement of the running acquisition: under way (`channel` is the label being measured, `index`
 * its 1-based place among `total`), or how the last one ended: `done` with its `result`, `cancelled`, `failed` with
 * `error` (the channel settings were restored by reopening the amplifier; when that failed, acquisition stopped).
 */
export interface ImpedanceStatus {
  state: 'measuring' | 'done' | 'cancelled' | 'failed';
  index: number;
  total: number;
  channel: string | null;
  /** Channels measured so far (all of them once done). */
  channels: ChannelImpedance[];
  thresholdKOhm: number;
  result: ImpedanceMeasurement | null;
  error: string | null;
}

export interface AcquisitionStatus {
  state: AcquisitionState;
  device: string | null;
  /** The session that owns the amplifier while it acquires: only it sees the trace and the controls. */
  sessionId: number | null;
  /** The owning session's patient, so that another session can say whose it is. */
  patientId: number | null;
  patientCode: string | null;
  channels: string[];
  sampleRateHz: number;
  /** Samples per channel delivered since start. */
  samples: number;
  /** Samples per channel the device lost (counter gaps), since start. */
  lostSamples: number;
  startedAt: string | null;
  /** Set while recording; null while monitoring only (the signal check) or idle. */
  recording: AcquisitionRecording | null;
  /** Why acquisition stopped by itself (device unplugged, engine died), until the next start. */
  fault: string | null;
  /** The same as a reason the renderer words (null with no fault, or a fault of another kind). */
  faultReason: AcquisitionFaultReason | null;
  /** LSL outlets published while it runs (null when not publishing). */
  publishing: AcquisitionPublishing | null;
  /** What the device last said about its link while running: streaming, silent (`stalled`), or being reconnected; null when not running. */
  deviceState: DeviceLinkState | null;
  /** Live signal quality once a full window has been judged while running; null otherwise. */
  quality: LiveSignalQuality | null;
  /** The impedance measurement under way, or the last one of this acquisition; null when none was asked. */
  impedance: ImpedanceStatus | null;
}

export type DeviceLinkState = 'streaming' | 'stalled' | 'reconnecting';

/** Why acquisition stopped by itself: the device was lost (or faulted), its file could not be written (disk full), the engine stopped. */
export const acquisitionFaultReasons = ['device-lost', 'recording-failed', 'engine-stopped'] as const;
export type AcquisitionFaultReason = (typeof acquisitionFaultReasons)[number];

/** The status of an amplifier that is not acquiring; `fault` says why it stopped by itself, when it did. */
export function idleAcquisitionStatus(fault: string | null = null, faultReason: AcquisitionFaultReason | null = null): AcquisitionStatus {
  return { state: 'idle', device: null, sessionId: null, patientId: null, patientCode: null, channels: [], sampleRateHz: 0, samples: 0, lostSamples: 0, startedAt: null, recording: null, fault, faultReason, publishing: null, deviceState: null, quality: null, impedance: null };
}

/** Who holds the amplifier, in words for a refusal: "recording for session 3 of patient P001". */
export function ownerWords(status: AcquisitionStatus): string {
  const what = status.recording ? 'recording' : 'monitoring';
  if (status.sessionId === null) return `${what} (no session)`;
  return `${what} for session ${status.sessionId}${status.patientCode ? ` of patient ${status.patientCode}` : ''}`;
}

/**
 * Where main asks the engine to record (main adds it to `acquisition.start`: the engine has no database).
 * The run is registered by main when the recording starts and completed when the engine reports it finished.
 */
export interface RecordingTarget {
  /** Absolute path of the BDF+ file to create (never over an existing file). */
  path: string;
  /** The same file relative to the data folder, as the status and the run show it. */
  file: string;
  runId: number;
}

/** The session (and its patient) an acquisition belongs to. */
export interface AcquisitionOwner {
  sessionId: number;
  patientId: number;
  patientCode: string;
}

/** `acquisition.start` as main forwards it to the engine: the caller's params, the owner and where to record. */
export interface EngineStartParams {
  device: string;
  config?: AcquisitionConfig;
  source?: DeviceSource;
  publish?: PublishInput;
  /** The workstation's LSL reach (main adds it from the settings): LSL inlets and the published outlets keep to it. */
  network?: NetworkSettings;
  owner?: AcquisitionOwner;
  target?: RecordingTarget;
}

/** What the engine reports once a recording's file is complete (or could not be completed). */
export interface FinishedRecording {
  runId: number;
  path: string;
  /** Null when the file could not be finalised (disk full): main repairs it and marks the run interrupted. */
  sha256: string | null;
  samples: number;
  lostSamples: number;
  markers: number;
  /** Why the recording ended early (device fault, full disk), or null after a normal stop. */
  error: string | null;
  /** A protocol run's outcome, stored with its run (absent for a free recording). */
  protocol?: ProtocolRunRecord;
  /** The first live signal quality judged over recorded signal (its first seconds), saved with the run; null when none was. */
  qualityAtStart?: LiveSignalQuality | null;
}

export interface EngineStatus {
  state: 'starting' | 'running' | 'restarting' | 'stopped';
  restarts: number;
  /** Why the engine last died, when it did. */
  lastFailure: string | null;
}

/** `storage.recover`: what a damaged database still holds, read without writing a byte (patients and sessions). */
export interface StorageRecovery {
  file: string;
  tables: { table: 'patients' | 'sessions'; rows: Record<string, unknown>[]; unreadableRows: number; error: string | null }[];
}

/** The device chosen last on this workstation, preselected next time. */
export const deviceChoice = object({
  device: string({ min: 1, max: 64 }),
  source: optional(deviceSource),
  config: optional(acquisitionConfig),
});
export type DeviceChoice = Infer<typeof deviceChoice>;

export const publishSettings = object({
  /** Offer publishing ticked at acquisition start. */
  enabled: boolean(),
  signal: lslName(),
  markers: lslName(),
  decisions: lslName(),
});
export type PublishSettings = Infer<typeof publishSettings>;

/** The workstation's settings (the data folder's `settings.json`; not per patient). */
export interface WorkstationSettings {
  device: DeviceChoice | null;
  network: NetworkSettings;
  publish: PublishSettings;
}

export const defaultWorkstationSettings: WorkstationSettings = {
  device: null,
  network: { scope: 'machine', knownPeers: [] },
  publish: { enabled: false, signal: 'NeuroFeat-EEG', markers: 'NeuroFeat-Markers', decisions: 'NeuroFeat-Decisions' },
};

/** `settings.set`: any of the sections, each replaced whole. */
export const settingsInput = object({
  device: optional(nullable(deviceChoice)),
  network: optional(networkSettings),
  publish: optional(publishSettings),
});
export type SettingsInput = Infer<typeof settingsInput>;

export interface SettingsView {
  settings: WorkstationSettings;
  /** Where they are kept. */
  file: string;
  /** Why the stored file could not be read (the defaults are in force; the unreadable file was kept aside), or null. */
  problem: string | null;
}

export interface AppInfo {
  version: string;
  transport: 'electron' | 'host';
  dataDir: string;
  /** Set when the data folder cannot be used; everything that stores is refused until it is fixed. */
  storageError: string | null;
  /** The same problem as an error value with its reason, which the window words in the user's language. */
  storageFailure: ApiError | null;
}

/** Feature methods as the contract spells them (the same set as core's `featureMethods`, checked below). */
export const featureMethodNames = ['welch', 'burg', 'coh', 'msc', 'imcoh', 'absimcoh', 'plv', 'wpli', 'mvarcoh', 'mvarabsimcoh'] as const;
const _sameMethods: [Exclude<FeatureMethod, (typeof featureMethodNames)[number]>, Exclude<(typeof featureMethodNames)[number], FeatureMethod>] extends [never, never] ? true : false = true;
export const featureReferences = ['car', 'none', 'laplacian'] as const;
/** Welch connectivity metrics (the same set as core's `connectivityMetrics`, checked below). */
export const connectivityMetricNames = ['coh', 'msc', 'imcoh', 'absimcoh', 'plv', 'wpli'] as const;
const _sameMetrics: [Exclude<ConnectivityMetric, (typeof connectivityMetricNames)[number]>, Exclude<(typeof connectivityMetricNames)[number], ConnectivityMetric>] extends [never, never] ? true : false = true;
/** Every connectivity feature method: the Welch metrics and the MVAR (HappyFeat) estimators. */
export const connectivityFeatureMethodNames = [...connectivityMetricNames, 'mvarcoh', 'mvarabsimcoh'] as const;
/** The spectral (PSD) methods; every other feature method is a connectivity method. */
export const psdMethodNames = ['welch', 'burg'] as const;

/**
 * The epoch window every job defaults to: core's `defaultEpochDefinition` (0-3 s after the cue, docs/training.md says
 * why), repeated here because the contract imports only core's types; test/contract checks the two are equal.
 */
export const defaultWindow = { offsetSec: 0, lengthSec: 3 } as const;

/** `features.start`: one feature extraction over recordings already on disk (absolute paths), run as a job. */
export const featureJobInput = object({
  /** Absolute paths of recordings read where they are; or give `sessionId` and `runIds` instead. */
  files: optional(array(string({ min: 1, max: 4096 }), { min: 1, max: 200 })),
  method: optional(literal(...featureMethodNames), 'welch'),
  /** The two classes: event codes or annotation texts (`769`, `T1`). */
  classes: array(string({ min: 1, max: 64 }), { min: 2, max: 2 }),
  /** Epoch window relative to the cue, s (default `defaultWindow`: 0 to 3 s, the one window of the app, CLI and benches). */
  window: optional(object({ offsetSec: number({ min: -60, max: 600 }), lengthSec: number({ min: 0.01, max: 600 }) }), defaultWindow),
  /** Frequency band kept, Hz (default 1-40); checked against each recording's Nyquist frequency when the job runs. */
  band: optional(object({ fminHz: number({ min: 0, max: 100_000 }), fmaxHz: number({ min: 0, max: 100_000 }) }), { fminHz: 1, fmaxHz: 40 }),
  reference: optional(literal(...featureReferences), 'car'),
  /** Channels kept after referencing (default all). */
  channels: optional(array(string({ min: 1, max: 64 }), { min: 1, max: 512 })),
  /** log10 power for PSD methods (default true; ignored by connectivity). */
  log: optional(boolean(), true),
  /** Reuse and fill the per-recording feature cache in the data folder (default false). */
  cache: optional(boolean(), false),
  /** With `runIds`, instead of `files`: runs of this session (`recordings.list`), their files checked first. */
  sessionId: optional(number({ integer: true, min: 1 })),
  runIds: optional(array(number({ integer: true, min: 1 }), { min: 1, max: 200 })),
  /**
   * Peak-to-peak rejection threshold, µV: a trial whose peak-to-peak amplitude exceeds it on any channel (before
   * re-referencing) is left out and reported with reason `amplitude`. Default: none, every trial is kept.
   */
  rejectUv: optional(number({ min: 1, max: 100_000 })),
  /** Zero-phase Butterworth band-pass (order 4) on the whole recordings before epoching, Hz (default: none). */
  bandpass: optional(object({ lowHz: number({ min: 0.01, max: 100_000 }), highHz: number({ min: 0.01, max: 100_000 }) })),
  /** Mains notch (band-stop of ±2 Hz) before epoching, Hz: 50 or 60 (default: none). */
  notchHz: optional(number({ min: 3, max: 100_000 })),
  /**
   * The family "both": with a spectral `method` (welch, burg), also this connectivity method on the same epochs in
   * the same job; its summary is the result's `connectivity` (default: none).
   */
  connectivity: optional(literal(...connectivityFeatureMethodNames)),
});
export type FeatureJobInput = Infer<typeof featureJobInput>;

/** `features.view`: an ERD/ERS time x frequency map or the connectivity matrices of a session's runs (or files), as a job. */
export const featureViewInput = object({
  files: optional(array(string({ min: 1, max: 4096 }), { min: 1, max: 200 })),
  sessionId: optional(number({ integer: true, min: 1 })),
  runIds: optional(array(number({ integer: true, min: 1 }), { min: 1, max: 200 })),
  view: literal('erds', 'connectivity'),
  classes: array(string({ min: 1, max: 64 }), { min: 2, max: 2 }),
  window: optional(object({ offsetSec: number({ min: -60, max: 600 }), lengthSec: number({ min: 0.01, max: 600 }) }), defaultWindow),
  band: optional(object({ fminHz: number({ min: 0, max: 100_000 }), fmaxHz: number({ min: 0, max: 100_000 }) }), { fminHz: 1, fmaxHz: 40 }),
  reference: optional(literal(...featureReferences), 'car'),
  /** Channels kept after referencing (default all; an ERD/ERS map of a few channels is much faster). */
  channels: optional(array(string({ min: 1, max: 64 }), { min: 1, max: 512 })),
  /** ERD/ERS: the baseline relative to the cue, s (default -2 to -0.5); epochs are cut from it to the window end. */
  baseline: optional(object({ startSec: number({ min: -60, max: 600 }), endSec: number({ min: -60, max: 600 }) }), { startSec: -2, endSec: -0.5 }),
  /** Connectivity: the Welch metric (default coh). */
  metric: optional(literal(...connectivityMetricNames), 'coh'),
  /** As `features.start`: the extraction's rejection threshold and filters, so the view shows the same epochs. */
  rejectUv: optional(number({ min: 1, max: 100_000 })),
  bandpass: optional(object({ lowHz: number({ min: 0.01, max: 100_000 }), highHz: number({ min: 0.01, max: 100_000 }) })),
  notchHz: optional(number({ min: 3, max: 100_000 })),
});
export type FeatureViewInput = Infer<typeof featureViewInput>;

/** ERD/ERS% per class against the baseline: `values[class][channel][time][freq]` (1 s frames every 0.125 s). */
export interface ErdsFeatureView {
  kind: 'erds';
  channels: string[];
  timesSec: number[];
  freqsHz: number[];
  baselineSec: [number, number];
  values: number[][][][];
}

/** Mean connectivity per class: `matrix[class][i][j][freq]`, 0 on the diagonal. */
export interface ConnectivityFeatureView {
  kind: 'connectivity';
  channels: string[];
  freqsHz: number[];
  matrix: number[][][][];
}

export type FeatureView = ErdsFeatureView | ConnectivityFeatureView;

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
  /** The family "both": the connectivity features of the same epochs (`features.start`'s `connectivity`). */
  connectivity?: FeatureJobSummary;
}

// ---- The calibration workspace: runs of a session, training attempts, the session's model ----

export const runKinds = ['imported', 'calibration', 'online'] as const;
export type RunKind = (typeof runKinds)[number];

/** Whether a run's file is still what was registered: `changed` or `missing` files are never used. */
export type RunFileStatus = 'ok' | 'changed' | 'missing';

/** A per-file signal check, computed once when the run is registered. */
export interface RunQuality {
  /** Channels whose signal does not move (standard deviation under 0.01 µV). */
  flatChannels: string[];
  /** Channels that reach their physical minimum or maximum (clipped, or an electrode off). */
  railedChannels: string[];
  /** Channels whose standard deviation is over five times the median of all channels. */
  noisyChannels: string[];
  /** Median over channels of the standard deviation, in the channels' unit (µV for EEG). */
  medianStd: number;
  /** What the reader noticed: repaired file, channels at another rate, ... */
  warnings: string[];
  /** For a run the app recorded: the live go/no-go per channel over its first seconds (absent otherwise). */
  atStart?: LiveSignalQuality;
  /** For a run the app recorded: the session's last electrode impedance measurement made before it started (absent when none was). */
  impedance?: ImpedanceMeasurement;
}

/** One recording of a session: imported from a file, or recorded by the app (calibration or online). */
export interface Run {
  id: number;
  sessionId: number;
  kind: RunKind;
  /** The file, relative to the data folder (`recordings/session-N/...`). */
  file: string;
  /** The file's name where it came from (imported) or as written (recorded). */
  originalName: string;
  sha256: string;
  bytes: number;
  /** `EDF+C`, `BDF+C`, `GDF 2.10`, `XDF 1.0`, ... */
  format: string;
  durationSec: number;
  sampleRateHz: number;
  /** Channel labels as the file writes them (`C3..`). */
  channels: string[];
  /** Each distinct event (code, or annotation text) with its count, in order of first appearance. */
  events: { event: string; count: number }[];
  /** Trials per class for the standard class pair the file holds (769/770 or T1/T2), else empty. */
  trialsPerClass: Record<string, number>;
  /** The amplifier that recorded it (null for an imported file). */
  device: string | null;
  /** Acquisition settings as JSON (null for an imported file). */
  settings: unknown;
  lostSamples: number;
  /** A recording the app could not finish cleanly (crash, unplugged device): repaired, shorter. */
  interrupted: boolean;
  quality: RunQuality;
  createdAt: string;
  /** Checked (size and modification time, the SHA-256 when used) each time the run is listed or used. */
  fileStatus: RunFileStatus;
  /** A calibration or online run of the protocol: its settings and outcome (absent for a free recording or an import). */
  protocol?: ProtocolRunRecord;
}

/** `patients.export`: the patient whose record is written, and the archive's absolute path (must not exist). */
export const patientExportInput = object({
  patientId: number({ integer: true, min: 1 }),
  path: string({ min: 1, max: 4096 }),
});

/** `patients.import`: the absolute path of an archive written by `patients.export` or `neurofeat export`. */
export const patientImportInput = object({ path: string({ min: 1, max: 4096 }) });

/** What `patients.export` wrote: the archive, its size and SHA-256, and how much of the record it holds. */
export interface PatientExport {
  file: string;
  bytes: number;
  /** The patient's code. */
  patient: string;
  sessions: number;
  runs: number;
  attempts: number;
  models: number;
  sha256: string;
}

/** An id in the archive (`from`) and the id the import gave it (`to`). */
export interface IdChange {
  from: number;
  to: number;
}

/** What `patients.import` created, with each old id and its new one; files relative to the data folder. */
export interface PatientImport {
  file: string;
  patient: { code: string } & IdChange;
  sessions: IdChange[];
  runs: (IdChange & { file: string })[];
  attempts: (IdChange & { model: string | null })[];
  chosenModels: number;
  impedanceMeasurements: number;
  /** The clinical assessments, corrections included (none from a version 1 archive). */
  assessments: IdChange[];
}

export const recordingImportInput = object({
  sessionId: number({ integer: true, min: 1 }),
  /** Absolute path of an EDF/EDF+/BDF/BDF+/GDF/XDF file; it is copied into the data folder. */
  path: string({ min: 1, max: 4096 }),
});

/** The per-window families (features from the Select step), as the contract spells them (the same set as core's `trainFamilies`, checked below). */
export const trainFamilyNames = ['psd', 'fc', 'mixed', 'csp', 'ts'] as const;
const _sameFamilies: [Exclude<TrainFamily, (typeof trainFamilyNames)[number]>, Exclude<(typeof trainFamilyNames)[number], TrainFamily>] extends [never, never] ? true : false = true;
/** The standard families (MOABB's preprocessing: 8-32 Hz on the continuous runs, no re-reference), in the default procedure's preference order (core's `standardFamilies`, checked below). */
export const standardFamilyNames = ['ts-svm', 'fgmdm', 'ts-lr', 'csp-lda', 'fbcsp', 'psd-slda'] as const;
const _sameStandard: [Exclude<StandardFamily, (typeof standardFamilyNames)[number]>, Exclude<(typeof standardFamilyNames)[number], StandardFamily>] extends [never, never] ? true : false = true;
/** Every family `training.start` takes: `auto` (the default procedure: a family chosen per patient by nested cross-validation), the standard families, the per-window families. */
export const appFamilyNames = ['auto', ...standardFamilyNames, ...trainFamilyNames] as const;
export type AppFamily = (typeof appFamilyNames)[number];
export type StandardFamilyName = (typeof standardFamilyNames)[number];
/**
 * Families NeuroFeat trained once and no longer offers: `training.start` refuses them, but their stored attempts
 * still list and show and their models still load and predict. `mdm` (minimum distance to the Riemannian class
 * means): below chance on PhysioNet, its distances ruled by the run a trial comes from (docs/training.md, "Why MDM
 * is not offered").
 */
export const withdrawnFamilyNames = ['mdm'] as const;
/** The family an attempt records: one `training.start` takes, or a withdrawn one of an older attempt. */
export type AttemptFamily = AppFamily | (typeof withdrawnFamilyNames)[number];
export const classifierNames = ['lda', 'slda', 'logreg', 'svm'] as const;
const _sameClassifiers: [Exclude<ClassifierKind, (typeof classifierNames)[number]>, Exclude<(typeof classifierNames)[number], ClassifierKind>] extends [never, never] ? true : false = true;
/** An attempt's classifier: one of `classifierNames`, or `mdm` (minimum distance to Riemannian class means: fgmdm, and the withdrawn mdm family's older attempts). */
export type AttemptClassifier = ClassifierKind | 'mdm';
/** The most label permutations one attempt may ask for (each reruns the whole procedure: about 4.5 s of CPU for `auto` on 45 trials x 64 channels). */
export const maxPermutations = 1000;

export type { PrefilterDeclaration };

/** What training and comparison share: the runs, the classes, the epochs and the validation. */
const trainingShared = {
  sessionId: number({ integer: true, min: 1 }),
  /** Runs of that session (`recordings.list`); they must share channels and sample rate. */
  runIds: array(number({ integer: true, min: 1 }), { min: 1, max: 100 }),
  /** The two classes: event codes or annotation texts (default: 769,770 or T1,T2, whichever the runs hold). */
  classes: optional(array(string({ min: 1, max: 64 }), { min: 2, max: 2 })),
  /** Epoch window relative to the cue, s (default: core's default epoch, `defaultWindow`, 0 to 3 s after the cue). */
  window: optional(object({ offsetSec: number({ min: -60, max: 600 }), lengthSec: number({ min: 0.01, max: 600 }) })),
  /** Per-window families only (default car); the standard families use no re-reference, as MOABB. */
  reference: optional(literal('car', 'none')),
  /** Per-window families only: frequencies searched (psd/fc/mixed; default 7-35 Hz) or band-pass (csp/ts; default 8-30 Hz); the standard families band-pass 8-32 Hz. */
  band: optional(object({ fminHz: number({ min: 0, max: 100_000 }), fmaxHz: number({ min: 0, max: 100_000 }) })),
  /** Stratified k-fold (default 5 folds, seed 1) or leave-one-run-out (per-window families only). */
  cv: optional(object({ kind: literal('kfold', 'runs'), k: optional(number({ integer: true, min: 2, max: 50 }), 5), seed: optional(number({ integer: true, min: 0, max: 2 ** 31 - 1 }), 1) })),
  /** Connectivity metric of the fc and mixed families (default coh). */
  metric: optional(literal(...connectivityMetricNames), 'coh'),
  /**
   * Cut each cue's epoch from when the patient's screen drew it (its protocol run's measured display latency,
   * `Run.protocol.cues`: sample + round(latency x fs / 1000)) instead of its scheduled sample. Default false; cues
   * without a measured latency and runs that are not protocol runs are cut as they are. The files are not touched.
   */
  drawnOnsets: optional(boolean()),
};

/** Explicit features (psd/fc/mixed); automatic selection when absent. */
const explicitFeatures = array(object({ channel: string({ min: 1, max: 64 }), fminHz: number({ min: 0, max: 100_000 }), fmaxHz: number({ min: 0, max: 100_000 }), family: optional(literal('psd', 'fc')) }), { min: 1, max: 64 });

/** Automatic selection's constraints. */
const selectionConstraints = object({
  nFeatures: optional(number({ integer: true, min: 1, max: 100 })),
  bandWidthsHz: optional(array(number({ min: 0.01, max: 100 }), { min: 1, max: 10 })),
  /** `desync`: power must drop in the second class (motor imagery's ERD). */
  sign: optional(literal('any', 'desync')),
  /** Channels searched (default: the sensorimotor ones present, else all). */
  channels: optional(array(string({ min: 1, max: 64 }), { min: 1, max: 512 })),
  /** Channels never used (e.g. over the lesion). */
  excludeChannels: optional(array(string({ min: 1, max: 64 }), { max: 512 })),
});

export const trainingInput = object({
  ...trainingShared,
  /** Default `auto`: the default procedure (docs/training.md). */
  family: optional(literal(...appFamilyNames), 'auto'),
  /** Per-window families only. Default: logreg for ts, slda otherwise. */
  classifier: optional(literal(...classifierNames)),
  /** Label permutations of the cross-validated accuracy, for its p-value (standard families and auto; 0: none). */
  permutations: optional(number({ integer: true, min: 0, max: maxPermutations }), 0),
  features: optional(explicitFeatures),
  /** Automatic selection's constraints (psd/fc/mixed). */
  selection: optional(selectionConstraints),
});
export type TrainingInput = Infer<typeof trainingInput>;

/**
 * `training.compare`: psd, fc and mixed take the Select step's features (each row the features of its kind; a row
 * with none uses automatic selection), csp-lda and ts-lr and the default procedure (`auto`) their standard settings.
 */
export const comparisonInput = object({
  ...trainingShared,
  features: optional(explicitFeatures),
  selection: optional(selectionConstraints),
});
export type ComparisonInput = Infer<typeof comparisonInput>;

/** Cross-validation as stored with an attempt; trial numbers as in CLI.md (across runs in the order given). */
export interface AttemptValidation {
  /** `stratified 10-fold, seed 1` or `leave-one-run-out`. */
  scheme: string;
  nTrials: number;
  accuracy: number;
  /** Clopper-Pearson 95% interval of the accuracy. */
  ci95: [number, number];
  /** The accuracy that guessing exceeds only 5% of the time at this trial count (binomial, p = 0.05). */
  significanceThreshold: number;
  /** Whether the accuracy exceeds the significance threshold. */
  significant: boolean;
  balancedAccuracy: number;
  kappa: number;
  /** `[true class][predicted class]`. */
  confusion: number[][];
  /** Per fold; with `auto`, the family the fold's inner cross-validation chose and every candidate's inner scores. */
  folds: { train: number[]; test: number[]; accuracy: number; chosen?: StandardFamilyName; hyperparameters?: Hyperparameters; inner?: Record<string, InnerScore> }[];
  /** ROC-AUC of the held-out probabilities (standard families and `auto`; absent for the per-window families and older attempts). */
  auc?: number;
  /** Label-permutation test of the accuracy, p = (1 + #{permuted ≥ observed}) / (count + 1); null when not asked for. */
  permutation?: { pValue: number; count: number } | null;
  /** `auto`: the choice made on all trials (the family of the final model) with every candidate's inner scores, and the inner folds of every choice. */
  choice?: { family: StandardFamilyName; hyperparameters?: Hyperparameters; inner: Record<string, InnerScore>; innerFolds: number };
  /**
   * Standard families and `auto`: the filter the final model's input needs, applied to each whole run before the
   * trials were cut, declared in the model for the online runtime (8-32 Hz band-pass, or fbcsp's filter bank); null
   * when the model reads the raw window (psd-slda).
   */
  prefilter?: PrefilterDeclaration | null;
}

/** A candidate family's inner cross-validated accuracy and ROC-AUC, of its best grid point when it has hyperparameters. */
export type InnerScore = HeldOutScore & { hyperparameters?: Hyperparameters };
/** A family's hyperparameters (core's): the regularisation C of ts-lr and ts-svm. */
export type { Hyperparameters };

/** One training attempt of a session, stored whatever its outcome (a job that fails or is cancelled stores none). */
export interface Attempt {
  id: number;
  sessionId: number;
  createdAt: string;
  /** The family asked for: `auto` (the default procedure; `validation.choice.family` is the final model's), a standard or a per-window family; a withdrawn one in older attempts. */
  family: AttemptFamily;
  /** The classifier of the family (of the chosen family with `auto`). */
  classifier: AttemptClassifier;
  classes: string[];
  runIds: number[];
  /** The request as run, defaults filled in (`family` as `family` above). */
  parameters: Omit<TrainingInput, 'family'> & { family: AttemptFamily };
  /** Selected features with their stability across folds and bootstrap resamples. */
  features: { family: string; channel: string; bandHz: [number, number]; stability: number }[];
  validation: AttemptValidation;
  /** Trials left out: out of the recording, a gap, NaN, amplitude. */
  rejected: { trial: number; reason: string; detail: string }[];
  /** The ONNX model (relative to the data folder) and its SHA-256; null when the pipeline cannot be exported (`modelNote` says why). */
  model: { file: string; sha256: string } | null;
  modelNote: string | null;
  /** Whether this is the session's model for online runs (`models.choose`). */
  chosen: boolean;
  elapsedMs: number;
}

/** `training.compare`: psd, fc, mixed, csp-lda, ts-lr and the default procedure on the same trials and the same folds, each stored as an attempt. */
export interface FamilyComparison {
  sessionId: number;
  classes: string[];
  scheme: string;
  nTrials: number;
  /** The folds every family used (trial numbers). */
  folds: { train: number[]; test: number[] }[];
  significanceThreshold: number;
  families: { family: AppFamily; classifier: AttemptClassifier; attemptId: number; accuracy: number; ci95: [number, number]; kappa: number; significant: boolean; foldAccuracies: number[]; auc: number | null; chosen: StandardFamilyName | null }[];
  elapsedMs: number;
}

export const sessionIdInput = object({ sessionId: number({ integer: true, min: 1 }) });
export const attemptIdInput = object({ attemptId: number({ integer: true, min: 1 }) });
export const modelChoiceInput = object({ sessionId: number({ integer: true, min: 1 }), attemptId: number({ integer: true, min: 1 }) });

export const jobKinds = ['features', 'training', 'comparison', 'view'] as const;
export type JobKind = (typeof jobKinds)[number];
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type FinishedJobState = Extract<JobState, 'done' | 'failed' | 'cancelled'>;

/** The result each kind of job gives when done. */
export interface JobResults {
  features: FeatureJobSummary;
  training: Attempt;
  comparison: FamilyComparison;
  view: FeatureView;
}

/**
 * Why a job failed: `bad-input` (the files or parameters do not fit, e.g. an unknown class), `failed`, `internal`;
 * the English message (without any CLI flag), and where the problem is known the same `recovery` and `detail`
 * (a reason with parameters, for the renderer to word) as a refused call's `ApiError`.
 */
export interface JobError extends Pick<ApiError, 'message' | 'recovery' | 'detail'> {
  code: 'bad-input' | 'failed' | 'internal';
}

/** What every job's status carries, whatever its kind. */
export interface JobStatusFields {
  jobId: string;
  state: JobState;
  /** Progress: units done out of total (trials, recordings with the cache, folds); 0 of 0 until known. */
  done: number;
  total: number;
  /** A cancel was asked for; the job ends as 'cancelled' once its work has stopped. */
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: JobError | null;
}

/** One job of kind `K`; `result` only from `jobs.status`, once done. */
export type JobStatusOf<K extends JobKind> = JobStatusFields & { kind: K; result: JobResults[K] | null };
/** Any job: narrow on `kind` to read its result. */
export type JobStatus = { [K in JobKind]: JobStatusOf<K> }[JobKind];

export interface JobProgressEvent {
  jobId: string;
  done: number;
  total: number;
}

export type JobFinishedEventOf<K extends JobKind> = { jobId: string; kind: K; state: FinishedJobState; error?: JobError; result?: JobResults[K] };
/** The end of any job: narrow on `kind` to read its result. */
export type JobFinishedEvent = { [K in JobKind]: JobFinishedEventOf<K> }[JobKind];

/** `montage.positions`: channel labels as recordings write them (PhysioNet's `C3..` included). */
export const montagePositionsInput = object({ channels: array(string({ min: 1, max: 64 }), { max: 512 }) });

const jobIdInput = object({ jobId: string({ min: 1, max: 64 }) });


// ---- Protocol runs: Graz calibration and online runs during the session's acquisition (docs/closed-loop.md) ----

export const protocolRunKinds = ['calibration', 'online'] as const;
export type ProtocolRunKind = (typeof protocolRunKinds)[number];
export const protocolModeNames = ['left-right', 'mi-rest'] as const;

/**
 * The protocol's defaults: core's `defaultGrazProtocol` (the Graz timing OpenViBE's scenarios use), repeated here
 * because the contract imports only core's types; test/contract checks the two are equal.
 */
export const protocolDefaults: ProtocolSettings = {
  mode: 'left-right',
  hand: 'left',
  trialsPerClass: 20,
  blockTrialsPerClass: 5,
  baselineSec: 15,
  fixationSec: 2,
  beepToCueSec: 1,
  cueSec: 1.25,
  imagerySec: 5,
  interTrialSec: { min: 1.5, max: 3.5 },
  seed: 1,
};

const seconds = (min = 0) => optional(number({ min, max: 600 }));
/** A run's settings; every field defaults to `protocolDefaults` (rules across fields, e.g. cue within imagery, are checked by main). */
export const protocolSettingsInput = object({
  mode: optional(literal(...protocolModeNames)),
  /** The imagined hand in `mi-rest` mode. */
  hand: optional(literal('left', 'right')),
  trialsPerClass: optional(number({ integer: true, min: 1, max: 500 })),
  blockTrialsPerClass: optional(number({ integer: true, min: 1, max: 500 })),
  baselineSec: seconds(),
  fixationSec: seconds(),
  beepToCueSec: seconds(),
  cueSec: seconds(0.01),
  imagerySec: seconds(0.01),
  interTrialSec: optional(object({ min: number({ min: 0, max: 600 }), max: number({ min: 0, max: 600 }) })),
  seed: optional(number({ integer: true, min: 0, max: 2 ** 31 - 1 })),
});
export type ProtocolSettingsInput = Infer<typeof protocolSettingsInput>;
/** Settings with every default filled in, as a run is recorded with them (core's `GrazProtocolConfig` less `feedback`, which the kind sets). */
export interface ProtocolSettings {
  mode: (typeof protocolModeNames)[number];
  hand: 'left' | 'right';
  trialsPerClass: number;
  blockTrialsPerClass: number;
  baselineSec: number;
  fixationSec: number;
  beepToCueSec: number;
  cueSec: number;
  imagerySec: number;
  interTrialSec: { min: number; max: number };
  seed: number;
}

/**
 * An online run's output to a rehabilitation device (FES, robot, avatar; docs/closed-loop.md): when the smoothed
 * output stays beyond `threshold` towards the target for `holdSec`, `command` goes out on `output`, then nothing for
 * `refractorySec`. Every trigger is recorded as a 782 marker; a link lost or unavailable is annotated, the run goes on.
 */
/** The ranges `protocol.start` accepts for the trigger's numbers (forms check them before sending). */
export const protocolTriggerRanges = { threshold: { min: 0.05, max: 1 }, holdSec: { min: 0.05, max: 10 }, refractorySec: { min: 0, max: 60 } } as const;
export const protocolTriggerInput = object({
  /** `serial:PATH[@BAUD]` or `tcp:HOST:PORT`. */
  output: string({ min: 1, max: 300 }),
  /** The class whose output fires it: the cued one (default), either, or class 1 or 2. */
  target: optional(literal('cued', 'either', '1', '2')),
  /** How far towards the target the smoothed output must be, 0..1 (default 0.5). */
  threshold: optional(number(protocolTriggerRanges.threshold)),
  /** How long it must stay there, s (default 1). */
  holdSec: optional(number(protocolTriggerRanges.holdSec)),
  /** No other trigger for this long after one, s (default 3). */
  refractorySec: optional(number(protocolTriggerRanges.refractorySec)),
  /** What a trigger sends: `json` (default, one JSON line), `text:TEMPLATE` or `hex:BYTES`. */
  command: optional(string({ min: 1, max: 300 })),
});
export type ProtocolTriggerInput = Infer<typeof protocolTriggerInput>;
/** What `protocol.start` applies to a trigger field left out: core's `defaultTriggerRule` (test/contract checks they agree) and the JSON line. */
export const protocolTriggerDefaults = { target: 'cued', threshold: 0.5, holdSec: 1, refractorySec: 3, command: 'json' } as const satisfies Required<Omit<ProtocolTriggerInput, 'output'>>;

export const protocolStartInput = object({
  sessionId: number({ integer: true, min: 1 }),
  kind: literal(...protocolRunKinds),
  settings: optional(protocolSettingsInput),
  /** Online runs only: the rehabilitation device's output. */
  trigger: optional(protocolTriggerInput),
});
export const protocolSessionInput = object({ sessionId: number({ integer: true, min: 1 }) });
/** The patient's screen reports when it actually drew a cue (or a feedback update): wall-clock epoch ms. */
export const protocolDrawnInput = object({
  runId: number({ integer: true, min: 1 }),
  what: literal('cue', 'feedback'),
  /** The cue's trial (0-based), or the feedback output's sequence number. */
  index: number({ integer: true, min: 0, max: 1_000_000 }),
  drawnAtMs: number({ min: 0 }),
});
export const patientWindowInput = object({ display: optional(number({ integer: true, min: 0, max: 16 })) });

/** What the patient's screen shows: the Graz phases, `feedback` being imagery with the bar, `rest` the pause between trials. */
export type ProtocolScreenPhase = 'baseline' | 'fixation' | 'beep' | 'cue' | 'imagery' | 'feedback' | 'rest' | 'done';
export type ProtocolCueSymbol = 'arrow-left' | 'arrow-right' | 'rest';

/** The run's state: `pausing` holds at the end of the trial under way, `paused` records without trials. */
export type ProtocolState = 'idle' | 'running' | 'pausing' | 'paused';

/** The latest classifier output of an online run (16 a second). */
export interface ProtocolFeedback {
  /** Sequence number of the output in the run (what `protocol.drawn` reports back). */
  seq: number;
  /** p(class 2) - p(class 1), bias removed once known: -1..1. */
  output: number;
  /** The bar: smoothed output signed towards the cued class (positive: doing what was asked), 0 outside the feedback period. */
  bar: number;
  /** Wall-clock epoch ms when the engine had the output. */
  atMs: number;
}

export interface LatencySummary {
  p50: number;
  p99: number;
  n: number;
}

export interface ProtocolStatus {
  state: ProtocolState;
  sessionId: number | null;
  runId: number | null;
  kind: ProtocolRunKind | null;
  /** The run's file relative to the data folder. */
  file: string | null;
  settings: ProtocolSettings | null;
  phase: ProtocolScreenPhase | null;
  cue: ProtocolCueSymbol | null;
  /** 1-based trial under way (or just ended), 0 in the baseline; of `trials`. */
  trial: number;
  trials: number;
  progress: number;
  elapsedSec: number;
  /**
   * The next change of the patient's screen with its predicted wall-clock time (epoch ms, from the amplifier's sample
   * clock), so the page can draw it on the frame nearest that moment; null while pausing or paused.
   */
  next: { phase: ProtocolScreenPhase; cue: ProtocolCueSymbol | null; atMs: number; trial: number } | null;
  feedback: ProtocolFeedback | null;
  decided: number;
  correct: number;
  accuracy: number | null;
  /** Block arrival to classifier output (online runs). */
  latencyMs: LatencySummary | null;
  provider: 'cpu' | 'cuda' | 'webgpu' | null;
  providerNote: string | null;
  /** Why the last run ended early (device lost, acquisition stopped), until the next start. */
  fault: string | null;
  /** How the last run ended, until the next start. */
  ended: 'finished' | 'aborted' | null;
}

/** What a protocol run leaves with its run (`Run.protocol`). */
export interface ProtocolRunRecord {
  kind: ProtocolRunKind;
  settings: ProtocolSettings;
  /** The attempt whose model ran (online runs). */
  modelAttemptId: number | null;
  /** Stopped before its last trial (abort, acquisition stopped, device lost); what was recorded is kept. */
  aborted: boolean;
  fault: string | null;
  trialsPlanned: number;
  trialsDone: number;
  pausedSec: number;
  provider: 'cpu' | 'cuda' | 'webgpu' | null;
  providerNote: string | null;
  decisions: { trial: number; cueClass: number; predictedClass: number; correct: boolean; biasTrial: boolean }[];
  accuracy: number | null;
  bias: number | null;
  latencyMs: LatencySummary | null;
  /**
   * Each cue: its marker's sample in the file (the scheduled one) and how long after that sample was taken the
   * patient's screen drew it (null when no screen reported). Corrected onset = sample + round(latency x fs / 1000).
   */
  cues: { trial: number; sample: number; drawnLatencyMs: number | null }[];
  cueDrawnMs: LatencySummary | null;
  /** Classifier output to the patient's bar drawn. */
  feedbackDrawnMs: LatencySummary | null;
  /** The rehabilitation device's output, when the run had one: every trigger decided, and the link's loss. */
  trigger?: { output: string; fired: { sample: number; className: string; sent: boolean }[]; lost: string | null } | null;
}

/** `protocol.start` as main forwards it to the engine: the settings filled in, the run's file, the model. */
export interface EngineProtocolStartParams {
  sessionId: number;
  kind: ProtocolRunKind;
  settings: ProtocolSettings;
  target: RecordingTarget;
  patientCode: string;
  /** Online runs: the chosen model's file (absolute) and its attempt. */
  model?: { path: string; attemptId: number };
  /** Online runs: the rehabilitation device's output, checked by main. */
  trigger?: ProtocolTriggerInput;
}

/** The idle protocol status (no run since the engine started). */
export function idleProtocolStatus(fault: string | null = null): ProtocolStatus {
  return {
    state: 'idle', sessionId: null, runId: null, kind: null, file: null, settings: null, phase: null, cue: null, trial: 0, trials: 0, progress: 0, elapsedSec: 0,
    next: null, feedback: null, decided: 0, correct: 0, accuracy: null, latencyMs: null, provider: null, providerNote: null, fault, ended: null,
  };
}

/** A display the patient's window can open on (Electron's `screen.getAllDisplays()`, in its order). */
export interface PatientDisplay {
  index: number;
  /** The display's name as the system gives it, else its size (`1920x1080`). */
  label: string;
  /** The system's main display: the clinician's, by NeuroFeat's convention. */
  primary: boolean;
  width: number;
  height: number;
}

/** `protocol.patientWindow`: Electron opens the patient's window full screen on a display; the host leaves it to the page. */
export interface PatientWindowResult {
  opened: boolean;
  displays: PatientDisplay[];
  display: number | null;
}

/**
 * `protocol.displays`: where the patient's screen can go. `electron`: the app's window, full screen on one of
 * `displays` (`defaultDisplay` when none is chosen: the first that is not the primary one, else the primary);
 * `browser` (the headless host): the page opens `#/patient` in a browser window of its own that the clinician moves to
 * the patient's display, so there is nothing to list (`displays` empty, `defaultDisplay` null).
 */
export interface PatientDisplayList {
  opener: 'electron' | 'browser';
  displays: PatientDisplay[];
  defaultDisplay: number | null;
}

// ---- The audit log and the integrity check of the data folder (docs/architecture.md, "The audit log") ----

/** Who wrote an audit entry: the app (Electron or the headless host) or a `neurofeat` command. */
export const auditActors = ['app', 'cli'] as const;
export type AuditActor = (typeof auditActors)[number];

/**
 * Every action this version writes to the audit log (docs/architecture.md, "The audit log"): the storage functions
 * take their action from this list, and the progress screen words each one (an older or newer log may hold others).
 */
export const auditActions = [
  'audit.started', 'patient.created', 'patient.imported', 'patient.exported', 'session.created', 'session.discarded', 'run.registered', 'run.completed',
  'run.outcome', 'run.abandoned', 'attempt.stored', 'model.chosen', 'impedance.measured', 'assessment.recorded',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const isAuditAction = (action: string): action is AuditAction => (auditActions as readonly string[]).includes(action);

/** One entry of the append-only audit log. */
export interface AuditEntry {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
  actor: AuditActor;
  /** One of `auditActions` for what this version writes; a string, as a log written by another version may hold others. */
  action: string;
  /** `patient:3`, `session:5`, `run:12`, `attempt:7`, `impedance:2`, `assessment:4`, `database`. */
  subject: string;
  /** Ids, file names, digests, figures (`patientId` on every entry about a patient's data). */
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** How the chain breaks at an entry: its content was changed, the entry before it is gone, or it was moved. */
export type AuditChainProblem = 'edited' | 'missing' | 'reordered';

export interface AuditChainCheck {
  entries: number;
  intact: boolean;
  firstBroken: { id: number; problem: AuditChainProblem } | null;
}

/** What is wrong with a stored file: gone, another size than registered, or the same size with another SHA-256. */
export type StoredFileProblem = 'missing' | 'size-changed' | 'content-changed';

export interface StoredFilesCheck<K extends 'runId' | 'attemptId'> {
  checked: number;
  intact: number;
  changed: ({ [key in K]: number } & { file: string; problem: Exclude<StoredFileProblem, 'missing'> })[];
  missing: ({ [key in K]: number } & { file: string; problem: 'missing' })[];
}

/** `audit.verify` and `neurofeat audit verify --json`: the chain, every complete recording, every model file. */
export interface AuditVerification {
  entries: number;
  chain: { intact: boolean; firstBroken: AuditChainCheck['firstBroken'] };
  recordings: StoredFilesCheck<'runId'>;
  models: StoredFilesCheck<'attemptId'>;
  elapsedMs: number;
}

/** Whether everything the check covers holds. */
export const auditVerificationHolds = (v: AuditVerification): boolean =>
  v.chain.intact && v.recordings.changed.length + v.recordings.missing.length + v.models.changed.length + v.models.missing.length === 0;

/** The most entries one `audit.list` gives. */
export const AUDIT_LIST_MAX = 1000;

export const auditListInput = object({
  patientId: optional(number({ integer: true, min: 1 })),
  limit: optional(number({ integer: true, min: 1, max: AUDIT_LIST_MAX }), 100),
});

/** Trials of the closed loop scored together: correct of decided, the exact 95% interval, and the p = 0.05 chance level at that count. */
export interface OnlineScore {
  decided: number;
  correct: number;
  /** null with no decided trial. */
  accuracy: number | null;
  /** Clopper-Pearson 95% interval; null with no decided trial. */
  ci95: [number, number] | null;
  /** The accuracy guessing exceeds only 5% of the time at this count (binomial, two classes); null with none. */
  significanceThreshold: number | null;
  significant: boolean;
}

/** One session of a patient, as the review shows it (docs/review.md). */
export interface SessionReview {
  sessionId: number;
  startedAt: string;
  notes: string;
  /** Weeks since the patient's first session (0 for it). */
  week: number;
  runs: { calibration: number; online: number; imported: number; interrupted: number; lostSamples: number; durationSec: number };
  /** Trials per class of the calibration and imported runs (what a model can be trained on). */
  trialsPerClass: Record<string, number>;
  attempts: number;
  /** The model chosen for the session's online runs, with its cross-validated estimate; null when none was chosen. */
  model: (Pick<Attempt, 'family' | 'classifier' | 'classes'> & Pick<AttemptValidation, 'scheme' | 'nTrials' | 'accuracy' | 'ci95' | 'significanceThreshold' | 'significant' | 'kappa'> & {
    attemptId: number;
    /** ROC-AUC of the held-out probabilities; null where the attempt has none (per-window families, older attempts). */
    auc: number | null;
    /** Selected features (per-window families); empty for the standard families, which use every channel. */
    features: { channel: string; bandHz: [number, number] }[];
  }) | null;
  /** The online runs, in order: every decided trial scored (the run's own running accuracy). */
  online: { runId: number; createdAt: string; trialsPlanned: number; trialsDone: number; aborted: boolean; provider: 'cpu' | 'cuda' | 'webgpu' | null; score: OnlineScore }[];
  /** The session's online runs together. */
  onlineTotal: OnlineScore;
  /** The session's last impedance measurement: the threshold, the verdict and the electrodes above it. */
  impedance: { measuredAt: string; thresholdKOhm: number; go: boolean; over: string[] } | null;
  /** The session's clinical assessments: per scale, the latest one still in force (a corrected one gives way to its correction), in the scales' order. */
  assessments: Assessment[];
}

/**
 * The online accuracy over the therapy: a logistic regression of every decided online trial on the weeks since the
 * first session (core/stats/logistic-trend.ts). Fitted, it gives the odds ratio per week with its 95% interval and
 * p-value, the fitted accuracy at the first and last online sessions, and the fit itself (log-odds of a right trial
 * = intercept + slope x week) so the curve can be drawn at any week; otherwise why not.
 */
export type OnlineTrend =
  | {
    fitted: true; sessions: number; trials: number; oddsRatioPerWeek: number; oddsRatioCi95: [number, number]; pValue: number; fittedFirst: number; fittedLast: number;
    /** Log-odds of a right trial at week 0. */
    intercept: number;
    /** Change of the log-odds per week (the log of `oddsRatioPerWeek`). */
    slope: number;
  }
  | { fitted: false; sessions: number; trials: number; problem: 'no-online-trials' | TrendProblem };

/** A score of a scale at one session, as the summary quotes it. */
export interface AssessmentPoint {
  sessionId: number;
  /** Weeks since the patient's first session. */
  week: number;
  assessedAt: string;
  score: number;
}

/**
 * One scale over the therapy: its first and last score (each session's score in force, sessions oldest first), the
 * change (last minus first; null with a single score) and whether it reaches the minimal clinically important
 * difference (contract/assessment-scales.ts; null with a single score).
 */
export interface AssessmentSummary {
  scale: AssessmentScaleId;
  /** Sessions with a score of this scale. */
  sessions: number;
  first: AssessmentPoint;
  last: AssessmentPoint;
  change: number | null;
  mcid: McidVerdict | null;
}

/** `review.patient`: a patient's sessions over the therapy, oldest first. */
export interface PatientReview {
  patient: Patient;
  sessions: SessionReview[];
  onlineTrend: OnlineTrend;
  /** One per scale with at least one score, in the scales' order. */
  assessments: AssessmentSummary[];
  generatedAt: string;
}

export const patientIdInput = object({ patientId: number({ integer: true, min: 1 }) });

/** The progress report's file formats and languages (docs/review.md, "Reports"). */
export const reportFormats = ['pdf', 'html'] as const;
export type ReportFormat = (typeof reportFormats)[number];
export const reportLanguages = ['en', 'fr'] as const;
export type ReportLanguage = (typeof reportLanguages)[number];

export const reportInput = object({ patientId: number({ integer: true, min: 1 }), format: literal(...reportFormats), lang: literal(...reportLanguages) });

/** `review.report`: the report file, for the window to save (a PDF or a self-contained HTML file). */
export interface ReportExport {
  fileName: string;
  mimeType: string;
  /** The file's bytes in base64. */
  base64: string;
}

// ---- Clinical assessments per session (docs/review.md, "Clinical assessments") ----

/** A recorded clinical assessment. A wrong one is never edited nor deleted: a new one `replaces` it. */
export interface Assessment {
  id: number;
  sessionId: number;
  scale: AssessmentScaleId;
  score: number;
  /** The day it was assessed, `YYYY-MM-DD`. */
  assessedAt: string;
  notes: string;
  /** The assessment this one corrects (same session and scale), or null. */
  replaces: number | null;
  /** The assessment that corrects this one, or null while it is in force. */
  replacedBy: number | null;
  createdAt: string;
}

/** A calendar day, `YYYY-MM-DD`. */
export const ISO_DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `assessments.add`: the scale and score are checked against the scale (contract/assessment-scales.ts) by the
 * handler, so each refusal is named (`assessment-refused`); `assessedAt` defaults to today (UTC).
 */
export const assessmentInput = object({
  sessionId: number({ integer: true, min: 1 }),
  scale: string({ min: 1, max: 64 }),
  score: number(),
  assessedAt: optional(string({ pattern: ISO_DAY_PATTERN, patternText: 'a day written YYYY-MM-DD' })),
  notes: optional(string({ max: 4000 }), ''),
  replaces: optional(number({ integer: true, min: 1 })),
});
export type AssessmentInput = Infer<typeof assessmentInput>;

/** Each method: payload schema and result type (the result type is a phantom carried by `result`). */
function method<P, R>(params: Schema<P>): { params: Schema<P>; result: R } {
  return { params, result: undefined as unknown as R };
}

export const api = {
  'app.info': method<Infer<typeof empty>, AppInfo>(empty),
  /** Read-only recovery of a damaged database: refused (`conflict`) while the database works. */
  'storage.recover': method<Infer<typeof empty>, StorageRecovery>(empty),
  'engine.status': method<Infer<typeof empty>, EngineStatus>(empty),
  'patients.list': method<Infer<typeof empty>, Patient[]>(empty),
  'patients.create': method<PatientInput, Patient>(patientInput),
  /** Writes the patient's whole record (rows, recordings, models) to one archive; every file checked against its SHA-256 first. */
  'patients.export': method<Infer<typeof patientExportInput>, PatientExport>(patientExportInput),
  /** Adds the patient of an archive, checked completely first, under new ids; a code the data folder has is refused. */
  'patients.import': method<Infer<typeof patientImportInput>, PatientImport>(patientImportInput),
  'sessions.list': method<{ patientId: number }, Session[]>(object({ patientId: number({ integer: true, min: 1 }) })),
  'sessions.create': method<{ patientId: number; notes: string }, Session>(
    object({ patientId: number({ integer: true, min: 1 }), notes: optional(string({ max: 4000 }), '') }),
  ),
  /** The session's saved impedance measurements, newest first. */
  'sessions.impedance': method<Infer<typeof sessionIdInput>, ImpedanceMeasurement[]>(sessionIdInput),
  'devices.list': method<Infer<typeof empty>, DeviceDescriptor[]>(empty),
  /** Serial ports of this machine, or why they cannot be listed. */
  'devices.ports': method<Infer<typeof empty>, SerialPortList>(empty),
  /** LSL streams that answer within the timeout, in the workstation's network scope. */
  'devices.discover': method<Infer<typeof discoverInput>, LslDiscovery>(discoverInput),
  'settings.get': method<Infer<typeof empty>, SettingsView>(empty),
  'settings.set': method<SettingsInput, SettingsView>(settingsInput),
  /**
   * Acquisition for one session: recorded to BDF+ and registered as a run of the session (`record`, default true
   * with a session), or only monitored (`record: false`: the signal check, nothing written). Without a session
   * it can only monitor.
   */
  'acquisition.start': method<{ device: string; sessionId?: number; config?: AcquisitionConfig; source?: DeviceSource; record?: boolean; publish?: PublishInput }, AcquisitionStatus>(
    object({
      device: string({ min: 1, max: 64 }),
      sessionId: optional(number({ integer: true, min: 1 })),
      config: optional(acquisitionConfig),
      source: optional(deviceSource),
      record: optional(boolean()),
      publish: optional(publishInput),
    }),
  ),
  /** Stops acquisition; with `sessionId`, only when that session owns it (another session's Stop is refused). */
  'acquisition.stop': method<{ sessionId?: number }, AcquisitionStatus>(object({ sessionId: optional(number({ integer: true, min: 1 })) })),
  'acquisition.status': method<Infer<typeof empty>, AcquisitionStatus>(empty),
  /**
   * Measures electrode impedance on the running signal check (Cyton, Cyton + Daisy), one channel at a time; answers
   * at once, progress and result come with `acquisition.status` (`impedance`), the result is saved with the session.
   */
  'acquisition.impedance': method<ImpedanceInput, AcquisitionStatus>(impedanceInput),
  /** Cancels the impedance measurement under way (the channel being measured is restored first). */
  'acquisition.impedanceCancel': method<{ sessionId?: number }, AcquisitionStatus>(object({ sessionId: optional(number({ integer: true, min: 1 })) })),
  /** A cue marker in the running recording; only the session that owns the acquisition may send one. */
  'acquisition.cue': method<{ cue: (typeof cues)[number]; sessionId: number }, { cue: (typeof cues)[number] }>(
    object({ cue: literal(...cues), sessionId: number({ integer: true, min: 1 }) }),
  ),
  'montage.positions': method<Infer<typeof montagePositionsInput>, ChannelPosition[]>(montagePositionsInput),
  'features.start': method<FeatureJobInput, JobStatusOf<'features'>>(featureJobInput),
  'features.view': method<FeatureViewInput, JobStatusOf<'view'>>(featureViewInput),
  /** Starts the feature worker threads ahead of an extraction (the Extract step asks when it opens); answers how many are ready or starting. */
  'features.prepare': method<Infer<typeof empty>, { workers: number }>(empty),
  'recordings.import': method<Infer<typeof recordingImportInput>, Run>(recordingImportInput),
  'recordings.list': method<Infer<typeof sessionIdInput>, Run[]>(sessionIdInput),
  'training.start': method<TrainingInput, JobStatusOf<'training'>>(trainingInput),
  'training.compare': method<ComparisonInput, JobStatusOf<'comparison'>>(comparisonInput),
  'attempts.list': method<Infer<typeof sessionIdInput>, Attempt[]>(sessionIdInput),
  'attempts.get': method<Infer<typeof attemptIdInput>, Attempt>(attemptIdInput),
  /** Marks an attempt (with a model whose file is intact) as the session's model; answers the attempt. */
  'models.choose': method<Infer<typeof modelChoiceInput>, Attempt>(modelChoiceInput),
  'jobs.list': method<Infer<typeof empty>, JobStatus[]>(empty),
  'jobs.status': method<{ jobId: string }, JobStatus>(jobIdInput),
  'jobs.cancel': method<{ jobId: string }, JobStatus>(jobIdInput),
  /** Starts a Graz run of the session's acquisition, recorded as a run of kind `calibration` or `online`. */
  'protocol.start': method<Infer<typeof protocolStartInput>, ProtocolStatus>(protocolStartInput),
  /** Holds the run at the end of the trial under way (the recording goes on, without trials). */
  'protocol.pause': method<Infer<typeof protocolSessionInput>, ProtocolStatus>(protocolSessionInput),
  'protocol.resume': method<Infer<typeof protocolSessionInput>, ProtocolStatus>(protocolSessionInput),
  /** Ends the run now: its recording so far is kept, registered and marked aborted. */
  'protocol.abort': method<Infer<typeof protocolSessionInput>, ProtocolStatus>(protocolSessionInput),
  'protocol.status': method<Infer<typeof empty>, ProtocolStatus>(empty),
  /** The patient's screen: when a cue or a feedback update was actually drawn. */
  'protocol.drawn': method<Infer<typeof protocolDrawnInput>, { recorded: boolean }>(protocolDrawnInput),
  /** Opens the patient's window (Electron: full screen on the chosen display; one not connected is refused); answers the displays. */
  'protocol.patientWindow': method<Infer<typeof patientWindowInput>, PatientWindowResult>(patientWindowInput),
  /** The displays the patient's window can open on (Electron), or that the page opens it itself (the headless host). */
  'protocol.displays': method<Infer<typeof empty>, PatientDisplayList>(empty),
  /** Checks the audit log's hash chain, every complete recording against its SHA-256 and size, every model file against its SHA-256. */
  'audit.verify': method<Infer<typeof empty>, AuditVerification>(empty),
  /** Audit entries newest first (at most `limit`, default 100), all or those about one patient and their sessions, runs, attempts. */
  'audit.list': method<Infer<typeof auditListInput>, AuditEntry[]>(auditListInput),
  /** The patient's sessions over the therapy, with the chosen models, the online scores and their trend. */
  'review.patient': method<Infer<typeof patientIdInput>, PatientReview>(patientIdInput),
  /** The patient's progress report as a file: the review with its trend, chart and notes on method, in HTML or PDF. */
  'review.report': method<Infer<typeof reportInput>, ReportExport>(reportInput),
  /** Records a clinical assessment of a session (or the correction of one, `replaces`); answers it. */
  'assessments.add': method<AssessmentInput, Assessment>(assessmentInput),
  /** Every assessment of the patient's sessions, corrected ones included (`replacedBy`), oldest session first. */
  'assessments.list': method<Infer<typeof patientIdInput>, Assessment[]>(patientIdInput),
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type Params<M extends MethodName> = Infer<Api[M]['params']>;
export type ResultOf<M extends MethodName> = Api[M]['result'];

export const methodNames = Object.keys(api) as MethodName[];

/** The methods the engine process answers; main validates them and forwards them unchanged. */
export const engineMethodNames = [
  'devices.list', 'devices.ports', 'devices.discover', 'acquisition.start', 'acquisition.stop', 'acquisition.status', 'acquisition.cue',
  'acquisition.impedance', 'acquisition.impedanceCancel',
  'protocol.start', 'protocol.pause', 'protocol.resume', 'protocol.abort', 'protocol.status', 'protocol.drawn',
] as const satisfies readonly MethodName[];
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
  /** At each change of the patient's screen, each classifier output (16 a second) and twice a second while a run goes. */
  'protocol.status': ProtocolStatus;
}
export type EventName = keyof Events;

export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.hasOwn(api, name);

/** Checks one incoming call; the error names the method or field at fault. */
export function validateCall(method: unknown, params: unknown):
  | { ok: true; method: MethodName; params: unknown }
  | { ok: false; code: 'unknown-method' | 'invalid-payload'; message: string; detail?: ErrorDetail } {
  if (!isMethodName(method)) {
    return { ok: false, code: 'unknown-method', message: `Unknown method ${JSON.stringify(method)}; methods: ${methodNames.join(', ')}.` };
  }
  const parsed = api[method].params.parse(params ?? {});
  if (!parsed.ok) {
    return {
      ok: false, code: 'invalid-payload', message: `${method}: ${parsed.issue.path}: ${parsed.issue.message}.`,
      detail: { reason: 'invalid-field', params: { method, field: parsed.issue.path, detail: parsed.issue.message } },
    };
  }
  return { ok: true, method, params: parsed.value };
}

