// `bench --suite shell`: host start to interactive page, live-view frame rate, frames lost and delay, in Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumArgs, chromiumPath, startServe, type ServedHost } from './served-app.ts';
import { percentile, type BenchSuite } from './suite.ts';

const MEASURE_MS = 5000;

interface PageStats {
  framesDrawn: number;
  framesReceived: number;
  samplesReceived: number;
  lostFramesBetweenEngineAndRenderer: number;
  latencyMs: number[];
  receiveLatencyMs: number[];
  trace: { engineMs: number[]; engineToHostMs: number[]; toWindowMs: number[]; arrivalToDrawMs: number[] };
  drawMsTotal: number;
}

/** The stretches of one frame's path, in the order a sample travels them (`LiveStats.trace`). */
const TRACE_STAGES = [
  ['engineMs', 'sample generated to engine sent (device pacing, batching)'],
  ['engineToHostMs', 'engine sent to host relayed (process pipe, host event loop)'],
  ['toWindowMs', 'host relayed to window received (WebSocket, decoding, page queue)'],
  ['arrivalToDrawMs', 'window received to drawn (wait for the animation frame, drawing)'],
] as const;

export const shellSuite: BenchSuite = {
  async run({ log, report }) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'nf-bench-shell-'));
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });

    const started = performance.now();
    let served: ServedHost | undefined;
    try {
      served = await startServe(dataDir);
      const url = served.url;
      const urlPrinted = performance.now();
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
      await page.getByText('Connected', { exact: true }).waitFor();
      const interactive = performance.now();
      report({ name: 'host start to URL printed', value: urlPrinted - started, unit: 'ms', n: 1 });
      report({ name: 'host start to interactive page', value: interactive - started, unit: 'ms', n: 1, note: 'target < 3000 ms' });

      await page.getByLabel('Patient code').fill('BENCH-1');
      await page.getByRole('button', { name: 'Create patient' }).click();
      await page.getByRole('button', { name: 'Open patient BENCH-1' }).click();
      await page.getByRole('button', { name: 'Open a new session' }).click();
      await page.getByTestId('acquisition-start').waitFor();

      const refreshHz = await page.evaluate(
        (ms) => new Promise<number>((resolve) => {
          // Runs in the page: the Node-side types have no DOM.
          const raf = (globalThis as unknown as { requestAnimationFrame(callback: () => void): number }).requestAnimationFrame;
          let frames = 0;
          const start = performance.now();
          const step = () => (performance.now() - start < ms ? (frames++, raf(step)) : resolve((frames * 1000) / (performance.now() - start)));
          raf(step);
        }),
        1000,
      );
      report({ name: 'browser animation frame rate (ceiling)', value: refreshHz, unit: 'fps', n: 1 });
      // The machine may be shared: its load says how far the figures below can be trusted.
      report({ name: 'machine load average (1 min) before measuring', value: loadavg()[0], unit: '', n: 1, note: `${availableParallelism()} cores` });

      for (const config of [{ channels: 16, rateHz: 250 }, { channels: 64, rateHz: 1000 }]) {
        const label = `${config.channels} ch x 10 s at ${config.rateHz} Hz`;
        log(`measuring the live view with ${label} for ${MEASURE_MS / 1000} s`);
        await page.getByRole('spinbutton', { name: 'Channels' }).fill(String(config.channels));
        await page.getByRole('combobox', { name: 'Sample rate' }).selectOption({ label: `${config.rateHz} Hz` });
        await page.getByTestId('acquisition-start').click();
        // The live view appears once this session's acquisition runs.
        await page.getByRole('combobox', { name: 'Time window' }).selectOption({ label: '10 s' });
        await page.waitForTimeout(1500);
        // Only delays of frames drawn inside the measured window count: the warm-up (layout, first draws) is left out.
        await page.evaluate(() => {
          const stats = (globalThis as unknown as { __neurofeatStats: PageStats }).__neurofeatStats;
          stats.latencyMs.length = 0;
          stats.receiveLatencyMs.length = 0;
          for (const values of Object.values(stats.trace)) values.length = 0;
        });
        const before = await readStats(page);
        const t0 = performance.now();
        await page.waitForTimeout(MEASURE_MS);
        const after = await readStats(page);
        const seconds = (performance.now() - t0) / 1000;
        await page.getByTestId('acquisition-stop').click();
        await page.waitForTimeout(300);
        const latencies = after.latencyMs;
        report({ name: `machine load average (1 min) after ${label}`, value: loadavg()[0], unit: '', n: 1 });
        report({ name: `live view frame rate, ${label}`, value: (after.framesDrawn - before.framesDrawn) / seconds, unit: 'fps', n: after.framesDrawn - before.framesDrawn, note: config.channels === 16 ? 'target >= 55 fps' : undefined });
        report({ name: `frames received, ${label}`, value: (after.framesReceived - before.framesReceived) / seconds, unit: 'frames/s', n: after.framesReceived - before.framesReceived });
        report({ name: `frames lost between engine and renderer, ${label}`, value: after.lostFramesBetweenEngineAndRenderer, unit: 'frames', n: after.framesReceived, note: 'target 0' });
        report({ name: `engine to renderer delay p50, ${label}`, value: percentile(latencies, 50), unit: 'ms', n: latencies.length });
        report({ name: `engine to renderer delay p99, ${label}`, value: percentile(latencies, 99), unit: 'ms', n: latencies.length, note: 'sample generated to sample drawn; target < 50 ms' });
        report({ name: `engine to renderer arrival p99, ${label}`, value: percentile(after.receiveLatencyMs, 99), unit: 'ms', n: after.receiveLatencyMs.length, note: 'sample generated to frame received, before drawing' });
        const drawn = after.framesDrawn - before.framesDrawn;
        report({ name: `mean redraw, ${label}`, value: drawn > 0 ? (after.drawMsTotal - before.drawMsTotal) / drawn : NaN, unit: 'ms', n: drawn, note: 'decimation and canvas painting' });
        for (const [stage, words] of TRACE_STAGES) {
          const values = after.trace[stage];
          report({ name: `trace p50 / p99, ${label}: ${words}`, value: percentile(values, 50), unit: 'ms', n: values.length, note: `p99 ${percentile(values, 99).toFixed(1)} ms` });
        }
      }
    } finally {
      await browser.close();
      await served?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

async function readStats(page: Page): Promise<PageStats> {
  return page.evaluate(() => {
    const stats = (globalThis as unknown as { __neurofeatStats: PageStats }).__neurofeatStats;
    const trace = stats.trace;
    return {
      ...stats,
      latencyMs: [...stats.latencyMs],
      receiveLatencyMs: [...stats.receiveLatencyMs],
      trace: { engineMs: [...trace.engineMs], engineToHostMs: [...trace.engineToHostMs], toWindowMs: [...trace.toWindowMs], arrivalToDrawMs: [...trace.arrivalToDrawMs] },
    };
  });
}
