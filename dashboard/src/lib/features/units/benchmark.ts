/** The peer-benchmark chart: a unit's rates beside a reference's (province or university). */
import type { EChartsOption } from 'echarts';
import { indicatorLabel } from '$lib/indicators.ts';
import type { Lang } from '$lib/i18n/dict.ts';

export function benchmarkOption(
  keys: readonly string[],
  unit: Record<string, number | null> | null,
  reference: Record<string, number | null> | null,
  names: { unit: string; reference: string },
  lang: Lang,
): EChartsOption {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  return {
    grid: { left: 110, right: 40, top: 28, bottom: 20 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v}%`) },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: keys.map((k) => indicatorLabel(k, lang)).reverse(), axisLabel: { fontSize: 11 } },
    series: [
      { type: 'bar', name: names.unit, data: keys.map((k) => pct(unit?.[k])).reverse(), itemStyle: { color: '#a3161b' } },
      { type: 'bar', name: names.reference, data: keys.map((k) => pct(reference?.[k])).reverse(), itemStyle: { color: '#8c959f' } },
    ],
  };
}
