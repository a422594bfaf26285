/**
 * Periods of indicators.md: a month `2024-03`, a quarter `2024Q1` or a year `2024`.
 * Pure functions, shared by the server (query bounds) and the browser (the picker).
 * Dates are calendar dates `YYYY-MM-DD` in Asia/Shanghai; no Date arithmetic in UTC.
 */

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  /** The canonical text: `2024-03`, `2024Q1`, `2024`. */
  code: string;
  year: number;
  /** 1–12 for a month, 1–4 for a quarter, absent for a year. */
  index?: number;
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day, `YYYY-MM-DD`. */
  end: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})Q([1-4])$/;
const YEAR = /^(\d{4})$/;

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function make(kind: PeriodKind, year: number, index?: number): Period {
  if (kind === 'year') return { kind, code: String(year), year, start: `${year}-01-01`, end: `${year}-12-31` };
  if (kind === 'quarter') {
    const q = index!;
    const m1 = (q - 1) * 3 + 1;
    const m3 = m1 + 2;
    return { kind, code: `${year}Q${q}`, year, index: q, start: `${year}-${pad(m1)}-01`, end: `${year}-${pad(m3)}-${pad(lastDayOfMonth(year, m3))}` };
  }
  const m = index!;
  return { kind, code: `${year}-${pad(m)}`, year, index: m, start: `${year}-${pad(m)}-01`, end: `${year}-${pad(m)}-${pad(lastDayOfMonth(year, m))}` };
}

/** Parse a period code; null when it is not one (the caller shows a message and the default). */
export function parsePeriod(text: string | null | undefined): Period | null {
  if (!text) return null;
  const s = text.trim().toUpperCase();
  let m = MONTH.exec(s);
  if (m) return make('month', Number(m[1]), Number(m[2]));
  m = QUARTER.exec(s);
  if (m) return make('quarter', Number(m[1]), Number(m[2]));
  m = YEAR.exec(s);
  if (m && Number(m[1]) >= 1900 && Number(m[1]) <= 2200) return make('year', Number(m[1]));
  return null;
}

/** The period of the same length just before `p`. */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'year') return make('year', p.year - 1);
  if (p.kind === 'quarter') return p.index === 1 ? make('quarter', p.year - 1, 4) : make('quarter', p.year, p.index! - 1);
  return p.index === 1 ? make('month', p.year - 1, 12) : make('month', p.year, p.index! - 1);
}

/** The period of the same length just after `p`. */
export function nextPeriod(p: Period): Period {
  if (p.kind === 'year') return make('year', p.year + 1);
  if (p.kind === 'quarter') return p.index === 4 ? make('quarter', p.year + 1, 1) : make('quarter', p.year, p.index! + 1);
  return p.index === 12 ? make('month', p.year + 1, 1) : make('month', p.year, p.index! + 1);
}

/** The period of kind `kind` that contains the day `date` (`YYYY-MM-DD`). */
export function periodContaining(date: string, kind: PeriodKind): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'year') return make('year', year);
  if (kind === 'quarter') return make('quarter', year, Math.floor((month - 1) / 3) + 1);
  return make('month', year, month);
}

/** The last quarter whose last day is ≤ `asOf`: the dashboard's default period. */
export function lastCompleteQuarter(asOf: string): Period {
  const q = periodContaining(asOf, 'quarter');
  return q.end <= asOf ? q : previousPeriod(q);
}

/** The `n` periods of the same kind ending with `p`, oldest first (trend lines). */
export function trailingPeriods(p: Period, n: number): Period[] {
  const out: Period[] = [p];
  while (out.length < n) out.unshift(previousPeriod(out[0]));
  return out;
}

/** The months inside `p`, oldest first. */
export function monthsOf(p: Period): Period[] {
  const first = periodContaining(p.start, 'month');
  const out: Period[] = [];
  for (let m = first; m.start <= p.end; m = nextPeriod(m)) out.push(m);
  return out;
}

/** `text` as a calendar date `YYYY-MM-DD` that exists (not 2025-02-30), else null. */
export function parseCalendarDate(text: string | null | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month) ? m[0] : null;
}

/** Has `p` ended by `asOf` (its last day ≤ as_of)? */
export function hasEnded(p: Period, asOf: string): boolean {
  return p.end <= asOf;
}

/** Choices for the picker: the years, quarters and months from `first` to `asOf`, newest first. */
export function periodChoices(firstDay: string, asOf: string): Record<PeriodKind, string[]> {
  const out: Record<PeriodKind, string[]> = { month: [], quarter: [], year: [] };
  for (const kind of ['month', 'quarter', 'year'] as const) {
    let p = periodContaining(asOf, kind);
    const stop = periodContaining(firstDay, kind);
    while (p.start >= stop.start) {
      out[kind].push(p.code);
      p = previousPeriod(p);
    }
  }
  return out;
}
