// Apache ECharts, only the parts the page draws, rendered as SVG (crisp on a wall screen, and each mark is an element).
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { ECharts, EChartsCoreOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

use([ScatterChart, BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/** The page's system font stack (style.css): chart text is drawn by ECharts, not styled by CSS. */
export const FONT_FAMILY = 'system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

export interface ChartClick {
  seriesId?: string;
  data?: unknown;
}

/** A chart in a div: created once, its option replaced on each render, resized with its box. */
export function useChart(option: EChartsCoreOption, onClick?: (event: ChartClick) => void) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const instance = init(host.current!, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (event) => click.current?.(event as ChartClick));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(host.current!);
    return () => {
      resize.disconnect();
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return host;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Tooltips are HTML: names from the data are escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
