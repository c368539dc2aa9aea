// Child process of the bounded-format tests: opens files the way `inspect` does and reports, per case, time, peak memory and outcome.
//
// Usage: node --expose-gc test/support/bounded-cases.ts probes|edf|gdf|xdf [cases] [seed]
// One JSON line per case ({name, bytes, ms (wall), cpuMs, peakGrowthMB, outcome, field?, message?}), then one summary line.
import { resourceUsage } from 'node:process';
import { CoreError } from '../../src-main/core/errors.ts';
import { BufferSource } from '../../src-main/core/formats/byte-source.ts';
import { channelStats } from '../../src-main/core/formats/channel-stats.ts';
import { openSignalFile } from '../../src-main/core/formats/index.ts';
import { createRandom } from '../../src-main/core/random.ts';
import { randomEdf, randomGdf, randomXdf } from './absurd-files.ts';
import { probes } from './format-probes.ts';

const [suite = 'probes', casesText = '200', seedText = '11'] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** What `neurofeat inspect --json` does with a file: header, every sample, statistics, the whole report as JSON. */
function inspectLike(bytes: Uint8Array, name: string): { outcome: 'ok' } | { outcome: 'bad-input'; field: string; message: string } {
  try {
    const file = openSignalFile(new BufferSource(bytes, name));
    const all = file.channels.map((_, i) => i);
    // Whole-file reads are what loadRecording does: proportional to the file, at most a window of samples otherwise.
    const step = Math.max(1, Math.floor((4 << 20) / Math.max(1, all.length)));
    for (let at = 0; at < file.nSamples; at += step) file.readSamples(all, at, Math.min(step, file.nSamples - at));
    const stats = channelStats(file);
    JSON.stringify({ ...file, stats }, null, 2);
    return { outcome: 'ok' };
  } catch (error) {
    if (error instanceof CoreError && error.code === 'bad-input') {
      return { outcome: 'bad-input', field: String(error.details.field), message: error.message };
    }
    throw error;
  }
}

const maxRssMB = () => resourceUsage().maxRSS / 1024;

// Warm up (module code, JIT) on a small case, then take the baseline.
inspectLike(probes['xdf: nominal_srate 1e12'].build(), 'warm-up');
gc();
const baseline = maxRssMB();

const cases: Array<{ name: string; build: () => Uint8Array }> = suite === 'probes'
  ? Object.entries(probes).map(([name, p]) => ({ name, build: p.build }))
  : (() => {
    const random = createRandom(Number(seedText));
    const generate = { edf: randomEdf, gdf: randomGdf, xdf: randomXdf }[suite];
    if (!generate) throw new Error(`unknown suite ${suite}`);
    return Array.from({ length: Number(casesText) }, (_, i) => ({ name: `${suite} case ${i + 1}`, build: () => generate(random) }));
  })();

let worstMs = 0;
let worstMB = 0;
for (const c of cases) {
  const bytes = c.build();
  gc();
  const before = process.memoryUsage.rss() / 1024 / 1024;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = inspectLike(bytes, `${c.name}.file`);
  const cpu = process.cpuUsage(cpuBefore);
  const ms = performance.now() - started;
  // CPU time of the whole process (GC threads included): what the case costs, whatever else the machine runs.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  worstMs = Math.max(worstMs, cpuMs);
  // maxRSS is the process's high-water mark, so (high-water mark after) - (resident before) bounds this case's own peak from above.
  const peakGrowthMB = maxRssMB() - before;
  worstMB = Math.max(worstMB, peakGrowthMB);
  process.stdout.write(JSON.stringify({ name: c.name, bytes: bytes.length, ms, cpuMs, peakGrowthMB, ...result }) + '\n');
}
process.stdout.write(JSON.stringify({ summary: true, suite, cases: cases.length, baselineMB: baseline, worstMB, worstCpuMs: worstMs }) + '\n');
