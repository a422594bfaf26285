/**
 * The anomalies of indicators.md, planted on purpose so that every rule fires at least
 * once even at small scale. The plan picks a distinct, otherwise well-kept branch for
 * each (spread over the first universities), tells the branch simulation what to do
 * there, and records the evidence (activity and member ids) once the records exist.
 * The natural simulation produces some anomalies too (a weak branch skipping a month, a
 * member who drifts away); only the planted ones are listed, as a floor for tests.
 */
import { addMonths, dayOf, monthEnd, monthLabel, quarterEnd, quarterLabel, quarterOfMonth, quarterStart, ymdOf, type Day } from './calendar.ts';
import type { Branch, Member, Rating, UniversityWorld } from './model.ts';
import type { Random } from './random.ts';
import type { Span } from './scale.ts';
import { isPresent } from './world.ts';

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

/** What the simulation of one branch must do differently. A branch carries one planting (A06 with its A07). */
export interface BranchDirectives {
  silentMonth?: { year: number; month: number };
  absentee?: { memberId: string; from: Day };
  uniformSignIn?: YearQuarter;
  shortMeeting?: YearQuarter;
  countMismatch?: YearQuarter;
  /** The 主题党日 of this month is halted; redone after `redoAfterDays`, or never. */
  halt?: { year: number; month: number; redoAfterDays: number | null; rateAs: Rating | null };
  noCriticism?: { year: number };
  participationDrop?: YearQuarter;
  noYearEndReport?: { year: number };
  signInOutside?: YearQuarter;
  cadreAbsent?: { memberId: string; mode: 'leave' | 'not_ordinary' } & YearQuarter;
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

export class PlantingPlan {
  private readonly pending = new Set<Slot>(SLOTS);
  private readonly directives = new Map<string, BranchDirectives>();
  private readonly records: PlantedAnomaly[] = [];
  /** Last calendar year inside the span (year-level anomalies). */
  private readonly year: number | null;
  /** A recent quarter that has ended, with the quarter before it inside the span. */
  private readonly quarter: YearQuarter | null;
  private readonly spreadOver: number;

  constructor(private readonly span: Span, universities: number) {
    this.year = span.completedYears.at(-1) ?? null;
    this.quarter = recentQuarter(span);
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

  /** Anomaly codes that could not be planted (a span too short for them), with why. */
  notPlanted(): NotPlanted[] {
    const plantedCodes = new Set(this.records.map((r) => r.code));
    return ANOMALY_CODES.filter((c) => !plantedCodes.has(c)).map((code) => ({
      code,
      reason:
        this.year === null && ['A07_rating_inconsistent', 'A08_no_criticism', 'A10_no_year_end_report'].includes(code)
          ? 'the span has no complete calendar year'
          : this.quarter === null
            ? 'the span has no ended quarter after its first one'
            : 'no eligible branch',
    }));
  }

  private directiveFor(slot: Slot, world: UniversityWorld, used: Set<string>, rng: Random): { branch: Branch; directives: BranchDirectives } | null {
    const { span } = this;
    const q = this.quarter;
    const y = this.year;
    // Planted branches exist through the whole span, so no founding or dissolution muddles the evidence.
    const candidates = rng.shuffled(
      world.branches.filter((b) => !used.has(b.unit.code) && !this.directives.has(b.unit.code) && b.unit.dissolvedOn === null && (b.unit.establishedOn === null || b.unit.establishedOn <= span.start)),
    );
    const sizeAt = (b: Branch, first: Day, last: Day) => b.members.filter((m) => (m.joinedOn === null || m.joinedOn <= first) && (m.leftOn === null || m.leftOn >= last)).length;
    const pick = (ok: (b: Branch) => boolean) => candidates.find(ok) ?? null;
    const quarterDays = (yq: YearQuarter) => [quarterStart(yq.year, yq.quarter), quarterEnd(yq.year, yq.quarter)] as const;
    switch (slot) {
      case 'A01': {
        const month = y !== null ? { year: y, month: 8 } : q !== null ? { year: q.year, month: q.quarter * 3 } : null;
        const b = month && pick(() => true);
        return b && month ? { branch: b, directives: { silentMonth: month } } : null;
      }
      case 'A02': {
        // Seven to eight months back, so that every six-month window ending in the last ended month is covered.
        const from = span.end - 250;
        if (from <= span.start + 30) return null;
        for (const b of candidates) {
          const m = b.members.find((x) => x.role === '无' && !x.isLeadingCadre && x.attendP > 0.8 && x.status === '正式党员' && x.leftOn === null && (x.joinedOn === null || x.joinedOn < from));
          if (m) return { branch: b, directives: { absentee: { memberId: m.id, from } } };
        }
        return null;
      }
      case 'A03': {
        if (!q) return null;
        const b = pick((x) => sizeAt(x, ...quarterDays(q)) >= 12);
        return b ? { branch: b, directives: { uniformSignIn: q } } : null;
      }
      case 'A04': {
        const b = q && pick(() => true);
        return b && q ? { branch: b, directives: { shortMeeting: q } } : null;
      }
      case 'A05': {
        const b = q && pick((x) => sizeAt(x, ...quarterDays(q)) >= 5);
        return b && q ? { branch: b, directives: { countMismatch: q } } : null;
      }
      case 'A06_never':
      case 'A06_late': {
        // In the last complete year (so the year's rating can break the rule, A07); else early enough that 30 days have passed.
        const late = slot === 'A06_late';
        const when = y !== null ? { year: y, month: late ? 4 : 9 } : monthBefore(span.end, late ? 4 : 2, span);
        if (!when) return null;
        const b = pick(() => true);
        return b ? { branch: b, directives: { halt: { ...when, redoAfterDays: late ? 40 : null, rateAs: y === null ? null : late ? '较好' : '好' } } } : null;
      }
      case 'A08': {
        const b = y !== null && pick(() => true);
        return b && y !== null ? { branch: b, directives: { noCriticism: { year: y } } } : null;
      }
      case 'A09': {
        if (!q) return null;
        const previous = q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
        const b = pick((x) => sizeAt(x, quarterStart(previous.year, previous.quarter), quarterEnd(q.year, q.quarter)) >= 15 && x.strong);
        return b ? { branch: b, directives: { participationDrop: q } } : null;
      }
      case 'A10': {
        const b = y !== null && pick(() => true);
        return b && y !== null ? { branch: b, directives: { noYearEndReport: { year: y } } } : null;
      }
      case 'A11': {
        const b = q && pick((x) => sizeAt(x, ...quarterDays(q)) >= 5);
        return b && q ? { branch: b, directives: { signInOutside: q } } : null;
      }
      case 'A12_leave':
      case 'A12_not_ordinary': {
        if (!q) return null;
        for (const b of candidates) {
          const cadre = b.members.find((m: Member) => m.isLeadingCadre && isPresent(m, quarterStart(q.year, q.quarter)) && isPresent(m, quarterEnd(q.year, q.quarter)));
          if (cadre) return { branch: b, directives: { cadreAbsent: { memberId: cadre.id, mode: slot === 'A12_leave' ? 'leave' : 'not_ordinary', ...q } } };
        }
        return null;
      }
    }
  }
}

/** The last quarter ended two weeks before the span's end whose previous quarter lies in the span. */
function recentQuarter(span: Span): YearQuarter | null {
  const end = ymdOf(span.end - 14);
  let year = end.year;
  let quarter = quarterOfMonth(end.month);
  if (quarterEnd(year, quarter) > span.end - 14) {
    quarter--;
    if (quarter === 0) {
      quarter = 4;
      year--;
    }
  }
  const previousStart = quarter === 1 ? quarterStart(year - 1, 4) : quarterStart(year, quarter - 1);
  return previousStart >= span.start ? { year, quarter } : null;
}

/** The month `n` months before the span's end, if it lies inside the span after its first month. */
function monthBefore(end: Day, n: number, span: Span): { year: number; month: number } | null {
  const e = ymdOf(end);
  const m = addMonths(e.year, e.month, -n);
  return dayOf(m.year, m.month, 1) > span.start && monthEnd(m.year, m.month) < end ? m : null;
}

export function periodOfMonth(year: number, month: number): string {
  return monthLabel(year, month);
}

export function periodOfQuarter(yq: YearQuarter): string {
  return quarterLabel(yq.year, yq.quarter);
}
