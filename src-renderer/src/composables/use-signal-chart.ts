// Draws the live signal on a canvas (pixels written directly, one putImageData), at most once per animation frame, from the ring buffer, outside Vue reactivity.
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { createColumnCache, decimateMinMax, planColumns, type ColumnCache, type ColumnPlan } from '../live/decimate.ts';
import { recordLatencies } from '../live/live-stats.ts';
import type { LiveSignal } from '../live/live-signal.ts';
import { PLOT_INSETS_PX, TRACE_COLORS, columnsToPixels, paintEnvelope, paintGrid, pixelColor, plotArea, type ChannelColumns, type PixelBuffer, type PlotArea } from '../charts/signal-trace-canvas.ts';
import { channelBandUv } from '../live/view-settings.ts';
import { createScrollClock, stepScrollClock } from '../live/scroll-clock.ts';

/** Min/max columns per frame across all channels: 64 channels keep one column every 2 CSS px up to 1500 px of plot. */
const MAX_COLUMNS_PER_FRAME = 48_000;
/** Width of one min/max column, CSS px: the envelope of EEG stays readable (a vertical stroke every other pixel). */
const COLUMN_WIDTH_PX = 2;
const TRACE_PIXELS = TRACE_COLORS.map(pixelColor);

export interface SignalChartOptions {
  /** The box the canvas fills; its size is followed. */
  container: Ref<HTMLElement | null>;
  canvas: Ref<HTMLCanvasElement | null>;
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
  const { container, canvas, live, active, windowSec, rangeUv, gains, removeMean } = options;
  let raf = 0;
  let resizeObserver: ResizeObserver | null = null;
  let context: CanvasRenderingContext2D | null = null;
  // Layout state, rebuilt when the montage, the window or the size changes.
  let nChannels = 0;
  let sampleRateHz = 0;
  let layoutWindowSec = 0;
  let area: PlotArea | null = null;
  let image: ImageData | null = null;
  let buffer: PixelBuffer | null = null;
  let plan: ColumnPlan | null = null;
  let mins = new Float64Array(0);
  let maxs = new Float64Array(0);
  let centers = new Float64Array(0);
  let caches: ColumnCache[] = [];
  let pixels: ChannelColumns = { x: new Float64Array(0), yMin: new Float64Array(0), yMax: new Float64Array(0), nColumns: 0 };
  let needsLayout = true;
  let needsDraw = true;
  let drawnVersion = -1;
  const clock = createScrollClock();

  function applyLayout(channels: number, rateHz: number): boolean {
    const box = container.value;
    const element = canvas.value;
    if (!box || !element || channels < 1 || !(rateHz > 0)) return false;
    const pixelRatio = window.devicePixelRatio || 1;
    const widthPx = Math.max(1, Math.round(box.clientWidth * pixelRatio));
    const heightPx = Math.max(1, Math.round(box.clientHeight * pixelRatio));
    element.width = widthPx;
    element.height = heightPx;
    context = element.getContext('2d');
    if (!context) return false;
    image = context.createImageData(widthPx, heightPx);
    buffer = { pixels: new Uint32Array(image.data.buffer), width: widthPx, height: heightPx };
    nChannels = channels;
    sampleRateHz = rateHz;
    layoutWindowSec = windowSec.value;
    area = plotArea(widthPx, heightPx, pixelRatio, channels);
    const plotWidthCss = Math.max(1, box.clientWidth - PLOT_INSETS_PX.left - PLOT_INSETS_PX.right);
    const columnBudget = Math.floor(MAX_COLUMNS_PER_FRAME / channels);
    plan = planColumns(layoutWindowSec * rateHz, Math.min(plotWidthCss / COLUMN_WIDTH_PX, columnBudget));
    mins = new Float64Array(plan.nColumns);
    maxs = new Float64Array(plan.nColumns);
    centers = new Float64Array(plan.nColumns);
    const nColumns = plan.nColumns;
    caches = Array.from({ length: channels }, () => createColumnCache(nColumns));
    pixels = { x: new Float64Array(plan.nColumns), yMin: new Float64Array(plan.nColumns), yMax: new Float64Array(plan.nColumns), nColumns: plan.nColumns };
    needsLayout = false;
    needsDraw = true;
    return true;
  }

  function draw(nowMs: number) {
    const ring = live.displayRing ?? live.ring;
    if (!context || !ring || !plan || !area || !image || !buffer) return;
    const t0 = performance.now();
    const viewEnd = stepScrollClock(clock, { nowMs, sampleRateHz, endIndex: ring.endIndex, lastArrivalMs: live.lastArrivalMs, running: active.value });
    const gainList = gains.value;
    const range = rangeUv.value;
    const subtractMean = removeMean.value;
    const windowSamples = layoutWindowSec * sampleRateHz;
    paintGrid(buffer, area, layoutWindowSec);
    for (let c = 0; c < nChannels; c++) {
      const { sum, count } = decimateMinMax(ring.channels[c], ring, viewEnd, plan, mins, maxs, centers, caches[c]);
      columnsToPixels(area, { min: mins, max: maxs, center: centers, nColumns: plan.nColumns }, {
        viewEnd,
        windowSamples,
        channel: c,
        bandUv: channelBandUv(range, gainList, c),
        baselineUv: subtractMean && count > 0 ? sum / count : 0,
      }, pixels);
      paintEnvelope(buffer, area, pixels, TRACE_PIXELS[c % TRACE_PIXELS.length]);
    }
    context.putImageData(image, 0, 0);
    const stats = live.stats;
    stats.framesDrawn++;
    if (live.pendingCount > 0) {
      recordLatencies(stats, performance.timeOrigin + performance.now(), live.pendingSampleTimesMs, live.pendingCount, live.pendingArrivalEpochMs);
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
    if (!ring) return;
    if (needsLayout || ring.nChannels !== nChannels || ring.sampleRateHz !== sampleRateHz || windowSec.value !== layoutWindowSec) {
      const montageChanged = ring.nChannels !== nChannels;
      if (!applyLayout(ring.nChannels, ring.sampleRateHz)) return;
      if (montageChanged) options.onChannelCount?.(ring.nChannels);
      clock.lastStepMs = null;
    }
    // While samples flow the view scrolls every frame; when stopped it is redrawn only when something changed.
    if (active.value || needsDraw || drawnVersion !== live.version) draw(nowMs);
  }

  onMounted(() => {
    // Frames that arrived while nobody was drawing must not count as drawn late.
    live.clearPending();
    if (container.value) {
      resizeObserver = new ResizeObserver(() => {
        needsLayout = true;
      });
      resizeObserver.observe(container.value);
    }
    raf = requestAnimationFrame(tick);
  });

  watch([rangeUv, gains, removeMean], () => {
    needsDraw = true;
  });

  onBeforeUnmount(() => {
    cancelAnimationFrame(raf);
    resizeObserver?.disconnect();
  });
}
