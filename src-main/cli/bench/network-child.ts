// Child process of `bench --suite network`: an LSL outlet of 64 channels at 2 kHz float32, paced by elapsed time like a device.
// Usage: network-child.ts NAME SECONDS MULTICAST_PORT BASE_PORT ; prints one JSON line {pushed, cpuMs, wallMs} when done.
// Time stamps are the samples' nominal times; the last channel of each block's newest sample carries the push time
// (the monotonic LSL clock, which every process on the machine shares, in ms modulo 100 s; -1 elsewhere) so that the inlet measures push-to-available exactly.
import { LslOutlet } from '../../engine/network/lsl-outlet.ts';
import { lslClock } from '../../engine/network/lsl-network.ts';

const [name, secondsText, multicastPort, basePort] = process.argv.slice(2);
const CHANNELS = 64;
const RATE = 2000;
const TICK_MS = 4;
const seconds = Number(secondsText);
const outlet = await LslOutlet.open(
  { name, type: 'EEG', channelFormat: 'float32', nominalSrate: RATE, channels: Array.from({ length: CHANNELS }, (_, c) => ({ label: `E${c + 1}`, unit: 'microvolts', type: 'EEG' })) },
  { network: { multicastPort: Number(multicastPort), basePort: Number(basePort) } },
);
while (outlet.consumerCount === 0) await new Promise((r) => setTimeout(r, 10));
const cpu0 = process.cpuUsage();
const start = performance.now();
const startLsl = lslClock();
let pushed = 0;
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const elapsed = (performance.now() - start) / 1000;
    const due = Math.min(Math.floor(Math.min(elapsed, seconds) * RATE), seconds * RATE) - pushed;
    if (due > 0) {
      const values = new Float32Array(CHANNELS * due);
      for (let c = 0; c < CHANNELS - 1; c++) for (let i = 0; i < due; i++) values[c * due + i] = 50 * Math.sin((2 * Math.PI * (c + 5) * (pushed + i)) / RATE);
      values.fill(-1, (CHANNELS - 1) * due, CHANNELS * due);
      values[CHANNELS * due - 1] = (lslClock() * 1000) % 100_000;
      outlet.pushBlock(values, due, startLsl + pushed / RATE);
      pushed += due;
    }
    if (pushed >= seconds * RATE) {
      clearInterval(timer);
      resolve();
    }
  }, TICK_MS);
});
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpu0);
await new Promise((r) => setTimeout(r, 500));
process.stdout.write(JSON.stringify({ pushed, cpuMs: (cpu.user + cpu.system) / 1000, wallMs }) + '\n');
await outlet.close();
