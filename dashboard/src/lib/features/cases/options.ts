/** ECharts option of the 案例 page (pure). */
import type { EChartsOption } from 'echarts';

/** Provincial excellent cases per quarter. */
export function excellentOption(rows: { quarter: string; n: number }[]): EChartsOption {
  return {
    grid: { left: 40, right: 12, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.quarter), axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: rows.map((r) => r.n), itemStyle: { color: '#a3161b' }, barMaxWidth: 28, label: { show: true, position: 'top', fontSize: 10 } }],
  };
}
