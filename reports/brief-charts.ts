/**
 * The brief's charts, rendered on the server by ECharts SSR to SVG text (no browser needed; the
 * same SVG goes into the HTML and, through chromium, into the PDF). Pure option builders plus
 * one renderer.
 */
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

const FONT = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
const RED = '#a3161b';
const SERIES_COLORS = ['#a3161b', '#0b57d0', '#1a7f37', '#9a6700', '#6639ba'];
const SEVERITY_COLORS: Record<string, string> = { high: '#b3261e', medium: '#c77c02', low: '#6e7781' };
export const SEVERITY_ZH: Record<string, string> = { high: '高', medium: '中', low: '低' };

/** One chart as an SVG string (`width` × `height` px), no animation. */
export function renderSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, color: SERIES_COLORS, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** Rates over the last quarters, in %. */
export function trendOption(periods: string[], series: { name: string; values: (number | null)[] }[]): EChartsOption {
  return {
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    legend: { top: 4, textStyle: { fontSize: 11 } },
    xAxis: { type: 'category', data: periods, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', name: '%', min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10), max: 100, axisLabel: { fontSize: 11 } },
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.values.map(percent),
      connectNulls: false,
      symbolSize: 5,
      label: { show: false },
    })),
  };
}

/** Units by index, highest first (horizontal bars); at most `limit` bars. */
export function rankingOption(rows: { name: string; index: number | null }[], limit = 20): EChartsOption {
  const shown = rows.filter((r) => r.index !== null).slice(0, limit).reverse();
  return {
    grid: { left: 150, right: 48, top: 10, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'category', data: shown.map((r) => (r.name.length > 12 ? r.name.slice(0, 11) + '…' : r.name)), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => Math.round((r.index ?? 0) * 100) / 100),
        itemStyle: { color: RED },
        barMaxWidth: 16,
        label: { show: true, position: 'right', fontSize: 10, formatter: (p: { value: unknown }) => Number(p.value).toFixed(2) },
      },
    ],
  };
}

/** Anomalies by rule, stacked by severity. */
export function anomaliesOption(rows: { label: string; severity: string; n: number }[]): EChartsOption {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const severities = ['high', 'medium', 'low'].filter((s) => rows.some((r) => r.severity === s));
  const count = new Map(rows.map((r) => [`${r.label}|${r.severity}`, r.n]));
  return {
    grid: { left: 190, right: 24, top: 30, bottom: 24 },
    legend: { top: 2, textStyle: { fontSize: 11 } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'category', data: labels.slice().reverse(), axisLabel: { fontSize: 11 } },
    series: severities.map((s) => ({
      type: 'bar',
      name: `${SEVERITY_ZH[s]}`,
      stack: 'n',
      itemStyle: { color: SEVERITY_COLORS[s] },
      barMaxWidth: 16,
      data: labels
        .slice()
        .reverse()
        .map((l) => count.get(`${l}|${s}`) ?? 0),
    })),
  };
}

/** Rectification items due in the period: closed on time, closed late, still open. */
export function rectificationOption(parts: { name: string; value: number; color: string }[]): EChartsOption {
  return {
    legend: { bottom: 0, textStyle: { fontSize: 11 } },
    series: [
      {
        type: 'pie',
        radius: ['38%', '66%'],
        center: ['50%', '45%'],
        data: parts.map((p) => ({ name: p.name, value: p.value, itemStyle: { color: p.color } })),
        label: { formatter: '{b}\n{c} 项', fontSize: 11 },
      },
    ],
  };
}
