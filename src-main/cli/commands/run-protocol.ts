// `neurofeat run-protocol`: one Graz run headless (cues, markers, BDF+ recording) and, with a model, online feedback and device triggers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../core/errors.ts';
import { defaultTriggerRule, type TriggerRule, type TriggerTarget } from '../../core/online/device-trigger.ts';
import { DEFAULT_TRIGGER_BAUD, formatTriggerOutputSpec, parseTriggerCommand, parseTriggerOutputSpec, type TriggerCommand, type TriggerOutputSpec } from '../../core/online/trigger-output-spec.ts';
import { defaultGrazProtocol, protocolModes, scheduleGrazRun, type GrazProtocolConfig, type GrazSchedule, type ProtocolMode } from '../../core/protocol/graz-protocol.ts';
import { defaultSyntheticConfig } from '../../core/synthetic-eeg.ts';
import type { Device, DeviceInfo } from '../../engine/devices/device.ts';
import { loadModel, providerChoices, type LoadedModel, type ProviderChoice } from '../../engine/inference/onnx-session.ts';
import { onnxClassifier } from '../../engine/protocol/onnx-classifier.ts';
import { openTriggerOutput, type TriggerOutput } from '../../engine/output/trigger-output.ts';
import { TriggerRelay } from '../../engine/output/trigger-relay.ts';
import { channelIndices, runProtocol, type ProtocolRunResult, type RunSink } from '../../engine/protocol/protocol-runner.ts';
import { recorderSink } from '../../engine/protocol/recording-sink.ts';
import { recordingChannels } from '../../engine/recorder/device-recording.ts';
import { EdfRecorder } from '../../engine/recorder/edf-recorder.ts';
import { numberFlag, printJson, stringFlag, UsageError, type Command, type ParsedArgs } from '../command.ts';
import { networkHelp, networkOptions } from './lsl.ts';
import { protocolDeviceFromFlags } from './run-protocol-device.ts';

/** Annotation where a run ended before its schedule did (interrupted, the device lost or its file ended). */
export const RUN_ENDED_EARLY_ANNOTATION = 'NeuroFeat: run ended early';

/** Text before a replayed recording's own markers in the run's file. */
export const REPLAYED_MARKER_PREFIX = 'replayed: ';

export const runProtocolCommand: Command = {
  help: `Usage: neurofeat run-protocol --device D --mode calibration|online --out FILE.bdf [options] [--json]

Runs one Graz motor-imagery run: a baseline, then trials (fixation cross, beep, cue, imagery, pause) in a
balanced random order, with GDF markers (768 trial start, 786 cross, 785 beep, 769/770 cue, 781 feedback,
800 end of trial, 32766 new run) stamped on the device's sample clock and recorded with the signals (BDF+,
or EDF+ for a .edf name). An online run (--mode online --model M.onnx) classifies a sliding window of the
model's length 16 times a second, removes the bias learnt on the first trials and decides each trial; with
--trigger it commands a rehabilitation device (FES, robot, avatar) and records each trigger (marker 782).
  --device D          synthetic (the simulated amplifier; its signal follows the protocol's cues), cyton, daisy,
                      unicorn, openeeg-p2, openeeg-p3 (with --port PATH), replay:FILE, lsl:NAME[;markers=NAME],
                      rda:HOST[:PORT]
  --port PATH         serial port of a serial amplifier (a pty from 'neurofeat simulate' works too)
  --mode M            calibration (no feedback) or online (needs --model)
  --model M.onnx      the trained model for online runs; --provider auto|cpu|cuda|webgpu
  --trials N          trials per class (default ${defaultGrazProtocol.trialsPerClass})
  --protocol P        left-right (default) or mi-rest; --hand left|right for mi-rest
  --baseline S        rest before the first trial (default ${defaultGrazProtocol.baselineSec} s)
  --speed X           run X times faster than real time (synthetic and replay:FILE only; for tests)
  --channels N, --rate HZ, --desync D   the simulated amplifier (defaults ${defaultSyntheticConfig.nChannels}, ${defaultSyntheticConfig.sampleRateHz} Hz, ${defaultSyntheticConfig.desyncDepth})
  --gain N, --marker-mode   Cyton/Daisy (as neurofeat record); --uv-per-count X OpenEEG
  --reconnect-timeout SEC   how long to try to get a silent or unplugged serial device back (default 10)
  --seed N            trial order and pauses (and the simulated signal)
  --overwrite         replace an existing --out file
Device trigger (online runs; docs/closed-loop.md):
  --trigger T         serial:PATH[@BAUD] (default ${DEFAULT_TRIGGER_BAUD} baud) or tcp:HOST:PORT
  --trigger-class C   cued (default: the cued class, during its imagery period), either, or a class (1 or 2, or
                      its name: left, right; mi-rest: 'left hand' or 'right hand', rest)
  --trigger-threshold X   how far towards the class the smoothed output must be, 0..1 (default ${defaultTriggerRule.threshold})
  --trigger-hold S        how long it must stay there (default ${defaultTriggerRule.holdSec} s)
  --trigger-refractory S  no other trigger for this long after one (default ${defaultTriggerRule.refractorySec} s)
  --trigger-command C     json (default: one JSON line), text:TEMPLATE ({class} {code} {index} {output}
                          {sample}; \\n \\r \\t \\xHH) or hex:BYTES (A5 01 {index})
LSL discovery (lsl:NAME):
${networkHelp}`,
  options: {
    device: { type: 'string' },
    port: { type: 'string' },
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
    gain: { type: 'string' },
    'marker-mode': { type: 'boolean' },
    'uv-per-count': { type: 'string' },
    'reconnect-timeout': { type: 'string' },
    overwrite: { type: 'boolean' },
    trigger: { type: 'string' },
    'trigger-class': { type: 'string' },
    'trigger-threshold': { type: 'string' },
    'trigger-hold': { type: 'string' },
    'trigger-refractory': { type: 'string' },
    'trigger-command': { type: 'string' },
    ...networkOptions,
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    if (!stringFlag(args, 'device')) throw new UsageError('--device: expected synthetic, cyton, daisy, unicorn, openeeg-p2, openeeg-p3, replay:FILE, lsl:NAME or rda:HOST');
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
    const triggerFlags = triggerFromFlags(args, mode);
    const providerFlag = stringFlag(args, 'provider') ?? 'auto';
    if (!providerChoices.includes(providerFlag as ProviderChoice)) throw new UsageError(`--provider: '${providerFlag}' is not known; allowed: ${providerChoices.join(', ')}`);
    const model = modelFile ? await loadModel(modelFile, providerFlag as ProviderChoice) : null;
    let device: Device | null = null;
    let output: TriggerOutput | null = null;
    try {
      const opened = protocolDeviceFromFlags(args, io, { sampleRateHz: model?.info.sampleRateHz, seed });
      device = opened.device;
      const deviceName = opened.name;
      const info = await device.open();
      // A model the device cannot feed is refused before anything is written.
      if (model) checkModelFits(model, info.channels, info.sampleRateHz);
      const schedule = scheduleGrazRun(config, info.sampleRateHz);
      const rule = triggerFlags ? { ...triggerFlags.rule, targetClass: triggerTarget(triggerFlags.target, schedule) } : null;
      let unavailable: string | null = null;
      if (triggerFlags) {
        output = await openTriggerOutput(triggerFlags.spec).catch((error: unknown) => {
          unavailable = error instanceof Error ? error.message : String(error);
          return null;
        });
      }
      const activeRecorder = EdfRecorder.open(out, {
        kind,
        channels: recordingChannels(info, kind),
        recordingInfo: `NeuroFeat ${mode} run`,
        overwrite: args.values.overwrite === true,
      });
      const relay = triggerFlags && rule
        ? new TriggerRelay({
            rule,
            sampleRateHz: info.sampleRateHz,
            classes: schedule.classes,
            output,
            command: triggerFlags.command,
            record: (marker) => activeRecorder.addAnnotation(marker.sample / info.sampleRateHz, 0, marker.label),
            log: (message) => io.err(`run-protocol: ${message}\n`),
          })
        : null;
      if (relay && unavailable !== null) relay.outputLost(unavailable);
      let progressShown = -1;
      // Ctrl-C (or a service manager's SIGTERM) ends the run early: what was recorded is finalised and kept, and marked.
      const interrupt = new AbortController();
      const onSignal = () => {
        io.err('run-protocol: stopping (signal received); the recording so far is kept\n');
        interrupt.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const result = await runProtocol({
        signal: interrupt.signal,
        device,
        info,
        schedule,
        sink: deviceName === 'replay' ? replayedMarkersApart(recorderSink(activeRecorder), activeRecorder) : recorderSink(activeRecorder),
        classifier: model ? onnxClassifier(model) : undefined,
        onMoment: (moment) => {
          const percent = Math.floor(moment.progress * 10) * 10;
          if (percent !== progressShown && args.values.json !== true) {
            progressShown = percent;
            io.err(`run-protocol: ${percent}%\n`);
          }
        },
        onOutput: relay ? (o) => relay.push(o.sample, o.smoothed, o.trial === null ? null : schedule.trials[o.trial].classIndex) : undefined,
      }).catch((error: unknown) => {
        activeRecorder.close();
        throw error;
      }).finally(() => {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      });
      if (result.aborted) activeRecorder.addAnnotation(result.samples / info.sampleRateHz, 0, RUN_ENDED_EARLY_ANNOTATION);
      if (result.fault) io.err(`run-protocol: the device failed: ${result.fault}; what was recorded is kept\n`);
      await output?.close();
      const written = await activeRecorder.finalise();
      const report = runReport({ out, sha256: written.sha256, mode, deviceName, info, schedule, result, model, relay, triggerFlags, output });
      if (args.values.json === true) printJson(io, report);
      else {
        io.out(`${mode} run: ${report.trials.length} trials, ${result.samples} samples, ${result.markers} markers -> ${report.file}\n`);
        if (result.accuracy !== null) io.out(`online accuracy ${(100 * result.accuracy).toFixed(1)}%; latency p50 ${report.latencyMs.p50?.toFixed(2)} ms, p99 ${report.latencyMs.p99?.toFixed(2)} ms (${model?.provider})\n`);
        if (report.trigger) io.out(`device trigger ${report.trigger.output}: ${report.trigger.fired.length} triggers, ${report.trigger.fired.filter((f) => f.sent).length} sent${report.trigger.lost ? `; output lost: ${report.trigger.lost.reason}` : ''}\n`);
      }
      return result.fault ? 1 : 0;
    } finally {
      await output?.close();
      await device?.close();
      await model?.session.release();
    }
  },
};

interface TriggerFlags {
  spec: TriggerOutputSpec;
  target: string;
  rule: Omit<TriggerRule, 'targetClass'>;
  command: TriggerCommand;
  commandText: string;
}

/** The `--trigger*` flags, checked (null without --trigger); the class target is resolved once the run's classes are known. */
function triggerFromFlags(args: ParsedArgs, mode: 'calibration' | 'online'): TriggerFlags | null {
  const text = stringFlag(args, 'trigger');
  const others = ['trigger-class', 'trigger-threshold', 'trigger-hold', 'trigger-refractory', 'trigger-command'].filter((f) => stringFlag(args, f) !== undefined);
  if (text === undefined) {
    if (others.length > 0) throw new UsageError(`--${others[0]}: needs --trigger serial:PATH[@BAUD] or tcp:HOST:PORT`);
    return null;
  }
  if (mode !== 'online') throw new UsageError('--trigger: triggers follow the classifier, so they need an online run (--mode online --model M.onnx)');
  const usage = <T>(parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof CoreError) throw new UsageError(`--${String(error.details.field ?? 'trigger')}: ${error.message}`);
      throw error;
    }
  };
  const spec = usage(() => parseTriggerOutputSpec(text));
  const commandText = stringFlag(args, 'trigger-command') ?? 'json';
  const command = usage(() => parseTriggerCommand(commandText));
  const threshold = numberFlag(args, 'trigger-threshold', defaultTriggerRule.threshold, 0, 1);
  if (threshold === 0) throw new UsageError('--trigger-threshold: expected a number above 0 and at most 1, got 0');
  return {
    spec,
    target: stringFlag(args, 'trigger-class') ?? 'cued',
    rule: {
      threshold,
      holdSec: numberFlag(args, 'trigger-hold', defaultTriggerRule.holdSec, 0, 60),
      refractorySec: numberFlag(args, 'trigger-refractory', defaultTriggerRule.refractorySec, 0, 600),
    },
    command,
    commandText,
  };
}

/**
 * A replayed recording's own markers are written as `replayed: LABEL`, so its 769/770 do not mix with the markers of
 * the run's own schedule (a training on the new file reads the run's cues only).
 */
function replayedMarkersApart(sink: RunSink, recorder: EdfRecorder): RunSink {
  return { ...sink, deviceMarker: (marker, onsetSec) => recorder.addAnnotation(onsetSec, marker.durationSec, `${REPLAYED_MARKER_PREFIX}${marker.label}`) };
}

/** `cued`, `either`, `1`/`2` or a class's name (`left`, `right`, `left hand`, `rest`) as the trigger's target. */
function triggerTarget(text: string, schedule: GrazSchedule): TriggerTarget {
  if (text === 'cued' || text === 'either') return text;
  if (text === '1' || text === '2') return text === '1' ? 0 : 1;
  const index = schedule.classes.findIndex((c) => c.name === text);
  if (index === 0 || index === 1) return index;
  throw new UsageError(`--trigger-class: expected cued, either, 1, 2, ${schedule.classes.map((c) => `'${c.name}'`).join(' or ')}; got '${text}'`);
}

/** The same checks the online runtime makes, before the recording is created: the device must have the model's channels and rate. */
function checkModelFits(model: LoadedModel, channels: string[], sampleRateHz: number): void {
  if (model.info.sampleRateHz !== sampleRateHz) {
    throw new CoreError('bad-input', `The model was trained at ${model.info.sampleRateHz} Hz but the device runs at ${sampleRateHz} Hz.`);
  }
  channelIndices(channels, model.info.channels);
}

interface ReportParts {
  out: string;
  sha256: string;
  mode: 'calibration' | 'online';
  deviceName: string;
  info: DeviceInfo;
  schedule: GrazSchedule;
  result: ProtocolRunResult;
  model: LoadedModel | null;
  relay: TriggerRelay | null;
  triggerFlags: TriggerFlags | null;
  output: TriggerOutput | null;
}

/** What `--json` prints: the run, its trials with their decisions, latency, and the device trigger's triggers. */
function runReport(parts: ReportParts) {
  const { schedule, result, relay, info } = parts;
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
  const trigger = relay && parts.triggerFlags
    ? {
        output: formatTriggerOutputSpec(parts.triggerFlags.spec),
        command: parts.triggerFlags.commandText,
        target: parts.triggerFlags.target,
        threshold: parts.triggerFlags.rule.threshold,
        holdSec: parts.triggerFlags.rule.holdSec,
        refractorySec: parts.triggerFlags.rule.refractorySec,
        fired: relay.fired.map((f) => ({
          seq: f.seq,
          sample: f.sample,
          timeSec: f.sample / info.sampleRateHz,
          class: f.className,
          output: f.output,
          sent: f.sent,
          acknowledged: parts.output?.acknowledged.has(f.seq) ?? false,
        })),
        lost: relay.loss,
      }
    : null;
  return {
    file: path.resolve(parts.out),
    sha256: parts.sha256,
    mode: parts.mode,
    device: parts.deviceName,
    sampleRateHz: info.sampleRateHz,
    channels: info.channels,
    samples: result.samples,
    markers: result.markers,
    aborted: result.aborted,
    fault: result.fault,
    provider: parts.model?.provider ?? null,
    trials,
    accuracy: result.accuracy,
    bias: result.bias,
    latencyMs: { p50: quantile(0.5), p99: quantile(0.99), n: latency.length },
    trigger,
  };
}
