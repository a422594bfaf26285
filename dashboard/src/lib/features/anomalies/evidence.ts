/** How the figures of an anomaly's evidence are named for people (keys of the models' JSON). */
import type { Lang } from '../../i18n/dict.ts';

const LABELS: Record<string, { zh: string; en: string }> = {
  months: { zh: '月份', en: 'Months' },
  years: { zh: '年度', en: 'Years' },
  periods: { zh: '对比期间', en: 'Periods' },
  window: { zh: '时间窗口', en: 'Window' },
  n_expected: { zh: '应参加次数', en: 'Expected' },
  n_attended: { zh: '出席人次', en: 'Attended' },
  attended_count: { zh: '登记实到', en: 'Attended (header)' },
  attended_rows: { zh: '参会记录出席', en: 'Attended (rows)' },
  sign_in_minute: { zh: '签到时间', en: 'Sign-in minute' },
  started_at: { zh: '开始时间', en: 'Started' },
  ended_at: { zh: '结束时间', en: 'Ended' },
  duration_seconds: { zh: '时长（秒）', en: 'Duration (s)' },
  redo_deadline_on: { zh: '补开期限', en: 'Redo deadline' },
  days_to_redo: { zh: '补开间隔（天）', en: 'Days to redo' },
  rating: { zh: '评议等次', en: 'Rating' },
  regularity: { zh: '规范执行率', en: 'Regularity' },
  participation_rate: { zh: '参会率', en: 'Participation' },
  previous_participation_rate: { zh: '上期参会率', en: 'Previous participation' },
  n_expected_rows: { zh: '应到人次', en: 'Expected rows' },
  previous_n_attended: { zh: '上期出席人次', en: 'Previous attended' },
  previous_n_expected: { zh: '上期应到人次', en: 'Previous expected' },
  n_halted_unresolved: { zh: '叫停未补开', en: 'Halted, not redone' },
  criticism_count: { zh: '批评意见条数', en: 'Criticisms' },
  last_activity_on: { zh: '此前最近活动日期', en: 'Last activity on' },
  quarter: { zh: '季度', en: 'Quarter' },
};

const RATE_KEYS = new Set(['regularity', 'participation_rate', 'previous_participation_rate']);

export function evidenceLabel(key: string, lang: Lang): string {
  return LABELS[key]?.[lang] ?? key;
}

/** A figure as text: rates as %, lists joined, objects as compact JSON. */
export function evidenceValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (RATE_KEYS.has(key) && typeof value === 'number') return `${(value * 100).toFixed(1)}%`;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
