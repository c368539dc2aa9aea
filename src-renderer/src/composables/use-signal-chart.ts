// Drives the live ECharts view (mounted by useEChart) and redraws it at most once per animation frame from the ring buffer, outside Vue reactivity.
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { useEChart } from './use-echart.ts';
import { decimateMinMax, planColumns, type ColumnPlan } from '../live/decimate.ts';
import { recordLatencies } from '../live/live-stats.ts';
import type { LiveSignal } from '../live/live-signal.ts';
import { PLOT_INSETS_PX, buildSignalChartOption, channelOffset, createSeriesBuffers, fillChannelPoints } from '../charts/signal-chart-option.ts';
import { channelBandUv } from '../live/view-settings.ts';
import { createScrollClock, stepScrollClock } from '../live/scroll-clock.ts';

/** Points ECharts gets per frame across all channels: keeps 64 channels at 1 kHz inside one frame's budget. */
const MAX_POINTS_PER_FRAME = 40_000;
/**
 * Width of one min/max column, px. Two pixels keep the envelope of EEG readable (a vertical stroke every other pixel)
 * and halve what ECharts draws: the mean redraw at 16 ch x 250 Hz went from 8-10.5 ms to 6-7 ms.
 */
const COLUMN_WIDTH_PX = 2;

export interface SignalChartOptions {
  container: Ref<HTMLElement | null>;
  live: LiveSignal;
  /** Whether samples are flowing: the view then scrolls continuously. */
  active: Ref<boolean>;
  windowSec: Ref<number>;
  rangeUv: Ref<number>;
  gains: Ref<number[]>;
  removeMean: Ref<boolean>;
  /** Told when the number of channels in the frames changes. */
  onChannelCount?: (nChannels: number) => void;
}

export function useSignalChart(options: SignalChartOptions): void {
  const { container, live, active, windowSec, rangeUv, gains, removeMean } = options;
  let raf = 0;
  // Layout state, rebuilt when the montage, the window or the size changes.
  let nChannels = 0;
  let sampleRateHz = 0;
  let plan: ColumnPlan | null = null;
  let layoutWindowSec = 0;
  let plotWidthPx = 0;
  let mins = new Float64Array(0);
  let maxs = new Float64Array(0);
  let centers = new Float64Array(0);
  /** Per channel: its slice of a series buffer. */
  let points: Float64Array[] = [];
  /** One buffer per series, refilled in place every frame. */
  let seriesBuffers: Float64Array[] = [];
  let needsDraw = true;
  let drawnVersion = -1;
  const clock = createScrollClock();

  const { chart: chartRef } = useEChart({
    container,
    onResize() {
      if (!container.value) return;
      const width = Math.max(1, container.value.clientWidth - PLOT_INSETS_PX.left - PLOT_INSETS_PX.right);
      if (nChannels > 0 && width !== plotWidthPx) applyLayout(nChannels, sampleRateHz);
      needsDraw = true;
    },
  });

  function applyLayout(channels: number, rateHz: number) {
    const chart = chartRef.value;
    if (!chart || !container.value) return;
    nChannels = channels;
    sampleRateHz = rateHz;
    layoutWindowSec = windowSec.value;
    plotWidthPx = Math.max(1, container.value.clientWidth - PLOT_INSETS_PX.left - PLOT_INSETS_PX.right);
    const columnBudget = Math.floor(MAX_POINTS_PER_FRAME / (2 * channels));
    plan = planColumns(layoutWindowSec * rateHz, Math.min(plotWidthPx / COLUMN_WIDTH_PX, columnBudget));
    mins = new Float64Array(plan.nColumns);
    maxs = new Float64Array(plan.nColumns);
    centers = new Float64Array(plan.nColumns);
    const buffers = createSeriesBuffers(channels, plan.nColumns);
    points = buffers.channels;
    seriesBuffers = buffers.series;
    chart.setOption(buildSignalChartOption({ nChannels: channels, windowSec: layoutWindowSec }), { notMerge: true, silent: true });
    needsDraw = true;
  }

  function draw(nowMs: number) {
    const ring = live.ring;
    const chart = chartRef.value;
    if (!chart || !ring || !plan) return;
    const t0 = performance.now();
    const viewEnd = stepScrollClock(clock, { nowMs, sampleRateHz, endIndex: ring.endIndex, lastArrivalMs: live.lastArrivalMs, running: active.value });
    const gainList = gains.value;
    const range = rangeUv.value;
    const subtractMean = removeMean.value;
    for (let c = 0; c < nChannels; c++) {
      const { sum, count } = decimateMinMax(ring.channels[c], ring, viewEnd, plan, mins, maxs, centers);
      fillChannelPoints(points[c], { min: mins, max: maxs, center: centers, nColumns: plan.nColumns }, {
        viewEnd,
        sampleRateHz,
        offset: channelOffset(c, nChannels),
        bandUv: channelBandUv(range, gainList, c),
        baselineUv: subtractMean && count > 0 ? sum / count : 0,
      });
    }
    // Fresh wrappers (two small objects) so ECharts never mistakes the refilled buffers for an unchanged option.
    chart.setOption({ series: seriesBuffers.map((data) => ({ data })) }, { silent: true, lazyUpdate: false });
    const stats = live.stats;
    stats.framesDrawn++;
    if (live.pendingCount > 0) {
      recordLatencies(stats, performance.timeOrigin + performance.now(), live.pendingSampleTimesMs, live.pendingCount);
      live.clearPending();
    }
    stats.lastDrawMs = performance.now() - t0;
    stats.drawMsTotal += stats.lastDrawMs;
    drawnVersion = live.version;
    needsDraw = false;
  }

  function tick(nowMs: number) {
    raf = requestAnimationFrame(tick);
    const ring = live.ring;
    if (!chartRef.value || !ring) return;
    if (ring.nChannels !== nChannels || ring.sampleRateHz !== sampleRateHz || windowSec.value !== layoutWindowSec) {
      if (ring.nChannels !== nChannels) options.onChannelCount?.(ring.nChannels);
      applyLayout(ring.nChannels, ring.sampleRateHz);
      clock.lastStepMs = null;
    }
    // While samples flow the view scrolls every frame; when stopped it is redrawn only when something changed.
    if (active.value || needsDraw || drawnVersion !== live.version) draw(nowMs);
  }

  onMounted(() => {
    // Frames that arrived while nobody was drawing must not count as drawn late.
    live.clearPending();
    raf = requestAnimationFrame(tick);
  });

  watch([rangeUv, gains, removeMean], () => {
    needsDraw = true;
  });

  onBeforeUnmount(() => {
    cancelAnimationFrame(raf);
  });
}
