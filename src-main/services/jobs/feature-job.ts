// Runs feature extraction as a job: epochs prepared here, per-trial features split across worker threads, with progress and cancellation.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { CoreError } from '../../core/errors.ts';
import { checkClassesPresent, checkCompatible, type Epochs, type RejectedTrial, type SignalSource, type TrialAllocator, type TrialInfo, type WindowedSource } from '../../core/epochs.ts';
import { computeTrialFeatures, prepareEpochs, type FeatureParameters } from '../../core/features/pipeline.ts';
import { featureCacheKey, parameterHash } from '../../core/features/param-hash.ts';
import type { ClassStatistics } from '../../core/stats/class-stats.ts';
import type { CachedRecordingFeatures, FeatureCacheStore } from './feature-cache.ts';
import type { TrialFeatures } from '../../core/features/trial-features.ts';
import { classStatistics } from '../../core/stats/class-stats.ts';
import { normaliseChannelName } from '../../core/recording.ts';
import type { FeatureWorkerMessage, FeatureWorkerRequest } from './feature-worker.ts';

export interface FeatureJobOptions {
  /** Worker threads; 1 runs in this thread. Default: in-process for small PSD work, else the core count (max 8). */
  threads?: number;
  /** Trials done so far out of the total. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting rejects the job with a `cancelled` CoreError and stops the workers. */
  signal?: AbortSignal;
  /** Reuse and fill per-recording cache entries; `checksums[r]` is the SHA-256 of recording r. */
  cache?: { store: FeatureCacheStore; checksums: string[] };
}

export interface FeatureJobResult {
  features: TrialFeatures;
  stats: ClassStatistics;
  /** Kept trials, numbered across the recordings in the order given (CLI.md). */
  trials: TrialInfo[];
  rejected: RejectedTrial[];
  /** Recordings whose features came from the cache. */
  cacheHits: number;
}

/**
 * The worker's file. Under Node the sources run as they are: `feature-worker.ts` next to this module. A bundle
 * names its own: electron-vite emits the worker as the main-side entry `out/main/feature-worker.js`, and the
 * Electron main process passes that path (next to `main.js`) to `useFeatureWorkerFile` at start-up.
 */
let workerUrl: URL = new URL('./feature-worker.ts', import.meta.url);

/** Where the pool starts its workers from now on (the bundled worker); workers already started are kept. */
export function useFeatureWorkerFile(file: URL | string): void {
  workerUrl = typeof file === 'string' ? pathToFileURL(file) : file;
}

/** Worker threads started and not yet exited, pooled or being stopped. */
const liveWorkers = new Set<Worker>();

/** Heuristic: a worker costs tens of milliseconds to start, so small jobs stay in-process. */
function defaultThreads(epochs: Epochs, parameters: FeatureParameters): number {
  const cores = Math.min(8, Math.max(1, availableParallelism()));
  const nChannels = epochs.channels.length;
  const perPair = parameters.method === 'mvarcoh' || parameters.method === 'mvarabsimcoh' ? 50 : 1;
  const work = parameters.method === 'welch' || parameters.method === 'burg'
    ? epochs.trials.length * nChannels * epochs.nSamples * (parameters.method === 'burg' ? 8 : 1)
    : epochs.trials.length * nChannels * nChannels * epochs.nSamples * perPair;
  return work < 400_000_000 ? 1 : cores;
}

export async function runFeatureJob(recordings: (SignalSource | WindowedSource)[], parameters: FeatureParameters, options: FeatureJobOptions = {}): Promise<FeatureJobResult> {
  if (!options.cache) {
    const epochs = prepareEpochs(recordings, parameters, { allocate: sharedTrialMemory });
    const features = await computeFeaturesInWorkers(epochs, parameters, options);
    const strip = ({ data: _data, ...info }: Epochs['trials'][number]): TrialInfo => info;
    return { features, stats: classStatistics(features), trials: epochs.trials.map(strip), rejected: epochs.rejected, cacheHits: 0 };
  }
  // Per recording: from the cache, or computed alone and stored; then renumbered and merged.
  checkCompatible(recordings);
  checkClassesPresent(recordings, parameters.classes);
  const { store, checksums } = options.cache;
  store.recordParameterSet(parameters);
  if (checksums.length !== recordings.length) throw new CoreError('failed', `feature cache: ${checksums.length} checksums for ${recordings.length} recordings`);
  const hash = parameterHash(parameters);
  const parts: CachedRecordingFeatures[] = [];
  let cacheHits = 0;
  for (let r = 0; r < recordings.length; r++) {
    const key = featureCacheKey(checksums[r], hash);
    let part = store.get(key);
    if (part) {
      cacheHits++;
    } else {
      const epochs = prepareEpochs([recordings[r]], parameters, { alone: true, allocate: sharedTrialMemory });
      const features = epochs.trials.length > 0
        ? await computeFeaturesInWorkers(epochs, parameters, { ...options, onProgress: undefined })
        : computeTrialFeatures(epochs, parameters);
      part = {
        features,
        trials: epochs.trials.map(({ data: _data, ...info }) => info),
        rejected: epochs.rejected,
        nCues: epochs.trials.length + epochs.rejected.length,
      };
      store.put(key, part);
    }
    parts.push(part);
    options.onProgress?.(r + 1, recordings.length);
  }
  return { ...mergeRecordingParts(parts), cacheHits };
}

/**
 * Per-recording parts (from the cache or computed alone) as one result: trials renumbered across the recordings in
 * the order given, rows put in the first recording's channel order, statistics over all trials.
 */
export function mergeRecordingParts(parts: CachedRecordingFeatures[]): Omit<FeatureJobResult, 'cacheHits'> {
  let offset = 0;
  const trials: TrialInfo[] = [];
  const rejected: RejectedTrial[] = [];
  parts.forEach((part, r) => {
    for (const t of part.trials) trials.push({ ...t, index: t.index + offset, recordingIndex: r });
    for (const t of part.rejected) rejected.push({ ...t, index: t.index + offset, recordingIndex: r });
    offset += part.nCues;
  });
  const first = parts[0].features;
  const features: TrialFeatures = {
    ...first,
    values: parts.flatMap((p) => inChannelOrder(p.features, first.channels)),
    classIndex: Int32Array.from(trials, (t) => t.classIndex),
    trialIndex: Int32Array.from(trials, (t) => t.index),
  };
  return { features, stats: classStatistics(features), trials, rejected };
}

/**
 * A recording cut alone keeps its own channel order; runs may list the same channels in another order,
 * so rows are put in the first recording's order (matched by normalised name) before merging.
 */
function inChannelOrder(part: TrialFeatures, channels: string[]): Float64Array[] {
  const names = part.channels.map(normaliseChannelName);
  const rows = channels.map((c) => names.indexOf(normaliseChannelName(c)));
  if (rows.every((row, i) => row === i)) return part.values;
  if (rows.some((row) => row < 0)) throw new CoreError('failed', `feature cache: channels ${part.channels.join(',')} do not match ${channels.join(',')}`);
  const nFreqs = part.freqsHz.length;
  return part.values.map((v) => {
    const out = new Float64Array(v.length);
    rows.forEach((row, i) => out.set(v.subarray(row * nFreqs, (row + 1) * nFreqs), i * nFreqs));
    return out;
  });
}

/** Trial arrays in shared memory, so that worker threads read them where they are. */
const sharedTrialMemory: TrialAllocator = (length) => new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));

/** Copies trials into one SharedArrayBuffer (epochs cut elsewhere, e.g. by the bench or a test). */
function inSharedMemory(trials: Epochs['trials']): Epochs['trials'] {
  if (trials.length === 0) return trials;
  const perTrial = trials[0].data.length;
  const shared = new Float64Array(new SharedArrayBuffer(trials.length * perTrial * Float64Array.BYTES_PER_ELEMENT));
  return trials.map((t, i) => {
    const data = shared.subarray(i * perTrial, (i + 1) * perTrial);
    data.set(t.data);
    return { ...t, data };
  });
}

/** Per-trial features of prepared epochs, split in contiguous chunks of trials over worker threads. */
export async function computeFeaturesInWorkers(epochs: Epochs, parameters: FeatureParameters, options: FeatureJobOptions = {}): Promise<TrialFeatures> {
  const total = epochs.trials.length;
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(epochs, parameters), total));
  if (options.signal?.aborted) throw new CoreError('cancelled', 'feature job cancelled before it started');
  if (threads === 1) {
    return computeTrialFeatures(epochs, parameters, (done, all) => {
      options.onProgress?.(done, all);
      return options.signal?.aborted === true;
    });
  }
  // Trial data go to the workers in shared memory: posting views of it copies nothing. Epochs cut by
  // runFeatureJob are already there; others are copied in once.
  const sharedTrials = epochs.trials.every((t) => t.data.buffer instanceof SharedArrayBuffer) ? epochs.trials : inSharedMemory(epochs.trials);
  const chunks: Epochs[] = [];
  for (let w = 0; w < threads; w++) {
    const from = Math.floor((w * total) / threads);
    const to = Math.floor(((w + 1) * total) / threads);
    chunks.push({ ...epochs, trials: sharedTrials.slice(from, to) });
  }
  const doneBy = new Array<number>(threads).fill(0);
  const release = await pool.acquire(threads);
  let cancelled = false;
  try {
    if (options.signal?.aborted) throw new CoreError('cancelled', 'feature job cancelled before it started');
    const parts = await Promise.all(chunks.map((chunk, w) => new Promise<{ values: Float64Array[]; freqsHz: Float64Array; log: boolean }>((resolve, reject) => {
      const worker = release.workers[w];
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        cancelled = true;
        cleanup();
        reject(new CoreError('cancelled', `feature job cancelled after ${doneBy.reduce((a, b) => a + b, 0)} of ${total} trials`));
      };
      const onMessage = (message: FeatureWorkerMessage) => {
        if (message.type === 'progress') {
          doneBy[w] = message.done;
          options.onProgress?.(doneBy.reduce((a, b) => a + b, 0), total);
          return;
        }
        cleanup();
        if (message.type === 'done') resolve(message);
        else reject(new CoreError(message.code === 'bad-input' || message.code === 'cancelled' ? message.code : 'failed', message.message, message.details, message.problem));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new CoreError('failed', `feature worker failed: ${error.message}`));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ epochs: chunk, parameters } satisfies FeatureWorkerRequest);
    })));
    const values = parts.flatMap((p) => p.values);
    return {
      method: parameters.method,
      channels: [...epochs.channels],
      freqsHz: parts[0].freqsHz,
      log: parts[0].log,
      classes: [...epochs.classes],
      values,
      classIndex: Int32Array.from(epochs.trials, (t) => t.classIndex),
      trialIndex: Int32Array.from(epochs.trials, (t) => t.index),
    };
  } catch (error) {
    // A worker still busy with a cancelled or failed job is of no further use.
    cancelled = true;
    throw error;
  } finally {
    release.done(cancelled);
  }
}

/**
 * Worker threads kept between jobs, because starting one (loading the feature code) costs far more than a
 * small job. One job uses the pool at a time; idle workers do not keep the process alive.
 */
class FeatureWorkerPool {
  private workers: Worker[] = [];
  private queue: Promise<void> = Promise.resolve();

  async acquire(count: number): Promise<{ workers: Worker[]; done: (discard: boolean) => void }> {
    let releaseTurn!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => { releaseTurn = resolve; });
    await previous;
    this.grow(count);
    const used = this.workers.slice(0, count);
    for (const w of used) w.ref();
    return {
      workers: used,
      done: (discard) => {
        for (const w of used) {
          if (discard) void w.terminate();
          else w.unref();
        }
        if (discard) this.workers = this.workers.filter((w) => !used.includes(w));
        releaseTurn();
      },
    };
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts workers until there are `count`, idle (unref'd: they keep no process alive). A worker loads the feature
   * code as soon as it starts, so a job that follows finds it ready; one busy with a job is simply not used twice.
   */
  grow(count: number): number {
    while (this.workers.length < count) {
      const worker = new Worker(workerUrl);
      liveWorkers.add(worker);
      worker.on('exit', () => {
        liveWorkers.delete(worker);
        this.workers = this.workers.filter((w) => w !== worker);
      });
      worker.unref();
      this.workers.push(worker);
    }
    return this.workers.length;
  }

  /** Stops every worker (tests, shutdown). */
  async close(): Promise<void> {
    const all = this.workers;
    this.workers = [];
    await Promise.all(all.map((w) => w.terminate()));
  }
}

const pool = new FeatureWorkerPool();

/** Starts pooled workers ahead of a job, up to `count` (cold workers cost hundreds of ms to load the feature code); answers the pool's size. */
export function prepareFeatureWorkers(count: number): number {
  return pool.grow(count);
}

/** Number of live pooled workers. */
export function featureWorkerCount(): number {
  return pool.size;
}

/** Worker threads still alive, including those of a cancelled job until they have stopped. */
export function featureWorkerThreadsAlive(): number {
  return liveWorkers.size;
}

/** Stops the pooled feature workers (for shutdown and tests). */
export function closeFeatureWorkers(): Promise<void> {
  return pool.close();
}
