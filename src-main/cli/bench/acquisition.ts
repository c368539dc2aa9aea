// `bench --suite acquisition`: Cyton and Cyton + Daisy through a pty (losses, engine CPU, byte-to-sample latency), synthetic 64 ch x 2 kHz recorded.
//
// The simulator runs in its own process (`neurofeat simulate`), so the CPU measured here is the driver's and the
// recorder's alone, as in the engine process. NEUROFEAT_BENCH_ACQUISITION_SEC sets each run's length (default 600).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CytonDevice } from '../../engine/devices/cyton-device.ts';
import { SyntheticDevice } from '../../engine/devices/synthetic-device.ts';
import { wallClockMs, type Device } from '../../engine/devices/device.ts';
import { CytonSimulator } from '../../engine/devices/simulators/cyton-simulator.ts';
import { recordDevice } from '../../engine/recorder/record-device.ts';
import { percentile, type BenchContext, type BenchSuite } from './suite.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const nodeArgs = process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'];

async function waitForPaths(paths: string[], child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 10000;
  while (!paths.every(existsSync)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${what} did not start within 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Records `device` for `seconds` and reports CPU (% of one core), memory and what `extra` adds. */
async function measure(context: BenchContext, label: string, device: Device, file: string, seconds: number, extra: () => void): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  let peakRss = process.memoryUsage().rss;
  const memory = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 1000);
  const rssStart = process.memoryUsage().rss;
  let result;
  try {
    result = await recordDevice(device, file, { kind: 'BDF', durationSec: seconds, onStatus: (s) => context.log(`${label}: ${s.kind}: ${s.message}`) });
  } finally {
    clearInterval(memory);
  }
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  context.report({ name: `${label}: samples recorded`, value: result.samples, unit: 'samples', n: 1, note: `${seconds} s at ${result.info.sampleRateHz} Hz, ${result.info.channels.length} channels` });
  context.report({ name: `${label}: lost samples`, value: result.lostSamples, unit: 'samples', n: result.samples });
  context.report({ name: `${label}: engine CPU (driver + recorder)`, value: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, unit: '% of one core', n: 1, note: `over ${(wallMs / 1000).toFixed(1)} s wall, open and handshake included` });
  context.report({ name: `${label}: peak RSS growth`, value: (peakRss - rssStart) / 2 ** 20, unit: 'MiB', n: Math.round(wallMs / 1000), note: `peak ${(peakRss / 2 ** 20).toFixed(0)} MiB` });
  extra();
}

async function serialRun(context: BenchContext, id: 'cyton' | 'daisy', seconds: number, dir: string): Promise<void> {
  const amp = path.join(dir, `${id}-amp`);
  const host = path.join(dir, `${id}-host`);
  const socat = spawn('socat', [`pty,raw,echo=0,link=${amp}`, `pty,raw,echo=0,link=${host}`], { stdio: 'ignore' });
  let simulator: ChildProcess | null = null;
  try {
    await waitForPaths([amp, host], socat, 'socat');
    simulator = spawn(process.execPath, [...nodeArgs, path.join(repositoryRoot, 'bin/neurofeat.js'), 'simulate', '--device', id, '--port', amp, '--auto-cues', '--seed', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    simulator.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 15000;
    while (!log.includes('listening') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!log.includes('listening')) throw new Error(`the ${id} simulator did not start: ${log}`);
    const latencies: number[] = [];
    const device = new CytonDevice({ port: host, daisy: id === 'daisy', onDelivered: (arrival, delivered) => latencies.push(delivered - arrival) });
    context.log(`${id}: recording ${seconds} s through a socat pty from 'neurofeat simulate' (its own process)`);
    await measure(context, id === 'cyton' ? 'Cyton 8 ch x 250 Hz' : 'Cyton + Daisy 16 ch x 125 Hz', device, path.join(dir, `${id}.bdf`), seconds, () => {
      const stats = device.decoderStats;
      const name = id === 'cyton' ? 'Cyton' : 'Cyton + Daisy';
      context.report({ name: `${name}: lost packets (counter gaps)`, value: stats?.lostPackets ?? NaN, unit: 'packets', n: stats?.packets ?? 0, note: `${stats?.skippedBytes ?? 0} bytes skipped, ${stats?.resyncs ?? 0} resyncs` });
      context.report({ name: `${name}: byte arrival to samples delivered, p50`, value: percentile(latencies, 50), unit: 'ms', n: latencies.length, note: 'decode + block + recorder write, per read' });
      context.report({ name: `${name}: byte arrival to samples delivered, p99`, value: percentile(latencies, 99), unit: 'ms', n: latencies.length });
      context.report({ name: `${name}: byte arrival to samples delivered, max`, value: percentile(latencies, 100), unit: 'ms', n: latencies.length });
    });
  } finally {
    if (simulator) await stopChild(simulator);
    await stopChild(socat);
  }
}

/**
 * Simulator write to samples delivered, both in this process (pty transit, serialport, decoding, delivery):
 * each sample's delivery time minus the time its packet was built, just before the simulator's write.
 */
async function transitRun(context: BenchContext, seconds: number, dir: string): Promise<void> {
  const amp = path.join(dir, 'transit-amp');
  const host = path.join(dir, 'transit-host');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${amp}`, `pty,raw,echo=0,link=${host}`], { stdio: 'ignore' });
  const simulator = new CytonSimulator({ daisy: false, keepSent: true });
  const device = new CytonDevice({ port: host, daisy: false });
  try {
    await waitForPaths([amp, host], socat, 'socat');
    await simulator.listen(amp);
    await device.open();
    const delivered: number[] = [];
    let index = 0;
    let lastDeliveredMs = 0;
    let stalledMs = 0;
    await device.start({
      samples(block) {
        const now = wallClockMs();
        lastDeliveredMs = now;
        index += block.lostBefore;
        for (let i = 0; i < block.nSamples; i++) delivered[index + i] = now;
        index += block.nSamples;
      },
      marker: () => undefined,
      status(status) {
        if (status.kind === 'stalled' && stalledMs === 0) stalledMs = wallClockMs();
      },
      fault: (message) => context.log(`transit: ${message}`),
    });
    context.log(`Cyton transit: simulator and driver in this process for ${seconds} s`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    // Then the board goes silent (unplugged): how long until the driver says so.
    simulator.inject({ name: 'unplug', atSec: 0, arg: 3 });
    const deadline = wallClockMs() + 5000;
    while (stalledMs === 0 && wallClockMs() < deadline) await new Promise((r) => setTimeout(r, 5));
    await device.stop();
    context.report({ name: 'Cyton: last samples to silence reported (stalled)', value: stalledMs === 0 ? NaN : stalledMs - lastDeliveredMs, unit: 'ms', n: 1, note: 'target under 1000 ms; the watchdog fires after 500 ms without a packet' });
    const latencies = simulator.sent.flatMap((s) => (delivered[s.index] === undefined ? [] : [delivered[s.index] - s.atMs]));
    context.report({ name: 'Cyton: simulator write to samples delivered, p50', value: percentile(latencies, 50), unit: 'ms', n: latencies.length, note: 'pty + serialport + decode + delivery, one process' });
    context.report({ name: 'Cyton: simulator write to samples delivered, p99', value: percentile(latencies, 99), unit: 'ms', n: latencies.length });
  } finally {
    await device.close();
    await simulator.close();
    await stopChild(socat);
  }
}

export const acquisitionSuite: BenchSuite = {
  async run(context) {
    const seconds = Number(process.env.NEUROFEAT_BENCH_ACQUISITION_SEC ?? 600);
    if (!(seconds > 0)) throw new Error(`NEUROFEAT_BENCH_ACQUISITION_SEC: expected seconds above 0, got '${process.env.NEUROFEAT_BENCH_ACQUISITION_SEC}'`);
    const dir = mkdtempSync(path.join(tmpdir(), 'neurofeat-bench-acquisition-'));
    try {
      await serialRun(context, 'cyton', seconds, dir);
      await serialRun(context, 'daisy', seconds, dir);
      await transitRun(context, Math.min(seconds, 60), dir);
      context.log(`synthetic: recording 64 ch x 2 kHz for ${seconds} s`);
      const synthetic = new SyntheticDevice({ nChannels: 64, sampleRateHz: 2000, seed: 1 });
      await measure(context, 'Synthetic 64 ch x 2 kHz', synthetic, path.join(dir, 'synthetic.bdf'), seconds, () => undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
