/**
 * 支部 page: the branch's facts (category, size, committee, contact point), its figures and
 * rule-by-rule compliance for P, its meetings (timeline), observations against the university
 * average, rectification items, ratings and anomalies; the attendance matrix is sent as Arrow.
 */
import { allowsOrg, allowsPlace, type Scope } from '../../../../../auth/scope.ts';
import type { Period } from '../../state/periods.ts';
import { readOne, readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { SCORE_KEYS } from '../../features/units/benchmark-keys.ts';
import { pickBenchmark, pickIndicators, RULE_CODES, type IndicatorValues } from './columns.ts';
import { findOrg, type OrgFacts } from './units.ts';
import { getBranchMeetings, readAnomalies, type AnomalyRow, type MeetingRow } from './university.ts';

export interface RuleCompliance {
  rule_code: string;
  rule_name: string;
  n_required: number;
  n_met: number;
  completion: number | null;
}

export interface BranchPage {
  facts: OrgFacts;
  n_members: number;
  n_full_members: number;
  /** ≥ 7 full members at the end of P: the branch has a committee (支委会). */
  has_committee: boolean;
  secretary: string | null;
  figures: IndicatorValues | null;
  university: IndicatorValues | null;
  rules: RuleCompliance[];
  meetings: MeetingRow[];
  observations: { observation_id: string; activity_id: string; activity_title: string; started_at: string; observer_name_masked: string; observer_org_code: string; score_political: number | null; score_contemporary: number | null; score_principled: number | null; score_combative: number | null; problems: string[]; halted: boolean; comments: string | null }[];
  rectifications: { item_id: string; source: string | null; description: string; found_on: string; due_on: string; closed_on: string | null; status: string | null; observation_id: string | null }[];
  ratings: { year: number; rating: string; is_up_to_standard: boolean | null; is_rating_inconsistent: boolean | null }[];
  anomalies: AnomalyRow[];
}

export async function getBranchPage(scope: Scope, code: string, period: Period, asOf: string, built: ReadonlySet<string>): Promise<BranchPage | null> {
  const facts = await withConnection((c) => findOrg(c, code));
  if (!facts || facts.org_type !== '党支部') return null;
  // Outside the scope the branch does not exist (404).
  if (!allowsPlace(scope, { university_code: facts.university_code, college_code: facts.college_code })) return null;
  const meetings = (await getBranchMeetings(scope, code, period.start, period.end, asOf)) ?? [];
  return withConnection(async (c) => {
    const end = period.end < asOf ? period.end : asOf;
    const size = await readOne<{ n_members: number; n_full_members: number; secretary: string | null }>(
      c,
      `select count(*)::integer as n_members,
              count(*) filter (where is_full_member)::integer as n_full_members,
              any_value(member_name_masked) filter (where branch_role = '书记') as secretary
       from stg_members
       where branch_code = $1
         and (joined_branch_on is null or joined_branch_on <= $2::date)
         and (left_branch_on is null or left_branch_on >= $2::date)`,
      [code, end],
    );
    const page: BranchPage = {
      facts,
      n_members: size?.n_members ?? 0,
      n_full_members: size?.n_full_members ?? 0,
      has_committee: (size?.n_full_members ?? 0) >= 7,
      secretary: size?.secretary ?? null,
      figures: null,
      university: null,
      rules: [],
      meetings,
      observations: [],
      rectifications: [],
      ratings: [],
      anomalies: [],
    };
    if (built.has('mart_branch_period_indicators')) {
      page.figures = pickIndicators(await readOne(c, 'select * from mart_branch_period_indicators where branch_code = $1 and period_code = $2', [code, period.code]));
    }
    if (built.has('mart_university_period_indicators')) {
      const row = await readOne<Record<string, unknown>>(c, 'select * from mart_university_period_indicators where university_code = $1 and period_code = $2', [facts.university_code, period.code]);
      page.university = pickBenchmark(row, SCORE_KEYS);
    }
    if (built.has('mart_cadence_cells')) {
      // Sub-periods wholly inside P: the cells whose days lie within P's.
      page.rules = await readRows<RuleCompliance>(
        c,
        `select rule_code, any_value(rule_name) as rule_name,
                count(*) filter (where is_required)::integer as n_required,
                count(*) filter (where is_required and is_met)::integer as n_met,
                (count(*) filter (where is_required and is_met) / nullif(count(*) filter (where is_required), 0))::double as completion
         from mart_cadence_cells
         where branch_code = $1 and start_on >= $2::date and end_on <= $3::date
         group by rule_code
         order by min(rule_order)`,
        [code, period.start, period.end],
      );
      // Rules with no sub-period inside P (a year rule in a quarter) are listed as not required.
      const known = new Set(page.rules.map((r) => r.rule_code));
      const names = built.has('seed_cadence_rules')
        ? new Map((await readRows<{ rule_code: string; rule_name: string }>(c, 'select rule_code, rule_name from seed_cadence_rules')).map((r) => [r.rule_code, r.rule_name]))
        : new Map<string, string>();
      for (const rule of RULE_CODES) if (!known.has(rule)) page.rules.push({ rule_code: rule, rule_name: names.get(rule) ?? rule, n_required: 0, n_met: 0, completion: null });
    }
    page.observations = await readRows(
      c,
      `select o.observation_id, o.activity_id, a.title as activity_title, a.started_at, o.observer_name_masked, o.observer_org_code,
              o.score_political, o.score_contemporary, o.score_principled, o.score_combative, o.problems, o.halted, o.comments
       from stg_observations as o
       join stg_activities as a using (activity_id)
       where a.branch_code = $1 and a.started_on between $2::date and $3::date
       order by a.started_at`,
      [code, period.start, end],
    );
    page.rectifications = await readRows(
      c,
      `select item_id, source, description, found_on, due_on, closed_on, status, observation_id
       from stg_rectifications
       where branch_code = $1 and found_on <= $2::date
       order by due_on desc, item_id`,
      [code, end],
    );
    if (built.has('mart_branch_year_standard')) {
      page.ratings = await readRows(
        c,
        `select e.year, e.rating, s.is_up_to_standard, s.is_rating_inconsistent
         from stg_evaluations as e
         left join mart_branch_year_standard as s on s.branch_code = e.branch_code and s.year_code = e.year::varchar
         where e.branch_code = $1
         order by e.year desc`,
        [code],
      );
    } else {
      page.ratings = await readRows(c, 'select year, rating, null as is_up_to_standard, null as is_rating_inconsistent from stg_evaluations where branch_code = $1 order by year desc', [code]);
    }
    if (built.has('mart_anomalies')) page.anomalies = await readAnomalies(c, 'branch_code', code, period);
    return page;
  });
}

/** Attendance status codes of the matrix: 0 none, 1 出席, 2 请假, 3 缺席, 4 列席. */
export const STATUS_CODES: Record<string, number> = { 出席: 1, 请假: 2, 缺席: 3, 列席: 4 };

/** The attendance rows of the branch's activities in P (long form: member × activity); null outside the scope. */
export async function getAttendanceMatrix(scope: Scope, code: string, period: Period, asOf: string) {
  return withConnection(async (c) => {
    if (!(await allowsOrg(c, scope, code))) return null;
    const rows = await readRows<{ member_id: string; member_name: string; activity_id: string; status: string; signed_in_at: string | null }>(
      c,
      `select t.member_id, coalesce(m.member_name_masked, t.member_id) as member_name, t.activity_id,
              t.attendance_status as status, strftime(t.signed_in_at, '%H:%M') as signed_in_at
       from stg_attendance as t
       join stg_activities as a using (activity_id)
       left join stg_members as m using (member_id)
       where a.branch_code = $1 and a.started_on between $2::date and $3::date and a.started_on <= $4::date
       order by coalesce(m.member_name_masked, t.member_id) collate zh, t.member_id, a.started_at`,
      [code, period.start, period.end, asOf],
    );
    const n = rows.length;
    const status = new Int8Array(n);
    rows.forEach((r, i) => (status[i] = STATUS_CODES[r.status] ?? 0));
    return {
      member_id: rows.map((r) => r.member_id),
      member_name: rows.map((r) => r.member_name),
      activity_id: rows.map((r) => r.activity_id),
      status,
      signed_in_at: rows.map((r) => r.signed_in_at),
    };
  });
}
