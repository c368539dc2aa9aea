// `neurofeat features FILE... --method M`: epochs, reference, spectra or connectivity, class statistics (CLI.md contract).
import path from 'node:path';
import { printJson, stringFlag, numberFlag, UsageError, type Command, type CommandIo, type ParsedArgs } from '../command.ts';
import { checkInputFile } from '../input-file.ts';
import { parseMethod, type FeatureParameters } from '../../core/features/pipeline.ts';
import { defaultEpochDefinition, type EpochDefinition } from '../../core/epochs.ts';
import { connectivityView, erdsView, type ErdsView } from '../../services/features/feature-views.ts';
import { connectivityMetrics } from '../../core/features/connectivity.ts';
import { trainingClasses } from '../../services/training/training-service.ts';
import { parseWindowFlag, splitList } from './training-flags.ts';
import type { FeatureMethod } from '../../core/features/trial-features.ts';
import { openFeatureSources, type FeatureSources } from '../../services/jobs/feature-sources.ts';
import { summariseFeatureJob } from '../../services/jobs/feature-summary.ts';
import { parseFeatureReference } from '../../core/dsp/reference.ts';
import { featureMethods } from '../../core/features/trial-features.ts';
import { runFeatureJob } from '../../services/jobs/feature-job.ts';
import { FeatureCacheStore } from '../../services/jobs/feature-cache.ts';
import { resolveDataDir } from '../../services/paths.ts';
import { ensureWritableFolder, openDatabase } from '../../services/storage/database.ts';
import { FeatureCacheIndex } from '../../services/storage/feature-cache-index.ts';
import { ApiFailure } from '../../contract/errors.ts';

export const featuresCommand: Command = {
  help: `Usage: neurofeat features FILE... [--method M] [--classes A,B] [--window START:END] [--json]

Cuts the epochs of the two classes in every file (trials numbered in file order, then by onset),
re-references, computes per-trial features and prints class mean, sd, R² and signed R² per channel
and frequency.
  --method M        ${featureMethods.join(', ')} (default welch); all but welch and burg give
                    node strength; mvarcoh/mvarabsimcoh fit a bivariate MVAR per pair and 0.25 s window
                    (HappyFeat's estimator: slow on many channels, pick some with --channels)
  --classes A,B     event codes or annotation texts (default: 769,770 or T1,T2, whichever the files hold)
  --window S:E      seconds relative to the cue (default 0:3, as train; write --window=-1:3 when S is negative)
  --reference R     car, none or laplacian (10-10 grid neighbours) (default car)
  --fmin HZ --fmax HZ   band kept (default 1 and 40)
  --channels C3,C4  channels kept after referencing (default all)
  --linear          linear power instead of log10 (PSD methods)
  --segment SEC     Welch segment (default 1 s; 0.5 s for connectivity)
  --bandpass LO-HI  zero-phase Butterworth band-pass (order 4) before epoching
  --notch HZ        50 or 60 Hz mains notch before epoching
  --reject UV       peak-to-peak rejection threshold in µV (default off)
  --cache           reuse per-recording features stored under DATA_DIR/feature-cache (keyed by the file's
                    SHA-256 and a hash of these parameters, indexed in the data folder's database) and
                    store new ones; a data folder that cannot be written gives a warning and no caching
  --matrix          connectivity methods: also the mean channel x channel matrix per class (JSON 'matrix')
  --erds=B0:B1      also ERD/ERS% time x frequency maps per class against the baseline B0:B1 s
                    (epochs cut from B0 to the window end; 1 s frames every 0.125 s; JSON 'erds')
  --threads N       worker threads (default: in-process for small jobs, else all cores up to 8)`,
  options: {
    method: { type: 'string' },
    classes: { type: 'string' },
    window: { type: 'string' },
    reference: { type: 'string' },
    fmin: { type: 'string' },
    fmax: { type: 'string' },
    channels: { type: 'string' },
    linear: { type: 'boolean' },
    segment: { type: 'string' },
    bandpass: { type: 'string' },
    notch: { type: 'string' },
    reject: { type: 'string' },
    cache: { type: 'boolean' },
    matrix: { type: 'boolean' },
    erds: { type: 'string' },
  },
  async run(args, io) {
    const started = performance.now();
    if (args.positionals.length === 0) throw new UsageError('expected at least one recording FILE');
    for (const file of args.positionals) checkInputFile(file);
    const method = parseMethod(stringFlag(args, 'method') ?? 'welch');
    if (args.values.matrix === true && !(connectivityMetrics as readonly string[]).includes(method)) {
      throw new UsageError(`--matrix: only for the Welch connectivity methods (${connectivityMetrics.join(', ')}), not '${method}'`);
    }
    // One default window for features, training and the app: core's defaultEpochDefinition (0-3 s after the cue).
    const window = parseWindowFlag(stringFlag(args, 'window') ?? `${defaultEpochDefinition.offsetSec}:${defaultEpochDefinition.offsetSec + defaultEpochDefinition.lengthSec}`);
    const threads = numberFlag(args, 'threads', 0, 0, 64);
    const bandpass = stringFlag(args, 'bandpass');
    const notch = stringFlag(args, 'notch');
    // Without filters only the epochs need decoding: the files are opened for windowed reading.
    const sources = await openFeatureSources(args.positionals, { whole: bandpass !== undefined || notch !== undefined });
    try {
      return await extract(args, io, started, method, window, threads, sources, bandpass, notch);
    } finally {
      sources.close();
    }
  },
};

async function extract(
  args: ParsedArgs, io: CommandIo, started: number, method: FeatureMethod, window: EpochDefinition, threads: number,
  sources: FeatureSources, bandpass: string | undefined, notch: string | undefined,
): Promise<number> {
  const { recordings } = sources;
  const classesFlag = stringFlag(args, 'classes');
  const classes = classesFlag !== undefined ? splitList(classesFlag, 'classes') : trainingClasses(recordings.flatMap((r) => r.events), undefined);
  if (classes.length !== 2) throw new UsageError(`--classes: expected two classes A,B, got '${classesFlag}'`);
  const reject = stringFlag(args, 'reject');
  const parameters: FeatureParameters = {
    method,
    classes,
    window,
    reference: parseFeatureReference(stringFlag(args, 'reference') ?? 'car'),
    band: { fminHz: numberFlag(args, 'fmin', 1, 0), fmaxHz: numberFlag(args, 'fmax', 40, 0) },
    channels: stringFlag(args, 'channels') !== undefined ? splitList(stringFlag(args, 'channels')!, 'channels') : undefined,
    log: args.values.linear !== true,
    segmentSec: stringFlag(args, 'segment') !== undefined ? numberFlag(args, 'segment', 1, 0.01, 60) : undefined,
    filter: bandpass !== undefined || notch !== undefined ? {
      bandpassHz: bandpass !== undefined ? parseBand(bandpass) : undefined,
      notchHz: notch !== undefined ? numberFlag(args, 'notch', 50, 1) : undefined,
    } : undefined,
    amplitudeThreshold: reject !== undefined ? numberFlag(args, 'reject', 0, 0) : undefined,
  };
  const opened = args.values.cache === true ? openCache(resolveDataDir(stringFlag(args, 'data-dir')), io) : null;
  let result: Awaited<ReturnType<typeof runFeatureJob>>;
  try {
    const cache = opened
      ? { store: opened.store, checksums: await sources.checksums() }
      : undefined;
    let lastProgress = 0;
    result = await runFeatureJob(recordings, parameters, {
      cache,
      threads: threads === 0 ? undefined : threads,
      // Long jobs (connectivity on many channels) say where they are, at most once a second, on stderr.
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - started > 1000 && now - lastProgress > 1000 && done < total) {
          lastProgress = now;
          io.err(`features: ${done}/${total} ${cache ? 'recordings' : 'trials'}\n`);
        }
      },
    });
  } finally {
    opened?.index.db.close();
  }
  if (opened?.store.indexError) io.err(`features: warning: ${opened.store.indexError}\n`);
  const summary = summariseFeatureJob(result, args.positionals, performance.now() - started);
  const { features, stats } = result;
  const nChannels = features.channels.length;
  const nFreqs = features.freqsHz.length;
  const output = {
    method,
    channels: summary.channels,
    freqsHz: summary.freqsHz,
    classes: summary.classes,
    mean: summary.mean,
    sd: summary.sd,
    r2: summary.r2,
    signedR2: summary.signedR2,
    log: summary.log,
    files: args.positionals,
    window: { offsetSec: window.offsetSec, lengthSec: window.lengthSec },
    reference: parameters.reference.kind,
    trials: result.trials.map((t) => ({ index: t.index, file: t.recordingIndex, onsetSec: t.onsetSec, class: classes[t.classIndex] })),
    rejected: summary.rejected,
    ...(args.values.cache === true ? { cacheHits: result.cacheHits } : {}),
    ...(args.values.matrix === true ? { matrix: connectivityView(recordings, parameters).matrix } : {}),
    ...(stringFlag(args, 'erds') !== undefined ? { erds: erdsOutput(erdsView(recordings, parameters, parseBaseline(stringFlag(args, 'erds')!))) } : {}),
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
  };
  if (args.values.json === true) {
    printJson(io, output);
    return 0;
  }
  io.out(`${method}: ${nChannels} channels x ${nFreqs} frequencies (${features.freqsHz[0]}-${features.freqsHz[nFreqs - 1]} Hz), ${features.log ? 'log10' : 'linear'}\n`);
  for (const c of stats.classes) io.out(`  class ${c.name}: ${c.nTrials} trials\n`);
  if (result.rejected.length > 0) io.out(`  rejected: ${result.rejected.map((t) => `#${t.index} ${t.reason}`).join(', ')}\n`);
  const ranked = Array.from(stats.r2.keys()).sort((a, b) => stats.r2[b] - stats.r2[a]).slice(0, 5);
  io.out('  highest R²:\n');
  for (const i of ranked) {
    const c = Math.floor(i / nFreqs);
    io.out(`    ${features.channels[c]} ${features.freqsHz[i % nFreqs]} Hz: ${stats.r2[i].toFixed(3)} (signed ${stats.signedR2[i].toFixed(3)})\n`);
  }
  io.out(`  ${output.elapsedMs} ms\n`);
  return 0;
}

/**
 * The cache store of the data folder with its database index; when the folder (or its cache folder or
 * database) cannot be written, one warning on stderr and null: the features are computed without caching.
 */
function openCache(dataDir: string, io: CommandIo): { store: FeatureCacheStore; index: FeatureCacheIndex } | null {
  try {
    ensureWritableFolder(path.join(dataDir, 'feature-cache'));
    const index = new FeatureCacheIndex(openDatabase(dataDir, 'cli'));
    return { store: new FeatureCacheStore(dataDir, index), index };
  } catch (error) {
    const reason = error instanceof ApiFailure ? `${error.error.message} ${error.error.recovery ?? ''}`.trim() : error instanceof Error ? error.message : String(error);
    io.err(`features: --cache: computing without the cache: ${reason}\n`);
    return null;
  }
}

/** The JSON 'erds' as CLI.md has it (no channel list: the channels are the output's). */
const erdsOutput = ({ timesSec, freqsHz, baselineSec, values }: ErdsView) => ({ timesSec, freqsHz, baselineSec, values });

/** `--erds=B0:B1`: the baseline in seconds relative to the cue. */
function parseBaseline(text: string): [number, number] {
  const match = /^(-?[\d.]+):(-?[\d.]+)$/.exec(text.trim());
  const b0 = match ? Number(match[1]) : NaN;
  const b1 = match ? Number(match[2]) : NaN;
  if (!Number.isFinite(b0) || !Number.isFinite(b1) || b1 <= b0) throw new UsageError(`--erds: expected a baseline B0:B1 in seconds relative to the cue with B1 > B0 (e.g. -2:-0.5), got '${text}'`);
  return [b0, b1];
}

function parseBand(text: string): [number, number] {
  const match = /^([\d.]+)-([\d.]+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--bandpass: expected LO-HI in Hz (e.g. 8-30), got '${text}'`);
  return [Number(match[1]), Number(match[2])];
}
