/**
 * `use:echart` — owns one ECharts instance: lazy `import('echarts')` (a 1.1 MB chunk loaded
 * only on pages with charts), init, a ResizeObserver, updates when the option changes, click
 * events, and dispose when the node goes away. Errors are reported, never swallowed.
 *
 * The node carries `data-drawn="true"` once ECharts reports its `finished` event (rendering and
 * entry animation done) and loses it while a new option is being drawn: the signal that the
 * chart is on screen, for tests and bench/dashboard.ts.
 */
import type { ECharts, EChartsOption } from 'echarts';

export interface EchartParams {
  option: EChartsOption;
  /** Called once the chart exists (for exports). */
  onready?: (chart: ECharts) => void;
  onerror?: (error: Error) => void;
  /** A click on a data item. */
  onclick?: (params: { name: string; value: unknown; data: unknown; seriesName?: string; dataIndex: number }) => void;
}

type EchartsModule = typeof import('echarts');
let loading: Promise<EchartsModule> | null = null;

/** The echarts module, loaded once. */
export function loadEcharts(): Promise<EchartsModule> {
  loading ??= import('echarts').catch((error: unknown) => {
    loading = null; // let the next chart retry; this one reports the error
    throw error;
  });
  return loading;
}

/** Defaults every chart shares: the CJK font, accessibility descriptions, no animation in print. */
export function withDefaults(option: EChartsOption): EChartsOption {
  return {
    aria: { enabled: true },
    textStyle: { fontFamily: "'Noto Sans CJK SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif" },
    animationDuration: 300,
    ...option,
  };
}

export function echart(node: HTMLElement, params: EchartParams) {
  let current = params;
  let chart: ECharts | null = null;
  let observer: ResizeObserver | null = null;
  let destroyed = false;

  loadEcharts()
    .then((echarts) => {
      if (destroyed) return;
      chart = echarts.init(node, null, { renderer: 'canvas', locale: 'ZH' });
      chart.on('finished', () => {
        node.dataset.drawn = 'true';
      });
      chart.setOption(withDefaults(current.option));
      chart.on('click', (p) => current.onclick?.(p as Parameters<NonNullable<EchartParams['onclick']>>[0]));
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(node);
      current.onready?.(chart);
    })
    .catch((error: unknown) => {
      console.error('Loading the chart library failed', error);
      current.onerror?.(error instanceof Error ? error : new Error(String(error)));
    });

  return {
    update(next: EchartParams) {
      current = next;
      if (chart) delete node.dataset.drawn;
      chart?.setOption(withDefaults(next.option), { notMerge: true });
    },
    destroy() {
      destroyed = true;
      observer?.disconnect();
      chart?.dispose();
      chart = null;
    },
  };
}
