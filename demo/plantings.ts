/**
 * The anomalies of indicators.md, planted on purpose so that every rule fires at least
 * once even at small scale. The plan picks a distinct, otherwise well-kept branch for
 * each (spread over the first universities), tells the branch simulation what to do
 * there, and records the evidence (activity and member ids) once the records exist.
 * The natural simulation produces some anomalies too (a weak branch skipping a month, a
 * member who drifts away); only the planted ones are listed, as a floor for tests.
 *
 * A planting is a habit of its branch over the whole simulated horizon (every August
 * silent, every quarter's first 主题党日 signed in at once, …), chosen without looking at
 * the export day, so the history stays the same whatever day the export ends on. What is
 * listed is one occurrence per anomaly that shows by that day: the latest one the models
 * can judge (a period ended, a halt's 30 days over), with the evidence the export holds.
 */
import { addMonths, dayOf, monthEnd, monthLabel, monthStart, quarterEnd, quarterLabel, quarterStart, ymdOf, type Day } from './calendar.ts';
import type { Branch, Member, Rating, UniversityWorld } from './model.ts';
import type { Random } from './random.ts';
import type { Span } from './scale.ts';

export const ANOMALY_CODES = [
  'A01_silent_month',
  'A02_chronic_absentee',
  'A03_uniform_sign_in',
  'A04_short_meeting',
  'A05_count_mismatch',
  'A06_halt_not_redone',
  'A07_rating_inconsistent',
  'A08_no_criticism',
  'A09_participation_drop',
  'A10_no_year_end_report',
  'A11_sign_in_outside',
  'A12_cadre_absent',
] as const;
export type AnomalyCode = (typeof ANOMALY_CODES)[number];

export interface PlantedAnomaly {
  code: AnomalyCode;
  university_code: string;
  branch_code: string;
  /** The period in which the anomaly shows: `2024-08`, `2024Q3` or `2024`. */
  period: string;
  /** Activity ids, member ids or observation ids that show it. */
  evidence: string[];
  note: string;
}

export interface YearQuarter {
  year: number;
  quarter: number;
}

/**
 * What the simulation of one branch does differently, in every year or quarter of the
 * horizon. A branch carries one planting (A06 with its A07).
 */
export interface BranchDirectives {
  /** A01: no meeting at all in August (暑期停摆). */
  silentAugust?: boolean;
  /** A02: a member absent from every meeting from `from` on. */
  absentee?: { memberId: string; from: Day };
  /** A03: the first 主题党日 of each quarter (else its first 支部党员大会) signed in within one minute. */
  uniformSignIn?: boolean;
  /** A04: the first 党课 of each quarter lasts 20 minutes. */
  shortMeeting?: boolean;
  /** A05: the first 主题党日 of each quarter reports two more attendees than its rows. */
  countMismatch?: boolean;
  /** A06: the 主题党日 of these months is halted; redone after `redoAfterDays`, or never. A07: the year is still rated `rateAs`. */
  halt?: { months: number[]; redoAfterDays: number | null; rateAs: Rating };
  /** A08: the 组织生活会 records no criticism. */
  noCriticism?: boolean;
  /** A09: participation falls to about 0.45 in these quarters of the year (the others are normal). */
  participationDrop?: { quarters: number[] };
  /** A10: the fourth quarter's assembly is held in October and does not report on the year. */
  noYearEndReport?: boolean;
  /** A11: one sign-in three hours early at the first 主题党日 of each quarter. */
  signInOutside?: boolean;
  /** A12: a leading cadre on leave in every quarter, or attending not as an ordinary member. */
  cadreAbsent?: { memberId: string; mode: 'leave' | 'not_ordinary' };
}

type Slot =
  | 'A01'
  | 'A02'
  | 'A03'
  | 'A04'
  | 'A05'
  | 'A06_never'
  | 'A06_late'
  | 'A08'
  | 'A09'
  | 'A10'
  | 'A11'
  | 'A12_leave'
  | 'A12_not_ordinary';

const SLOTS: Slot[] = ['A01', 'A02', 'A03', 'A04', 'A05', 'A06_never', 'A06_late', 'A08', 'A09', 'A10', 'A11', 'A12_leave', 'A12_not_ordinary'];

export interface NotPlanted {
  code: AnomalyCode;
  reason: string;
}

/** The anomaly each slot plants. */
const SLOT_CODE: Record<Slot, AnomalyCode> = {
  A01: 'A01_silent_month',
  A02: 'A02_chronic_absentee',
  A03: 'A03_uniform_sign_in',
  A04: 'A04_short_meeting',
  A05: 'A05_count_mismatch',
  A06_never: 'A06_halt_not_redone',
  A06_late: 'A06_halt_not_redone',
  A08: 'A08_no_criticism',
  A09: 'A09_participation_drop',
  A10: 'A10_no_year_end_report',
  A11: 'A11_sign_in_outside',
  A12_leave: 'A12_cadre_absent',
  A12_not_ordinary: 'A12_cadre_absent',
};

export class PlantingPlan {
  private readonly pending = new Set<Slot>(SLOTS);
  private readonly directives = new Map<string, BranchDirectives>();
  private readonly records: PlantedAnomaly[] = [];
  private readonly spreadOver: number;

  /**
   * @param horizon the simulated span: where and how to plant is decided on it alone.
   * @param view the exported span (ending on the export's last day): what is listed.
   */
  constructor(
    private readonly horizon: Span,
    readonly view: Span,
    universities: number,
  ) {
    this.spreadOver = Math.max(1, Math.min(4, universities));
  }

  /** Picks target branches in this university for the plantings that are due here. */
  assign(world: UniversityWorld, rng: Random): void {
    const used = new Set<string>();
    SLOTS.forEach((slot, i) => {
      if (!this.pending.has(slot)) return;
      if (i % this.spreadOver !== world.university.index % this.spreadOver && world.university.index < this.spreadOver) return;
      const directive = this.directiveFor(slot, world, used, rng);
      if (!directive) return;
      used.add(directive.branch.unit.code);
      this.directives.set(directive.branch.unit.code, directive.directives);
      this.pending.delete(slot);
    });
  }

  directivesFor(branchCode: string): BranchDirectives | undefined {
    return this.directives.get(branchCode);
  }

  record(anomaly: PlantedAnomaly): void {
    this.records.push(anomaly);
  }

  planted(): PlantedAnomaly[] {
    return this.records.slice();
  }

  /** Anomaly codes not listed (no eligible branch, or nothing of them shows by the span's end yet), with why. */
  notPlanted(): NotPlanted[] {
    const plantedCodes = new Set(this.records.map((r) => r.code));
    const assigned = new Set(SLOTS.filter((s) => !this.pending.has(s)).map((s) => SLOT_CODE[s]));
    if (assigned.has('A06_halt_not_redone')) assigned.add('A07_rating_inconsistent');
    return ANOMALY_CODES.filter((c) => !plantedCodes.has(c)).map((code) => ({
      code,
      reason: !assigned.has(code)
        ? 'no eligible branch'
        : ['A07_rating_inconsistent', 'A10_no_year_end_report'].includes(code) && this.view.completedYears.length === 0
          ? 'the span has no complete calendar year'
          : 'nothing of it shows by the end date yet (the span is too short)',
    }));
  }

  private directiveFor(slot: Slot, world: UniversityWorld, used: Set<string>, rng: Random): { branch: Branch; directives: BranchDirectives } | null {
    const { horizon } = this;
    // Planted branches exist through the whole horizon, so no founding or dissolution muddles the evidence.
    const candidates = rng.shuffled(
      world.branches.filter((b) => !used.has(b.unit.code) && !this.directives.has(b.unit.code) && b.unit.dissolvedOn === null && (b.unit.establishedOn === null || b.unit.establishedOn <= horizon.start)),
    );
    // Members there all along: a quarter's meetings expect at least as many.
    const steadyMembers = (b: Branch) => b.members.filter((m) => (m.joinedOn === null || m.joinedOn <= horizon.start) && m.leftOn === null).length;
    const pick = (ok: (b: Branch) => boolean) => candidates.find(ok) ?? null;
    const plant = (b: Branch | null, directives: BranchDirectives) => (b ? { branch: b, directives } : null);
    switch (slot) {
      case 'A01':
        return plant(pick(() => true), { silentAugust: true });
      case 'A02': {
        // Absent since May of the year before the last (or February of a single year): every six-month window of the last year lies after it.
        const from = horizon.firstYear < horizon.lastYear ? dayOf(horizon.lastYear - 1, 5, 1) : dayOf(horizon.lastYear, 2, 1);
        for (const b of candidates) {
          const m = b.members.find((x) => x.role === '无' && !x.isLeadingCadre && x.attendP > 0.8 && x.status === '正式党员' && x.leftOn === null && (x.joinedOn === null || x.joinedOn < from));
          if (m) return { branch: b, directives: { absentee: { memberId: m.id, from } } };
        }
        return null;
      }
      case 'A03':
        return plant(pick((x) => steadyMembers(x) >= 12), { uniformSignIn: true });
      case 'A04':
        return plant(pick(() => true), { shortMeeting: true });
      case 'A05':
        return plant(pick((x) => steadyMembers(x) >= 5), { countMismatch: true });
      case 'A06_never':
        return plant(pick(() => true), { halt: { months: [3, 9], redoAfterDays: null, rateAs: '好' } });
      case 'A06_late':
        return plant(pick(() => true), { halt: { months: [4, 10], redoAfterDays: 40, rateAs: '较好' } });
      case 'A08':
        return plant(pick(() => true), { noCriticism: true });
      case 'A09':
        return plant(pick((x) => steadyMembers(x) >= 10 && x.strong), { participationDrop: { quarters: [2, 4] } });
      case 'A10':
        return plant(pick(() => true), { noYearEndReport: true });
      case 'A11':
        return plant(pick((x) => steadyMembers(x) >= 5), { signInOutside: true });
      case 'A12_leave':
      case 'A12_not_ordinary': {
        for (const b of candidates) {
          const cadre = b.members.find((m: Member) => m.isLeadingCadre && (m.joinedOn === null || m.joinedOn <= horizon.start) && m.leftOn === null);
          if (cadre) return { branch: b, directives: { cadreAbsent: { memberId: cadre.id, mode: slot === 'A12_leave' ? 'leave' : 'not_ordinary' } } };
        }
        return null;
      }
    }
  }
}

/**
 * The last day the models surely judge for an export ending on `end`: their as_of is the
 * day of the latest activity, which may fall a few days before the end.
 */
export function judgedBy(end: Day): Day {
  return end - 14;
}

/** The last month ended by `day` (the end of the six-month A02 window that is listed). */
export function lastEndedMonth(day: Day): { year: number; month: number } {
  const lastDay = ymdOf(day + 1).day === 1 ? day : day - ymdOf(day).day;
  return { year: ymdOf(lastDay).year, month: ymdOf(lastDay).month };
}

/** Whether the six months ending with `month` all lie on or after `from`. */
export function windowAfter(month: { year: number; month: number }, from: Day): boolean {
  const first = addMonths(month.year, month.month, -5);
  return monthStart(first.year, first.month) >= from;
}

/** The latest quarter among `quarters` (of each year) that ended by `day` and, with `withPrevious`, whose previous quarter lies in the span. */
export function latestQuarter(span: Span, day: Day, quarters: readonly number[], withPrevious: boolean): YearQuarter | null {
  for (let year = span.lastYear; year >= span.firstYear; year--) {
    for (let quarter = 4; quarter >= 1; quarter--) {
      if (!quarters.includes(quarter) || quarterEnd(year, quarter) > day) continue;
      const previousStart = quarter === 1 ? quarterStart(year - 1, 4) : quarterStart(year, quarter - 1);
      if (quarterStart(year, quarter) >= span.start && (!withPrevious || previousStart >= span.start)) return { year, quarter };
    }
  }
  return null;
}

/** The latest August that ended by `day` inside the span. */
export function latestAugust(span: Span, day: Day): { year: number; month: number } | null {
  for (let year = span.lastYear; year >= span.firstYear; year--) if (monthEnd(year, 8) <= day) return { year, month: 8 };
  return null;
}

export function periodOfMonth(year: number, month: number): string {
  return monthLabel(year, month);
}

export function periodOfQuarter(yq: YearQuarter): string {
  return quarterLabel(yq.year, yq.quarter);
}
