/** ECharts options of the 整改 page (pure). */
import type { EChartsOption } from 'echarts';

/** Open items by age since found, stacked: overdue and not yet due. */
export function ageingOption(buckets: { label: string; n_open: number; n_overdue: number }[], names: { overdue: string; notDue: string }): EChartsOption {
  return {
    grid: { left: 44, right: 12, top: 32, bottom: 28 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: buckets.map((b) => b.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: names.overdue, stack: 'n', itemStyle: { color: '#b3261e' }, data: buckets.map((b) => b.n_overdue) },
      { type: 'bar', name: names.notDue, stack: 'n', itemStyle: { color: '#c77c02' }, data: buckets.map((b) => b.n_open - b.n_overdue) },
    ],
  };
}

/** Items due in the period by outcome. */
export function dueOption(parts: { name: string; value: number; color: string }[]): EChartsOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, textStyle: { fontSize: 11 } },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '44%'],
        // Empty parts are left out: a zero slice only adds an overlapping label.
        data: parts.filter((p) => p.value > 0).map((p) => ({ name: p.name, value: p.value, itemStyle: { color: p.color } })),
        label: { formatter: '{b}\n{c}', fontSize: 11 },
      },
    ],
  };
}
