/** ECharts options of the overview, built from the page data (pure functions). */
import type { EChartsOption } from 'echarts';
import { CITIES } from '$lib/state/dashboard.ts';
import type { Lang } from '$lib/i18n/dict.ts';

const RED = '#a3161b';
const SEVERITY_COLORS: Record<string, string> = { high: '#b3261e', medium: '#c77c02', low: '#6e7781' };
const TYPE_COLORS = ['#a3161b', '#d4542c', '#e69138', '#9a6700', '#1a7f37', '#0b57d0', '#6639ba'];

/** Counts of indices in bands [0,10), [10,20) … [90,100]. */
export function indexBands(indices: (number | null)[]): { band: string; n: number }[] {
  const bands = Array.from({ length: 10 }, (_, i) => ({ band: `${i * 10}–${i * 10 + 10}`, n: 0 }));
  for (const v of indices) {
    if (v === null) continue;
    bands[Math.min(9, Math.max(0, Math.floor(v / 10)))].n++;
  }
  return bands;
}

export function distributionOption(indices: (number | null)[], unitLabel: string): EChartsOption {
  const bands = indexBands(indices);
  return {
    grid: { left: 40, right: 10, top: 20, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: bands.map((b) => b.band), name: '', axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1, name: unitLabel },
    series: [{ type: 'bar', data: bands.map((b) => b.n), itemStyle: { color: RED }, barCategoryGap: '10%' }],
  };
}

export function cityOption(cities: { city: string; mean_index: number | null; regularity: number | null; n_universities: number }[], lang: Lang): EChartsOption {
  const by = new Map(cities.map((c) => [c.city, c]));
  const names = [...CITIES];
  return {
    grid: { left: 56, right: 16, top: 24, bottom: 24 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (params as { name: string }[])[0];
        const c = by.get(p.name);
        if (!c) return `${p.name}：—`;
        const idx = c.mean_index === null ? '—' : c.mean_index.toFixed(2);
        const reg = c.regularity === null ? '—' : `${(c.regularity * 100).toFixed(1)}%`;
        return lang === 'en'
          ? `${p.name}<br/>Mean index ${idx}<br/>Regularity ${reg}<br/>${c.n_universities} universities`
          : `${p.name}<br/>高校指数均值 ${idx}<br/>规范执行率 ${reg}<br/>高校 ${c.n_universities} 所`;
      },
    },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: names.slice().reverse(), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        data: names
          .slice()
          .reverse()
          .map((n) => by.get(n)?.mean_index ?? null),
        itemStyle: { color: RED },
        label: { show: true, position: 'right', fontSize: 10, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? p.value.toFixed(1) : '—') },
      },
    ],
  };
}

export function monthlyActivitiesOption(rows: { month: string; activity_type: string; n: number }[]): EChartsOption {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const types = [...new Set(rows.map((r) => r.activity_type))];
  const key = (m: string, ty: string) => `${m}|${ty}`;
  const counts = new Map(rows.map((r) => [key(r.month, r.activity_type), r.n]));
  return {
    grid: { left: 44, right: 10, top: 40, bottom: 24 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll', textStyle: { fontSize: 11 } },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', minInterval: 1 },
    color: TYPE_COLORS,
    series: types.map((ty) => ({ type: 'bar', name: ty, stack: 'n', data: months.map((m) => counts.get(key(m, ty)) ?? 0) })),
  };
}

export function anomaliesOption(rows: { code: string; severity: string; n: number }[], severityLabel: (s: string) => string): EChartsOption {
  const codes = [...new Set(rows.map((r) => r.code))].sort();
  const severities = ['high', 'medium', 'low'].filter((s) => rows.some((r) => r.severity === s));
  const counts = new Map(rows.map((r) => [`${r.code}|${r.severity}`, r.n]));
  return {
    grid: { left: 150, right: 16, top: 28, bottom: 20 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: codes, axisLabel: { fontSize: 11 } },
    series: severities.map((s) => ({
      type: 'bar',
      name: severityLabel(s),
      stack: 'n',
      itemStyle: { color: SEVERITY_COLORS[s] },
      data: codes.map((c) => counts.get(`${c}|${s}`) ?? 0),
    })),
  };
}
