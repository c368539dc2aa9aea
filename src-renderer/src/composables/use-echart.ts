// The one way a component mounts an ECharts chart: init on mount, resize with its box, apply a reactive option, dispose on unmount.
import { markRaw, onBeforeUnmount, onMounted, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { echarts, type EChartsCoreOption, type EChartsInstance } from './echarts-modules.ts';

export interface EChartOptions {
  container: Ref<HTMLElement | null>;
  /**
   * The complete option to show; applied with `notMerge` whenever the ref changes (null leaves the chart as it is).
   * Charts fed every animation frame (the live signal) leave this out and call `setOption` themselves.
   */
  option?: Ref<EChartsCoreOption | null>;
  /** Called once the chart exists, before the first option is applied (event handlers go here). */
  onReady?: (chart: EChartsInstance) => void;
  /** Called after the chart followed a change of its container's size. */
  onResize?: (chart: EChartsInstance) => void;
  /** Told how long each `setOption` of `option` took, ms (ECharts draws synchronously inside it). */
  onDrawn?: (ms: number) => void;
}

export interface EChartHandle {
  /** The live chart, null before mount and after unmount. Never reactive inside: ECharts owns it. */
  chart: ShallowRef<EChartsInstance | null>;
}

export function useEChart(options: EChartOptions): EChartHandle {
  const chart = shallowRef<EChartsInstance | null>(null);
  let resizeObserver: ResizeObserver | null = null;

  /** The option on screen: the watcher may report one that `onMounted` already applied. */
  let applied: EChartsCoreOption | null = null;

  function apply(option: EChartsCoreOption | null) {
    const instance = chart.value;
    if (!instance || !option || option === applied) return;
    applied = option;
    const t0 = performance.now();
    instance.setOption(option, { notMerge: true });
    options.onDrawn?.(performance.now() - t0);
  }

  onMounted(() => {
    const el = options.container.value;
    if (!el) return;
    const instance = markRaw(echarts.init(el, undefined, { renderer: 'canvas' }));
    chart.value = instance;
    options.onReady?.(instance);
    if (options.option) apply(options.option.value);
    resizeObserver = new ResizeObserver(() => {
      if (!chart.value) return;
      chart.value.resize();
      options.onResize?.(chart.value);
    });
    resizeObserver.observe(el);
  });

  if (options.option) watch(options.option, apply);

  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    chart.value?.dispose();
    chart.value = null;
  });

  return { chart };
}
