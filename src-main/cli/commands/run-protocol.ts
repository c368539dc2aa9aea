// `neurofeat run-protocol`: one Graz run headless (cues, markers, BDF+ recording) and, with a model, online feedback.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { numberFlag, printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { defaultBdfChannel } from '../../engine/recorder/recorder-channels.ts';
import { defaultGrazProtocol, protocolModes, scheduleGrazRun, type GrazProtocolConfig, type ProtocolMode } from '../../core/protocol/graz-protocol.ts';
import { defaultSyntheticConfig } from '../../core/synthetic-eeg.ts';
import { SyntheticDevice } from '../../engine/devices/synthetic-device.ts';
import { loadModel, providerChoices, type ProviderChoice } from '../../engine/inference/onnx-session.ts';
import { onnxClassifier } from '../../engine/protocol/onnx-classifier.ts';
import { EdfRecorder } from '../../engine/recorder/edf-recorder.ts';
import { runProtocol } from '../../engine/protocol/protocol-runner.ts';
import { recorderSink } from '../../engine/protocol/recording-sink.ts';

export const runProtocolCommand: Command = {
  help: `Usage: neurofeat run-protocol --device synthetic --mode calibration|online --out FILE.bdf [options] [--json]

Runs one Graz motor-imagery run: a baseline, then trials (fixation cross, beep, cue, imagery, pause) in a
balanced random order, with GDF markers (768 trial start, 786 cross, 785 beep, 769/770 cue, 781 feedback,
800 end of trial, 32766 new run) stamped on the device's sample clock and recorded with the signals (BDF+,
or EDF+ for a .edf name). An online run (--mode online --model M.onnx) classifies a sliding window of the
model's length 16 times a second, removes the bias learnt on the first trials and decides each trial.
  --device D          synthetic (the simulated amplifier; its cues follow the protocol)
  --mode M            calibration (no feedback) or online (needs --model)
  --model M.onnx      the trained model for online runs; --provider auto|cpu|cuda|webgpu
  --trials N          trials per class (default ${defaultGrazProtocol.trialsPerClass})
  --protocol P        left-right (default) or mi-rest; --hand left|right for mi-rest
  --baseline S        rest before the first trial (default ${defaultGrazProtocol.baselineSec} s)
  --speed X           run X times faster than real time (simulated devices; for tests)
  --channels N, --rate HZ, --desync D   the simulated amplifier (defaults ${defaultSyntheticConfig.nChannels}, ${defaultSyntheticConfig.sampleRateHz} Hz, ${defaultSyntheticConfig.desyncDepth})
  --seed N            trial order and pauses (and the simulated signal)
  --overwrite         replace an existing --out file`,
  options: {
    device: { type: 'string' },
    mode: { type: 'string' },
    model: { type: 'string' },
    provider: { type: 'string' },
    out: { type: 'string' },
    trials: { type: 'string' },
    protocol: { type: 'string' },
    hand: { type: 'string' },
    baseline: { type: 'string' },
    speed: { type: 'string' },
    channels: { type: 'string' },
    rate: { type: 'string' },
    desync: { type: 'string' },
    overwrite: { type: 'boolean' },
  },
  async run(args, io) {
    const deviceId = stringFlag(args, 'device');
    if (deviceId !== 'synthetic') throw new UsageError(`--device: expected synthetic${deviceId ? `, got '${deviceId}'` : ''} (serial and network devices run through \`neurofeat record\` for now)`);
    const mode = stringFlag(args, 'mode');
    if (mode !== 'calibration' && mode !== 'online') throw new UsageError(`--mode: expected calibration or online${mode ? `, got '${mode}'` : ''}`);
    const out = stringFlag(args, 'out');
    if (!out) throw new UsageError('--out: expected the recording to write (FILE.bdf or FILE.edf)');
    const kind = path.extname(out).toLowerCase() === '.edf' ? 'EDF' : path.extname(out).toLowerCase() === '.bdf' ? 'BDF' : null;
    if (!kind) throw new UsageError(`--out: expected a .bdf or .edf file name, got '${out}'`);
    if (existsSync(out) && args.values.overwrite !== true) throw new UsageError(`--out: ${out} exists; choose another name or add --overwrite`);
    const modelFile = stringFlag(args, 'model');
    if (mode === 'online' && !modelFile) throw new UsageError('--model: an online run needs the trained model (MODEL.onnx)');
    const protocolMode = stringFlag(args, 'protocol') ?? 'left-right';
    if (!protocolModes.includes(protocolMode as ProtocolMode)) throw new UsageError(`--protocol: expected ${protocolModes.join(' or ')}, got '${protocolMode}'`);
    const hand = stringFlag(args, 'hand') ?? 'left';
    if (hand !== 'left' && hand !== 'right') throw new UsageError(`--hand: expected left or right, got '${hand}'`);
    const seed = numberFlag(args, 'seed', 1, 0, 2 ** 31 - 1);
    const config: GrazProtocolConfig = {
      ...defaultGrazProtocol,
      mode: protocolMode as ProtocolMode,
      hand,
      trialsPerClass: numberFlag(args, 'trials', defaultGrazProtocol.trialsPerClass, 1, 500),
      baselineSec: numberFlag(args, 'baseline', defaultGrazProtocol.baselineSec, 0, 600),
      feedback: mode === 'online',
      seed,
    };
    const speed = numberFlag(args, 'speed', 1, 0.1, 100);
    const providerFlag = stringFlag(args, 'provider') ?? 'auto';
    if (!providerChoices.includes(providerFlag as ProviderChoice)) throw new UsageError(`--provider: '${providerFlag}' is not known; allowed: ${providerChoices.join(', ')}`);
    const model = modelFile ? await loadModel(modelFile, providerFlag as ProviderChoice) : null;
    const device = new SyntheticDevice(
      {
        nChannels: numberFlag(args, 'channels', defaultSyntheticConfig.nChannels, 1, 64),
        sampleRateHz: numberFlag(args, 'rate', model?.info.sampleRateHz ?? defaultSyntheticConfig.sampleRateHz, 100, 2000),
        desyncDepth: numberFlag(args, 'desync', defaultSyntheticConfig.desyncDepth, 0, 1),
        seed,
      },
      { speed },
    );
    const info = await device.open();
    const schedule = scheduleGrazRun(config, info.sampleRateHz);
    const recorder = EdfRecorder.open(out, {
      kind,
      channels: info.channels.map((label) => defaultBdfChannel(label, info.sampleRateHz, kind)),
      recordingInfo: `NeuroFeat ${mode} run`,
      overwrite: args.values.overwrite === true,
    });
    let progressShown = -1;
    const result = await runProtocol({
      device,
      info,
      schedule,
      sink: recorderSink(recorder),
      classifier: model ? onnxClassifier(model) : undefined,
      onMoment: (moment) => {
        const percent = Math.floor(moment.progress * 10) * 10;
        if (percent !== progressShown && args.values.json !== true) {
          progressShown = percent;
          io.err(`run-protocol: ${percent}%\n`);
        }
      },
    }).catch(async (error: unknown) => {
      recorder.close();
      throw error;
    });
    const written = await recorder.finalise();
    await device.close();
    await model?.session.release();
    const decisions = new Map(result.decisions.map((d) => [d.trial, d]));
    const trials = schedule.trials.map((trial) => {
      const decision = decisions.get(trial.index);
      return {
        cue: schedule.classes[trial.classIndex].name,
        code: schedule.classes[trial.classIndex].code,
        onsetSample: trial.cueSample,
        predicted: decision ? schedule.classes[decision.predictedClass].name : null,
        correct: decision ? decision.correct : null,
        biasTrial: decision?.biasTrial ?? null,
      };
    });
    const latency = [...result.latencyMs].sort((a, b) => a - b);
    const quantile = (q: number) => (latency.length > 0 ? latency[Math.min(latency.length - 1, Math.floor(q * latency.length))] : null);
    const report = {
      file: path.resolve(out),
      sha256: written.sha256,
      mode,
      device: deviceId,
      sampleRateHz: info.sampleRateHz,
      channels: info.channels,
      samples: result.samples,
      markers: result.markers,
      aborted: result.aborted,
      fault: result.fault,
      provider: model?.provider ?? null,
      trials,
      accuracy: result.accuracy,
      bias: result.bias,
      latencyMs: { p50: quantile(0.5), p99: quantile(0.99), n: latency.length },
    };
    if (args.values.json === true) printJson(io, report);
    else {
      io.out(`${mode} run: ${trials.length} trials, ${result.samples} samples, ${result.markers} markers -> ${report.file}\n`);
      if (result.accuracy !== null) io.out(`online accuracy ${(100 * result.accuracy).toFixed(1)}%; latency p50 ${report.latencyMs.p50?.toFixed(2)} ms, p99 ${report.latencyMs.p99?.toFixed(2)} ms (${model?.provider})\n`);
    }
    return result.fault ? 1 : 0;
  },
};
