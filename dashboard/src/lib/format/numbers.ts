/**
 * Formatting figures for people: rates as percentages with one decimal, scores and indices
 * with one or two, NULL as "—" (the reason goes in a title attribute, see Value.svelte).
 */
import type { IndicatorUnit } from '../indicators.ts';

export const NULL_TEXT = '—';

export function formatValue(value: number | null | undefined, unit: IndicatorUnit, digits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NULL_TEXT;
  switch (unit) {
    case 'rate':
      return `${(value * 100).toFixed(digits ?? 1)}%`;
    case 'score':
      return value.toFixed(digits ?? 1);
    case 'index':
      return value.toFixed(digits ?? 2);
    case 'ratio':
      return value.toFixed(digits ?? 2);
    case 'count':
      return Math.round(value).toLocaleString('zh-CN');
  }
}

/** The change from `previous` to `current`: percentage points for rates, points otherwise. */
export function formatChange(current: number | null, previous: number | null, unit: IndicatorUnit): { text: string; sign: -1 | 0 | 1 } | null {
  if (current === null || previous === null) return null;
  const delta = unit === 'rate' ? (current - previous) * 100 : current - previous;
  const rounded = Math.round(delta * 10) / 10;
  const sign = rounded > 0 ? 1 : rounded < 0 ? -1 : 0;
  const arrow = sign > 0 ? '▲' : sign < 0 ? '▼' : '■';
  return { text: `${arrow} ${Math.abs(rounded).toFixed(1)}${unit === 'rate' ? ' pp' : ''}`, sign };
}

/** Pinyin collation for Chinese names (the browser side of `COLLATE zh`). */
export const zhCollator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });

/** A date or timestamp in Asia/Shanghai, `YYYY-MM-DD` or `YYYY-MM-DD HH:mm`. */
export function formatShanghai(value: string | null | undefined, withTime = false): string {
  if (!value) return NULL_TEXT;
  // The server sends wall-clock text already in Asia/Shanghai (DuckDB TimeZone is pinned);
  // we only trim seconds — never reinterpret in the browser's zone.
  return withTime ? value.slice(0, 16).replace('T', ' ') : value.slice(0, 10);
}
