// `neurofeat predict MODEL.onnx FILE...`: applies a model to the epochs of recordings through onnxruntime-node, reporting the provider used.
import { printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { checkInputFile } from '../input-file.ts';
import { badInput } from '../../core/errors.ts';
import { extractEpochs } from '../../core/epochs.ts';
import { prefilteredSource } from '../../core/ml/standard-preprocessing.ts';
import { normaliseChannelName } from '../../core/recording.ts';
import { loadModel, predictWindow, providerChoices, type ProviderChoice } from '../../engine/inference/onnx-session.ts';
import { loadRecording, type LoadedRecording } from '../../services/recordings/load-recording.ts';
import { parseWindowFlag, splitList } from './training-flags.ts';

export const predictCommand: Command = {
  help: `Usage: neurofeat predict MODEL.onnx FILE... [--provider auto|cpu|cuda|webgpu] [--classes A,B] [--window S:E] [--json]

Cuts every cue of the model's classes (or --classes) with the model's window (or --window, same length
only) and runs the raw window through the model. The recordings must hold every channel of the model (by
name, case and trailing dots ignored) at the model's sample rate; other channels are ignored.
  --provider P   auto (default: CUDA when installed, else CPU), cpu, cuda, webgpu; the one used is printed
  --prefilter M  for models trained behind a band-pass: causal (default: filtered from the recording's first
                 sample as the online runtime filters the stream) or zero-phase (forward-backward, as in training)`,
  options: {
    provider: { type: 'string' },
    prefilter: { type: 'string' },
    classes: { type: 'string' },
    window: { type: 'string' },
  },
  async run(args, io) {
    const started = performance.now();
    const [modelFile, ...files] = args.positionals;
    if (!modelFile || files.length === 0) throw new UsageError('expected MODEL.onnx and at least one recording FILE');
    checkInputFile(modelFile, 'a model file');
    for (const file of files) checkInputFile(file);
    const providerFlag = stringFlag(args, 'provider') ?? 'auto';
    const provider = providerChoices.find((p) => p === providerFlag);
    if (!provider) throw new UsageError(`--provider: '${providerFlag}' is not known; allowed: ${providerChoices.join(', ')}`);
    const model = await loadModel(modelFile, provider as ProviderChoice);
    const { info } = model;
    const classes = stringFlag(args, 'classes') !== undefined ? splitList(stringFlag(args, 'classes')!, 'classes') : info.classes;
    if (classes.length !== 2) throw new UsageError(`--classes: expected two classes A,B`);
    const window = stringFlag(args, 'window') !== undefined ? parseWindowFlag(stringFlag(args, 'window')!) : info.window;
    if (Math.round(window.lengthSec * info.sampleRateHz) !== info.nSamples) {
      throw new UsageError(`--window: the model takes ${info.nSamples} samples (${info.nSamples / info.sampleRateHz} s); the window given is ${window.lengthSec} s`);
    }
    const recordings: LoadedRecording[] = [];
    for (const file of files) {
      const rec = await loadRecording(file);
      checkAgainstModel(rec, info.channels, info.sampleRateHz, file);
      recordings.push(rec);
    }
    // Keep only the model's channels, in the model's order, so the windows are exactly the model input.
    const wanted = info.channels.map(normaliseChannelName);
    const sources = recordings.map((rec) => {
      const rows = wanted.map((name) => rec.channels.findIndex((c) => c.name === name));
      return { ...rec, name: rec.path, channels: rows.map((r) => rec.channels[r]), data: rows.map((r) => rec.data[r]) };
    });
    // A model that declares a prefilter takes band-passed windows. By default the whole recording is filtered causally
    // from its first sample, as the online runtime filters the stream, so predict gives what a run would have given;
    // `--prefilter zero-phase` filters forward-backward, as training did.
    const prefilter = info.prefilter;
    const prefilterMode = stringFlag(args, 'prefilter') ?? 'causal';
    if (prefilterMode !== 'causal' && prefilterMode !== 'zero-phase') throw new UsageError(`--prefilter: expected causal or zero-phase, got '${prefilterMode}'`);
    // A filter bank (fbcsp) stacks one band-passed copy of the channels per band, as the model's input (prefilteredSource).
    const filtered = prefilter ? sources.map((s) => prefilteredSource(s, prefilter, prefilterMode)) : sources;
    const epochs = extractEpochs(filtered, { classes, ...window });
    const trials = [];
    let correct = 0;
    for (const trial of epochs.trials) {
      const p = await predictWindow(model, Float32Array.from(trial.data));
      const predicted = p[1] > p[0] ? 1 : 0;
      if (predicted === trial.classIndex) correct++;
      trials.push({ trial: trial.index, file: files[trial.recordingIndex], onsetSec: trial.onsetSec, label: classes[trial.classIndex], probabilities: [p[0], p[1]], predicted: info.classes[predicted] ?? classes[predicted] });
    }
    await model.session.release();
    const output = {
      provider: model.provider,
      providerNote: model.note,
      prefilter: prefilter ? { ...prefilter, applied: prefilterMode } : null,
      model: { family: info.family, classifier: info.classifier, channels: info.channels.length, sampleRateHz: info.sampleRateHz, classes: info.classes, softwareVersion: info.softwareVersion },
      trials,
      rejected: epochs.rejected.map((r) => ({ trial: r.index, onsetSec: r.onsetSec, reason: r.reason, detail: r.detail })),
      accuracy: trials.length > 0 ? correct / trials.length : null,
      elapsedMs: Math.round(performance.now() - started),
    };
    if (args.values.json === true) printJson(io, output);
    else {
      if (model.note) io.err(`predict: ${model.note}\n`);
      io.out(`provider ${model.provider}; ${trials.length} trials; accuracy ${output.accuracy === null ? 'n/a' : `${(100 * output.accuracy).toFixed(1)}%`}\n`);
      for (const t of trials) io.out(`trial ${t.trial} ${t.onsetSec.toFixed(2)} s ${t.label} -> ${t.predicted} (${t.probabilities.map((v) => v.toFixed(3)).join(', ')})\n`);
    }
    return 0;
  },
};

/** Refuses a recording without all the model's channels (listing the missing ones) or at another sample rate. */
export function checkAgainstModel(rec: LoadedRecording, channels: string[], sampleRateHz: number, file: string): void {
  if (rec.sampleRateHz !== sampleRateHz) {
    throw badInput(`${file}: sampled at ${rec.sampleRateHz} Hz but the model expects ${sampleRateHz} Hz; NeuroFeat does not resample for a model (the spectral bins would move): record at ${sampleRateHz} Hz or train a model on this rate`);
  }
  const present = new Set(rec.channels.map((c) => c.name));
  const missing = channels.filter((c) => !present.has(normaliseChannelName(c)));
  if (missing.length > 0) throw badInput(`${file}: lacks ${missing.length} channel(s) of the model: ${missing.join(', ')}`);
}
