// `bench --suite files`: reading speed against MNE, streaming a 1 GB BDF in bounded memory, the recorder's CPU cost.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EdfRecorder } from '../../engine/recorder/edf-recorder.ts';
import { percentile, type BenchSuite } from './suite.ts';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'files-child.ts');
const nodeArgs = process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'];
const python = '/usr/bin/python3';
const REPEATS = 50;
const WARM_UP = 10;

/** MNE's read_raw_edf(preload=True) timed inside Python after warm-up reads: prints median and minimum (ms). */
const mneInProcess = `
import sys, time, mne
mne.set_log_level('ERROR')
path, n, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for _ in range(warm):
    mne.io.read_raw_edf(path, preload=True)
times = []
for _ in range(n):
    t = time.perf_counter(); raw = mne.io.read_raw_edf(path, preload=True); times.append((time.perf_counter() - t) * 1000)
times.sort(); print(times[len(times) // 2], times[0])
`;

function runChild(args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, [...nodeArgs, child, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function wallMs(command: string, args: string[]): number {
  const t = performance.now();
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
  return performance.now() - t;
}

export const filesSuite: BenchSuite = {
  async run({ dataDir, log, report }) {
    const run = path.join(dataDir, 'physionet-eegmmidb', 'S001', 'S001R04.edf');
    log(`reading ${run} (64 ch x 20 000 samples) ${REPEATS} times (after ${WARM_UP} warm-up reads) in a Node process and in MNE's Python process`);
    const timed = runChild(['time-load', run, String(REPEATS), String(WARM_UP)]);
    const oursMs = timed.medianMs;
    const oursMin = timed.minMs;
    const [mneMs, mneMin] = execFileSync(python, ['-c', mneInProcess, run, String(REPEATS), String(WARM_UP)], { encoding: 'utf8' }).trim().split(' ').map(Number);
    report({ name: 'EDF read to Float32 arrays, NeuroFeat (in process)', value: oursMs, unit: 'ms', n: REPEATS, note: `S001R04.edf, median (min ${oursMin.toFixed(2)})` });
    report({ name: 'EDF read, MNE read_raw_edf(preload=True) (in process)', value: mneMs, unit: 'ms', n: REPEATS, note: `median (min ${mneMin.toFixed(2)}), same machine, same run` });
    report({ name: 'EDF read speed-up over MNE (in process, medians)', value: mneMs / oursMs, unit: 'x', n: REPEATS, note: 'target >= 5' });
    report({ name: 'EDF read speed-up over MNE (in process, best runs)', value: mneMin / oursMin, unit: 'x', n: REPEATS, note: 'less sensitive to other load on the machine' });

    const wholeOurs: number[] = [];
    const wholeMne: number[] = [];
    for (let i = 0; i < 5; i++) {
      wholeOurs.push(wallMs(process.execPath, [...nodeArgs, child, 'load', run]));
      wholeMne.push(wallMs(python, ['-c', 'import sys, mne; mne.io.read_raw_edf(sys.argv[1], preload=True, verbose=False)', run]));
    }
    const processOurs = percentile(wholeOurs, 50);
    const processMne = percentile(wholeMne, 50);
    report({ name: 'EDF read, NeuroFeat whole process (node start + read)', value: processOurs, unit: 'ms', n: 5 });
    report({ name: 'EDF read, MNE whole process (python start + import + read)', value: processMne, unit: 'ms', n: 5 });
    report({ name: 'EDF read speed-up over MNE (whole process)', value: processMne / processOurs, unit: 'x', n: 5, note: 'target >= 5' });

    const dir = mkdtempSync(path.join(tmpdir(), 'nf-bench-files-'));
    try {
      const big = path.join(dir, 'one-gigabyte.bdf');
      const target = Number(process.env.NEUROFEAT_BENCH_BDF_BYTES ?? 1024 ** 3);
      log(`writing a ${(target / 1024 ** 2).toFixed(0)} MB BDF+ (64 ch x 2 kHz) with the recorder, then streaming it`);
      const written = runChild(['write-bdf', big, String(target)]);
      const bytes = statSync(big).size;
      report({ name: 'BDF+ write speed (64 ch x 2 kHz, recorder)', value: bytes / 1024 ** 2 / (written.ms / 1000), unit: 'MB/s', n: 1, note: `${(bytes / 1024 ** 2).toFixed(0)} MB` });
      report({ name: 'BDF+ write peak memory', value: written.maxRssMb, unit: 'MB', n: 1, note: 'whole process, target < 200' });
      const streamed = runChild(['stream', big]);
      report({ name: 'BDF+ stream read (stats of every channel) speed', value: bytes / 1024 ** 2 / (streamed.ms / 1000), unit: 'MB/s', n: 1, note: `${streamed.samples} samples x ${streamed.channels} ch` });
      report({ name: 'BDF+ stream read peak memory', value: streamed.maxRssMb, unit: 'MB', n: 1, note: 'whole process, target < 200' });
      rmSync(big, { force: true });
      rmSync(`${big}.sha256`, { force: true });

      const seconds = 60;
      log(`feeding ${seconds} s of 64 ch x 2 kHz to the recorder in 50 ms chunks, synced every recorded second`);
      const recorder = EdfRecorder.open(path.join(dir, 'cpu.bdf'), {
        kind: 'BDF',
        channels: Array.from({ length: 64 }, (_, c) => ({
          label: `E${c + 1}`, unit: 'uV', sampleRateHz: 2000, physicalMin: -262144, physicalMax: 262144, digitalMin: -8388608, digitalMax: 8388607,
        })),
      });
      const chunk = Array.from({ length: 64 }, (_, c) => Float32Array.from({ length: 100 }, (_, k) => 30 * Math.sin(c + k / 7)));
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < seconds * 20; i++) {
        recorder.appendSamples(chunk);
        if (i % 20 === 19) {
          recorder.addAnnotation(i / 20, 0, 'cue');
          recorder.flush();
        }
      }
      const cpu = process.cpuUsage(cpu0);
      await recorder.finalise();
      const cpuSec = (cpu.user + cpu.system) / 1e6;
      report({ name: 'recorder CPU at 64 ch x 2 kHz', value: (cpuSec / seconds) * 100, unit: '% of one core', n: seconds, note: 'target < 5 (includes fdatasync each second)' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
