// The ECharts modules the window uses, registered once: tree-shaken core plus only the charts and components we draw.
import * as echarts from 'echarts/core';
import { CustomChart, HeatmapChart, LineChart, LinesChart, ScatterChart } from 'echarts/charts';
import { AxisPointerComponent, GraphicComponent, GridComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, LinesChart, HeatmapChart, ScatterChart, CustomChart, GridComponent, GraphicComponent, AxisPointerComponent, MarkAreaComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer, SVGRenderer]);

export { echarts };
export type EChartsInstance = echarts.ECharts;
export type EChartsCoreOption = echarts.EChartsCoreOption;
