/**
 * The sentences of the brief (定期分析研判): short Chinese statements of what changed, e.g.
 * "本季度全省规范执行率为 92.3%，较上季度上升 1.2 个百分点。" Changes are computed from the
 * figures as shown (rounded half-up), so a reader who subtracts the two printed figures gets
 * the printed change.
 */
import { roundHalfUp } from './format.ts';

export type PeriodKind = 'month' | 'quarter' | 'year';
export type FigureUnit = 'rate' | 'score' | 'index' | 'count';

/** 本季度 / 上季度, 本月 / 上月, 本年度 / 上年度. */
export function periodWords(kind: PeriodKind): { current: string; previous: string } {
  switch (kind) {
    case 'month':
      return { current: '本月', previous: '上月' };
    case 'quarter':
      return { current: '本季度', previous: '上季度' };
    case 'year':
      return { current: '本年度', previous: '上年度' };
  }
}

/** The number as printed: 92.3% (rates), 85.2 分 (scores), 78.12 (index), 12 (counts). */
export function shownNumber(value: number, unit: FigureUnit): number {
  switch (unit) {
    case 'rate':
      return roundHalfUp(value * 100, 1);
    case 'score':
      return roundHalfUp(value, 1);
    case 'index':
      return roundHalfUp(value, 2);
    case 'count':
      return Math.round(value);
  }
}

export function formatFigure(value: number | null, unit: FigureUnit): string {
  if (value === null) return '—';
  const n = shownNumber(value, unit);
  switch (unit) {
    case 'rate':
      return `${n.toFixed(1)}%`;
    case 'score':
      return `${n.toFixed(1)} 分`;
    case 'index':
      return n.toFixed(2);
    case 'count':
      return String(n);
  }
}

/** "上升 1.2 个百分点" / "下降 0.4 分" / "持平": the change between the printed figures. */
export function changeWords(current: number, previous: number, unit: FigureUnit): string {
  const decimals = unit === 'index' ? 2 : unit === 'count' ? 0 : 1;
  const delta = roundHalfUp(shownNumber(current, unit) - shownNumber(previous, unit), decimals);
  if (delta === 0) return '持平';
  const size = Math.abs(delta).toFixed(decimals);
  const unitWord = unit === 'rate' ? ' 个百分点' : unit === 'score' ? ' 分' : '';
  return `${delta > 0 ? '上升' : '下降'} ${size}${unitWord}`;
}

/** The signed change for tables: +1.2 个百分点, −0.4 分, 0. */
export function changeText(current: number | null, previous: number | null, unit: FigureUnit): string {
  if (current === null || previous === null) return '—';
  const decimals = unit === 'index' ? 2 : unit === 'count' ? 0 : 1;
  const delta = roundHalfUp(shownNumber(current, unit) - shownNumber(previous, unit), decimals);
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '';
  return `${sign}${Math.abs(delta).toFixed(decimals)}${unit === 'rate' ? ' 个百分点' : unit === 'score' ? ' 分' : ''}`;
}

/**
 * "本季度全省规范执行率为 92.3%，较上季度上升 1.2 个百分点。"
 * NULL now: "本季度全省规范执行率无数据（…）。" NULL before: "…为 92.3%，上季度无可比数据。"
 */
export function figureSentence(opts: {
  kind: PeriodKind;
  scope: string;
  label: string;
  unit: FigureUnit;
  current: number | null;
  previous: number | null;
  nullReason?: string;
}): string {
  const w = periodWords(opts.kind);
  const head = `${w.current}${opts.scope}${opts.label}`;
  if (opts.current === null) return `${head}无数据${opts.nullReason ? `（${opts.nullReason}）` : ''}。`;
  const value = formatFigure(opts.current, opts.unit);
  if (opts.previous === null) return `${head}为 ${value}，${w.previous}无可比数据。`;
  const change = changeWords(opts.current, opts.previous, opts.unit);
  return change === '持平' ? `${head}为 ${value}，与${w.previous}持平。` : `${head}为 ${value}，较${w.previous}${change}。`;
}

/** "较上季度增加 5 条" / "与上季度持平" for counts of things. */
export function countChange(current: number, previous: number, kind: PeriodKind, measure = '条'): string {
  const w = periodWords(kind);
  if (current === previous) return `与${w.previous}持平`;
  return `较${w.previous}${current > previous ? '增加' : '减少'} ${Math.abs(current - previous)} ${measure}`;
}
