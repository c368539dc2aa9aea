// `bench --suite network`: 64 channels x 2 kHz float32 from an LSL outlet (child process) to an inlet on 127.0.0.1: losses, time stamps, CPU, latency.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LslInlet } from '../../engine/network/lsl-inlet.ts';
import { lslClock } from '../../engine/network/lsl-network.ts';
import { lslQuery, resolveLslStreams } from '../../engine/network/lsl-resolver.ts';
import { percentile, type BenchSuite } from './suite.ts';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'network-child.ts');
const nodeArgs = process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'];
/** Ports away from LSL's own so that the benchmark neither sees nor disturbs real streams. */
const network = { scope: 'machine' as const, multicastPort: 29571, basePort: 29572 };

export const networkSuite: BenchSuite = {
  async run({ log, report }) {
    const seconds = Number(process.env.NEUROFEAT_BENCH_NETWORK_SEC ?? 300);
    const name = `neurofeat-bench-${process.pid}`;
    log(`64 ch x 2 kHz float32 outlet (child process) -> inlet (this process) on 127.0.0.1 for ${seconds} s (NEUROFEAT_BENCH_NETWORK_SEC)`);
    const outletProcess = spawn(process.execPath, [...nodeArgs, child, name, String(seconds), String(network.multicastPort), String(network.basePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let childOut = '';
    const exited = new Promise<void>((resolve) => outletProcess.on('exit', () => resolve()));
    const done = new Promise<void>((resolve) => {
      outletProcess.stdout.on('data', (d: Buffer) => {
        childOut += d.toString();
        if (childOut.includes('\n')) resolve();
      });
      void exited.then(resolve);
    });
    const found = await resolveLslStreams(lslQuery('default', 'name', name), { network, timeoutMs: 10_000, minimum: 1 });
    if (found.length !== 1) throw new Error(`bench network: the outlet '${name}' was not found`);
    const inlet = new LslInlet(found[0], { network });
    await inlet.open();
    let received = 0;
    let lostBefore = 0;
    let nonMonotonic = 0;
    let last = -Infinity;
    const latencies: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await inlet.start({
      chunk: (c) => {
        received += c.nSamples;
        lostBefore += c.lostBefore;
        for (let i = 0; i < c.nSamples; i++) {
          if (!(c.timestamps[i] > last)) nonMonotonic++;
          last = c.timestamps[i];
        }
        const values = c.values as Float64Array;
        const nowMs = (lslClock() * 1000) % 100_000;
        for (let i = 0; i < c.nSamples; i++) {
          const pushedAt = values[i * 64 + 63];
          if (pushedAt >= 0) latencies.push((nowMs - pushedAt + 100_000) % 100_000);
        }
      },
      status: (kind, message) => log(`  ${kind}: ${message}`),
      fault: (message) => log(`  fault: ${message}`),
    });
    await done;
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await inlet.close();
    await exited;
    const outlet = JSON.parse(childOut.trim().split('\n').at(-1) ?? '{}') as { pushed: number; cpuMs: number; wallMs: number };
    report({ name: 'network samples pushed', value: outlet.pushed, unit: 'samples', n: 1, note: `64 ch, ${seconds} s at 2 kHz` });
    report({ name: 'network samples lost', value: outlet.pushed - received, unit: 'samples', n: outlet.pushed, note: `received ${received}; lost across reconnections ${lostBefore}` });
    report({ name: 'network non-monotonic time stamps', value: nonMonotonic, unit: 'samples', n: received });
    report({ name: 'network inlet CPU', value: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, unit: '% of one core', n: 1, note: 'this process: receive, decode, correct time stamps' });
    report({ name: 'network outlet CPU', value: (outlet.cpuMs / outlet.wallMs) * 100, unit: '% of one core', n: 1, note: 'child process: synthesise, encode, send' });
    report({ name: 'network push-to-available p50', value: percentile(latencies, 50), unit: 'ms', n: latencies.length, note: 'per pushed block: pushBlock call in the outlet process to its newest sample decoded here' });
    report({ name: 'network push-to-available p99', value: percentile(latencies, 99), unit: 'ms', n: latencies.length });
    report({ name: 'network push-to-available max', value: percentile(latencies, 100), unit: 'ms', n: latencies.length });
    report({ name: 'network clock correction', value: inlet.correction * 1000, unit: 'ms', n: 1, note: `uncertainty (round trip) ${(inlet.uncertainty * 1000).toFixed(3)} ms` });
  },
};
