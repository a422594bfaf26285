/** ECharts option of the 列席 page (pure). */
import type { EChartsOption } from 'echarts';

/** Observer coverage by university (horizontal bars, %), the province as a marked line. */
export function coverageOption(
  rows: { university_name: string; observer_coverage: number | null }[],
  province: { observer_coverage: number | null } | null,
  provinceLabel: string,
): EChartsOption {
  const shown = rows.slice(0, 30).slice().reverse();
  const provinceValue = province?.observer_coverage ?? null;
  return {
    grid: { left: 130, right: 40, top: 16, bottom: 24 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((r) => r.university_name), axisLabel: { fontSize: 11, width: 120, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => (r.observer_coverage === null ? null : Math.round(r.observer_coverage * 1000) / 10)),
        itemStyle: { color: '#a3161b' },
        barMaxWidth: 16,
        label: { show: true, position: 'right', fontSize: 10, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? `${p.value.toFixed(1)}%` : '—') },
        markLine:
          provinceValue === null
            ? undefined
            : { symbol: 'none', lineStyle: { color: '#0b57d0', type: 'dashed' }, label: { formatter: provinceLabel, fontSize: 10 }, data: [{ xAxis: Math.round(provinceValue * 1000) / 10 }] },
      },
    ],
  };
}
