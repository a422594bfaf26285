/**
 * The follow-up of an anomaly (异常核实) and the 异常 page's own view state. Client-safe: the
 * server validates with the same lists. Statuses are stored in Chinese, as analysts write them.
 */
import type { Lang } from '../../i18n/dict.ts';

/** 待核实 → 已核实 / 误报 / 已转整改 (and back to 待核实 if a decision is withdrawn). */
export const REVIEW_STATUSES = ['待核实', '已核实', '误报', '已转整改'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** An anomaly still needs attention while it is 待核实 or 已核实 (confirmed, not yet handed over). */
export const OPEN_STATUSES: readonly ReviewStatus[] = ['待核实', '已核实'];

export function isReviewStatus(value: unknown): value is ReviewStatus {
  return typeof value === 'string' && (REVIEW_STATUSES as readonly string[]).includes(value);
}

const STATUS_EN: Record<ReviewStatus, string> = { 待核实: 'To verify', 已核实: 'Verified', 误报: 'False alarm', 已转整改: 'Sent to rectification' };

export function statusLabel(status: ReviewStatus, lang: Lang): string {
  return lang === 'en' ? STATUS_EN[status] : status;
}

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The anomaly rules of indicators.md, with a short name for people. */
export const ANOMALY_CODES: Record<string, { zh: string; en: string }> = {
  A01_silent_month: { zh: '整月无活动', en: 'Silent month' },
  A02_chronic_absentee: { zh: '长期缺席', en: 'Chronic absentee' },
  A03_uniform_sign_in: { zh: '签到时间雷同', en: 'Uniform sign-in' },
  A04_short_meeting: { zh: '会议时长过短', en: 'Short meeting' },
  A05_count_mismatch: { zh: '实到人数不符', en: 'Count mismatch' },
  A06_halt_not_redone: { zh: '叫停后未按期补开', en: 'Halted, not redone' },
  A07_rating_inconsistent: { zh: '评议等次与执行不符', en: 'Rating inconsistent' },
  A08_no_criticism: { zh: '组织生活会无批评意见', en: 'No criticism' },
  A09_participation_drop: { zh: '参会率骤降', en: 'Participation drop' },
  A10_no_year_end_report: { zh: '缺年度组织生活通报', en: 'No year-end report' },
  A11_sign_in_outside: { zh: '签到时间超出会议时段', en: 'Sign-in outside the meeting' },
  A12_cadre_absent: { zh: '领导干部未过双重组织生活', en: 'Cadre absent' },
};

/** "A01 整月无活动" */
export function anomalyCodeLabel(code: string, lang: Lang): string {
  const known = ANOMALY_CODES[code];
  const short = code.split('_')[0];
  return known ? `${short} ${lang === 'en' ? known.en : known.zh}` : code;
}

const SEVERITY_TEXT: Record<Severity, { zh: string; en: string }> = { high: { zh: '高', en: 'High' }, medium: { zh: '中', en: 'Medium' }, low: { zh: '低', en: 'Low' } };

export function severityLabel(severity: string, lang: Lang): string {
  const s = SEVERITY_TEXT[severity as Severity];
  return s ? s[lang] : severity;
}

/** The 异常 page's filters, besides the shared period and university (URL `code`, `severity`, `status`, `key`). */
export interface AnomalyFilters {
  /** One anomaly rule, e.g. `A01_silent_month`; null = all. */
  code: string | null;
  /** high | medium | low; null = all. */
  severity: Severity | null;
  /** A follow-up status; null = all. */
  status: ReviewStatus | null;
  /** The anomaly whose evidence and follow-up are open beside the list (its anomaly_key). */
  key: string | null;
}

const CODE = /^A\d{2}_[a-z0-9_]{1,40}$/;
const KEY = /^[0-9a-f]{64}$/;

export function readAnomalyFilters(params: URLSearchParams): { filters: AnomalyFilters; problems: string[] } {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = params.get(name)?.trim();
    return v ? v : null;
  };
  const code = get('code');
  const severity = get('severity');
  const status = get('status');
  const key = get('key');
  const filters: AnomalyFilters = {
    code: code && CODE.test(code) ? code : null,
    severity: severity && (SEVERITIES as readonly string[]).includes(severity) ? (severity as Severity) : null,
    status: isReviewStatus(status) ? status : null,
    key: key && KEY.test(key) ? key : null,
  };
  if (code && !filters.code) problems.push(code);
  if (severity && !filters.severity) problems.push(severity);
  if (status && !filters.status) problems.push(status);
  if (key && !filters.key) problems.push(key);
  return { filters, problems };
}
