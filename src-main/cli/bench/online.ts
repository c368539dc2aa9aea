// Bench suite `online`: sample arrival to classifier output on the simulated amplifier in real time, with a model trained on two simulated calibration runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { percentile, type BenchSuite } from './suite.ts';
import { main } from '../main.ts';
import { defaultGrazProtocol, scheduleGrazRun } from '../../core/protocol/graz-protocol.ts';
import { SyntheticDevice } from '../../engine/devices/synthetic-device.ts';
import { loadModel, predictWindow, type ProviderChoice } from '../../engine/inference/onnx-session.ts';
import { runProtocol } from '../../engine/protocol/protocol-runner.ts';
import { measurePatientScreen } from './patient-screen.ts';

const quiet = { out: () => undefined, err: () => undefined };

export const onlineSuite: BenchSuite = {
  async run(context) {
    const seconds = Number(process.env.NEUROFEAT_BENCH_ONLINE_SEC ?? 60);
    const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-bench-online-'));
    try {
      const calibration = ['--device', 'synthetic', '--mode', 'calibration', '--trials', '10', '--baseline', '2', '--speed', '50', '--desync', '0.8'];
      const files = [1, 2].map((seed) => path.join(scratch, `calibration-${seed}.bdf`));
      context.log('online: two simulated calibration runs (speed 50) and the default training');
      for (const [k, file] of files.entries()) {
        if ((await main(['run-protocol', ...calibration, '--seed', String(k + 1), '--out', file], quiet)) !== 0) throw new Error('the calibration run failed');
      }
      const modelFile = path.join(scratch, 'model.onnx');
      if ((await main(['train', ...files, '--classes', '769,770', '--out', modelFile], quiet)) !== 0) throw new Error('training failed');
      for (const provider of ['cpu', 'auto'] as ProviderChoice[]) {
        const model = await loadModel(modelFile, provider);
        if (provider === 'auto' && model.provider === 'cpu') {
          context.log(`online: no GPU provider here (${model.note ?? 'cpu'}); CPU figures only`);
          await model.session.release();
          break;
        }
        const device = new SyntheticDevice({ nChannels: 16, sampleRateHz: model.info.sampleRateHz, seed: 7, desyncDepth: 0.8 });
        const info = await device.open();
        const trialsPerClass = Math.max(1, Math.floor((seconds - 2) / 10.5 / 2));
        const schedule = scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass, baselineSec: 2, feedback: true, seed: 3 }, info.sampleRateHz);
        context.log(`online: ${(schedule.totalSamples / info.sampleRateHz).toFixed(0)} s in real time on ${model.provider}`);
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const result = await runProtocol({
          device, info, schedule,
          classifier: { channels: model.info.channels, nSamples: model.info.nSamples, sampleRateHz: info.sampleRateHz, prefilter: model.info.prefilter, classify: (w) => predictWindow(model, w) },
        });
        const wallMs = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        await device.close();
        await model.session.release();
        const latency = result.latencyMs;
        const note = `${model.info.family}, ${model.info.channels.length} channels x ${model.info.nSamples} samples, 16 outputs/s, simulated amplifier in real time`;
        context.report({ name: `online.sample-to-output.p50.${model.provider}`, value: percentile(latency, 50), unit: 'ms', n: latency.length, note });
        context.report({ name: `online.sample-to-output.p99.${model.provider}`, value: percentile(latency, 99), unit: 'ms', n: latency.length, note: `${note}; target p99 < 10 ms` });
        context.report({ name: `online.accuracy.${model.provider}`, value: result.accuracy ?? NaN, unit: 'fraction', n: result.decisions.length, note: 'per-trial decisions of the online run (simulated desynchronisation 0.8)' });
        context.report({ name: `online.process-cpu.${model.provider}`, value: (100 * (cpu.user + cpu.system)) / 1000 / wallMs, unit: '% of one core', n: 1, note: 'device, protocol, prefilter and inference in one process' });
      }
      // The app's loop with the patient's page in Chromium: output-to-screen and cue display timing.
      await measurePatientScreen(context, seconds);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
