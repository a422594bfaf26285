/** ECharts option of the 干部 page (pure). */
import type { EChartsOption } from 'echarts';

/** dual_life_rate by university (horizontal bars, %). */
export function dualLifeOption(rows: { university_name: string; dual_life_rate: number | null }[]): EChartsOption {
  const shown = rows.slice(0, 30).slice().reverse();
  return {
    grid: { left: 130, right: 40, top: 12, bottom: 24 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((r) => r.university_name), axisLabel: { fontSize: 11, width: 120, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        itemStyle: { color: '#a3161b' },
        data: shown.map((r) => (r.dual_life_rate === null ? null : Math.round(r.dual_life_rate * 1000) / 10)),
        label: { show: true, position: 'right', fontSize: 10, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? `${p.value.toFixed(1)}%` : '—') },
      },
    ],
  };
}
