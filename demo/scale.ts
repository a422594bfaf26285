/**
 * The two demo scales and the span of days they cover. `small` is a few universities
 * for tests and the first `npm start`; `province` is the size of Anhui (domain.md:
 * 121 universities, ~20,000 branches, ~400,000 members, ~12 M attendance rows a year).
 */
import { dayOf, ymdOf, type Day } from './calendar.ts';
import type { BranchCategory, Level } from './model.ts';

export type ScaleName = 'small' | 'province';

type Range = readonly [number, number];

export interface UniversityShape {
  colleges: Range;
  staffBranchesPerCollege: Range;
  studentBranchesPerCollege: Range;
  /** Branches of the administration (机关党委). */
  officeBranches: Range;
  retiredBranches: Range;
}

export interface ScaleConfig {
  name: ScaleName;
  universities: number;
  /** Default number of calendar years covered when the caller gives none. */
  defaultYears: number;
  shape: Record<Level, UniversityShape>;
  /** Members per branch at the start: mean and standard deviation. */
  branchSize: Record<BranchCategory, readonly [number, number]>;
  /** Share of universities that are 本科 (the rest are 专科). */
  undergraduateShare: number;
}

export const SCALES: Record<ScaleName, ScaleConfig> = {
  small: {
    name: 'small',
    universities: 4,
    defaultYears: 2,
    undergraduateShare: 0.5,
    shape: {
      本科: { colleges: [3, 4], staffBranchesPerCollege: [1, 1], studentBranchesPerCollege: [2, 3], officeBranches: [1, 2], retiredBranches: [1, 1] },
      专科: { colleges: [3, 3], staffBranchesPerCollege: [1, 1], studentBranchesPerCollege: [2, 3], officeBranches: [1, 1], retiredBranches: [1, 1] },
    },
    branchSize: { 学生: [28, 7], 教职工: [16, 4], 离退休: [15, 4], 混合: [20, 5] },
  },
  province: {
    name: 'province',
    universities: 121,
    defaultYears: 1,
    undergraduateShare: 46 / 121,
    shape: {
      本科: { colleges: [15, 23], staffBranchesPerCollege: [2, 4], studentBranchesPerCollege: [6, 11], officeBranches: [8, 14], retiredBranches: [3, 5] },
      专科: { colleges: [9, 14], staffBranchesPerCollege: [2, 3], studentBranchesPerCollege: [5, 9], officeBranches: [5, 8], retiredBranches: [2, 3] },
    },
    branchSize: { 学生: [21, 7], 教职工: [13, 4], 离退休: [15, 5], 混合: [17, 5] },
  },
};

/**
 * The days the demo covers: whole calendar years, the last one ending at `end`.
 *
 * The world itself is simulated over `horizonOf(span)`, the same years through 31
 * December of the last one, and written as known on `end`: so two runs ending on
 * different days of one year share their whole history up to the earlier day, as a
 * platform's export one month later holds the same records plus that month.
 */
export interface Span {
  start: Day;
  end: Day;
  firstYear: number;
  lastYear: number;
  /** Calendar years that end inside the span (述职评议, year-end rules apply to them). */
  completedYears: number[];
}

export function spanOf(end: Day, years: number): Span {
  const lastYear = ymdOf(end).year;
  const firstYear = lastYear - years + 1;
  const completedYears: number[] = [];
  for (let y = firstYear; y <= lastYear; y++) if (dayOf(y, 12, 31) <= end) completedYears.push(y);
  return { start: dayOf(firstYear, 1, 1), end, firstYear, lastYear, completedYears };
}

/** The span simulated for `span`: the same calendar years, through the last one's 31 December. */
export function horizonOf(span: Span): Span {
  return spanOf(dayOf(span.lastYear, 12, 31), span.lastYear - span.firstYear + 1);
}
