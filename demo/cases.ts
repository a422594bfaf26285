/**
 * Typical cases (典型案例): each university reports one a quarter from 2022Q2 (domain.md),
 * a few quarters are missed and some bring two; the province selects its excellent
 * cases each quarter (8 across the province; at small scale about one), a month after
 * the quarter. Cases are drawn for every quarter of the horizon; an export shows those
 * submitted by its last day, and a quarter's selection once it is made (`caseAsOf`).
 */
import { quarterEnd, quarterLabel, type Day } from './calendar.ts';
import type { CaseReport, Selection, UniversityWorld } from './model.ts';
import type { Random } from './random.ts';
import type { Span } from './scale.ts';
import { CASE_TITLES } from './texts.ts';

export const FIRST_CASE_QUARTER = { year: 2022, quarter: 2 } as const;

export interface MissedQuarter {
  university_code: string;
  quarter: string;
}

/** Days after a quarter's end when the province's selection of its cases is known. */
const SELECTION_AFTER_DAYS = 30;

/**
 * The university's cases of every quarter ended in the horizon; the quarters it misses
 * that ended by `asOf` are added to `missed`.
 */
export function casesForUniversity(world: UniversityWorld, horizon: Span, asOf: Day, rng: Random, missed: MissedQuarter[]): CaseReport[] {
  const u = world.university;
  const reports: CaseReport[] = [];
  // Branches that existed all along can be the subject of a case from any year.
  const steady = world.branches.filter((b) => b.unit.establishedOn === null && b.unit.dissolvedOn === null);
  let year: number = FIRST_CASE_QUARTER.year;
  let quarter: number = FIRST_CASE_QUARTER.quarter;
  let n = 0;
  while (quarterEnd(year, quarter) <= horizon.end) {
    n++;
    // The second university forgets its third quarter's case, so small runs always show a gap.
    const forcedGap = u.index === 1 && n === 3;
    const count = forcedGap || rng.chance(0.06) ? 0 : rng.chance(0.1) ? 2 : 1;
    if (count === 0 && quarterEnd(year, quarter) <= asOf) missed.push({ university_code: u.code, quarter: quarterLabel(year, quarter) });
    for (let i = 1; i <= count; i++) {
      const branch = steady.length > 0 && rng.chance(0.85) ? rng.pick(steady) : null;
      const submittedOn: Day | null = rng.chance(0.9) ? quarterEnd(year, quarter) - rng.int(0, 25) + (rng.chance(0.3) ? rng.int(1, 12) : 0) : null;
      reports.push({
        id: `AL${year}Q${quarter}-${u.code}-${i}`,
        universityCode: u.code,
        branchCode: branch?.unit.code ?? null,
        year,
        quarter,
        title: `${branch ? branch.unit.name : u.name.replace('示例·', '')}：${rng.pick(CASE_TITLES)}`,
        submittedOn,
        selection: '未推报',
      });
    }
    quarter++;
    if (quarter === 5) {
      quarter = 1;
      year++;
    }
  }
  return reports;
}

/** The province's selection per quarter: `perQuarter` excellent cases, some others forwarded. */
export function selectCases(reports: CaseReport[], perQuarter: number, rng: Random): void {
  const byQuarter = new Map<string, CaseReport[]>();
  for (const r of reports) {
    const key = quarterLabel(r.year, r.quarter);
    const list = byQuarter.get(key) ?? [];
    list.push(r);
    byQuarter.set(key, list);
  }
  for (const [key, list] of byQuarter) {
    const qrng = rng.fork(key);
    const excellent = new Set(qrng.sample(list, perQuarter >= 1 ? perQuarter : qrng.chance(perQuarter) ? 1 : 0));
    for (const r of list) {
      const selection: Selection = excellent.has(r) ? '省级优秀' : qrng.chance(0.3) ? '已推报' : '未推报';
      r.selection = selection;
    }
  }
}

/**
 * The case as the summary on `day` shows it: null before its quarter has ended or before
 * it is submitted (a case without a submission date shows once its quarter has ended);
 * 未推报 until the quarter's selection is made.
 */
export function caseAsOf(c: CaseReport, day: Day): CaseReport | null {
  const end = quarterEnd(c.year, c.quarter);
  if (end > day || (c.submittedOn ?? end) > day) return null;
  return end + SELECTION_AFTER_DAYS <= day ? c : { ...c, selection: '未推报' };
}
