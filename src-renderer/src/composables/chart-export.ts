// Saves a chart as a file: PNG from the chart on screen, SVG by drawing the same option once more with ECharts' SVG renderer.
import { echarts, type EChartsCoreOption, type EChartsInstance } from './echarts-modules.ts';
import { base64ToBlob } from './base64-blob.ts';
import { saveBlob } from './save-file.ts';

export type ExportFormat = 'png' | 'svg';

/** A file name safe on every system: letters, digits, dot, dash and underscore only. */
export const exportFileName = (base: string, format: ExportFormat): string => `${base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'chart'}.${format}`;

/** A base64 data URL as a Blob. */
export function dataUrlToBlob(dataUrl: string): Blob {
  const match = /^data:([^;,]+);base64,(.*)$/.exec(dataUrl);
  if (!match) throw new Error('dataUrlToBlob: not a base64 data URL');
  return base64ToBlob(match[2], match[1]);
}

/** Renders `option` to an SVG document at the given size, without touching the page. */
export function renderSvg(option: EChartsCoreOption, widthPx: number, heightPx: number): string {
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: widthPx, height: heightPx });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Saves what `chart` shows (PNG at twice the screen resolution, on white) or its option as SVG. */
export function exportChart(chart: EChartsInstance, option: EChartsCoreOption, format: ExportFormat, base: string): void {
  const fileName = exportFileName(base, format);
  if (format === 'svg') {
    saveBlob(new Blob([renderSvg(option, chart.getWidth(), chart.getHeight())], { type: 'image/svg+xml' }), fileName);
    return;
  }
  const dataUrl = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff', excludeComponents: ['toolbox'] });
  saveBlob(dataUrlToBlob(dataUrl), fileName);
}
