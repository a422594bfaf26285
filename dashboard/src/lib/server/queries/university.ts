/**
 * 高校 page: the university's figures against the province (peer benchmark), its colleges and
 * branches, its anomalies; the branches × months cadence cells (sent as Arrow); and one
 * branch-month's meetings (the heatmap's click).
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { allowsOrg, allowsUniversity, allowsWholeUniversity, scopeSql, type Scope } from '../../../../../auth/scope.ts';
import { monthsOf, periodContaining, trailingPeriods, type Period } from '../../state/periods.ts';
import { readOne, readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { pickIndicators, text, type IndicatorValues } from './columns.ts';
import { findUniversity, type UniversityFacts } from './units.ts';

export interface UnitRow extends IndicatorValues {
  code: string;
  name: string;
  college_code: string | null;
  college_name: string | null;
  branch_category: string | null;
  is_contact_point: boolean | null;
}

export interface AnomalyRow {
  code: string;
  severity: string;
  branch_code: string;
  branch_name: string | null;
  period: string;
  activity_id: string | null;
  member_id: string | null;
  evidence: string | null;
  message: string;
}

export interface UniversityPage {
  facts: UniversityFacts;
  figures: IndicatorValues | null;
  province: IndicatorValues | null;
  colleges: UnitRow[];
  branches: UnitRow[];
  anomalies: AnomalyRow[];
  /** The months the heatmap shows: the 12 ending with P's last month (or as_of's). */
  heatmapMonths: string[];
}

function unitRow(r: Record<string, unknown>, kind: 'college' | 'branch'): UnitRow {
  return {
    ...pickIndicators(r),
    code: text(r, kind === 'college' ? 'org_code' : 'branch_code') ?? '',
    name: text(r, kind === 'college' ? 'org_name' : 'branch_name') ?? '',
    college_code: text(r, kind === 'college' ? 'org_code' : 'college_code'),
    college_name: text(r, kind === 'college' ? 'org_name' : 'college_name'),
    branch_category: text(r, 'branch_category'),
    is_contact_point: r.is_contact_point === null || r.is_contact_point === undefined ? null : Boolean(r.is_contact_point),
  };
}

/** Anomalies of a unit that P shows (mart_anomalies_by_period, as the 异常 page; most severe first). */
export async function readAnomalies(c: DuckDBConnection, where: 'university_code' | 'college_code' | 'branch_code', code: string, period: Period, limit = 500): Promise<AnomalyRow[]> {
  // `where` is one of three literal column names (typed above), never input.
  return readRows<AnomalyRow>(
    c,
    `select code, severity, branch_code, branch_name, period, activity_id, member_id, evidence::varchar as evidence, message
     from mart_anomalies
     where ${where} = $1 and anomaly_id in (select anomaly_id from mart_anomalies_by_period where period_code = $2)
     order by severity_order, code, period, branch_code
     limit $3`,
    [code, period.code, limit],
  );
}

export function heatmapMonths(period: Period, asOf: string): string[] {
  const last = periodContaining(period.end < asOf ? period.end : asOf, 'month');
  const inside = monthsOf(period).map((m) => m.code);
  const trailing = trailingPeriods(last, 12).map((m) => m.code);
  return inside.length >= 12 ? inside : trailing;
}

export async function getUniversityPage(scope: Scope, code: string, period: Period, asOf: string, built: ReadonlySet<string>): Promise<UniversityPage | null> {
  // Outside the scope, a university does not exist (404); a college user sees its college, not the whole university.
  if (!allowsWholeUniversity(scope, code)) return null;
  return withConnection(async (c) => {
    const facts = await findUniversity(c, code);
    if (!facts) return null;
    const page: UniversityPage = { facts, figures: null, province: null, colleges: [], branches: [], anomalies: [], heatmapMonths: heatmapMonths(period, asOf) };
    if (built.has('mart_university_period_indicators')) {
      page.figures = pickIndicators(await readOne(c, 'select * from mart_university_period_indicators where university_code = $1 and period_code = $2', [code, period.code]));
    }
    if (built.has('mart_province_period_indicators')) {
      page.province = pickIndicators(await readOne(c, 'select * from mart_province_period_indicators where period_code = $1', [period.code]));
    }
    if (built.has('mart_college_period_indicators')) {
      const rows = await readRows<Record<string, unknown>>(c, 'select * from mart_college_period_indicators where university_code = $1 and period_code = $2 order by rank nulls last, org_name collate zh', [code, period.code]);
      page.colleges = rows.map((r) => unitRow(r, 'college'));
    }
    if (built.has('mart_branch_period_indicators')) {
      const rows = await readRows<Record<string, unknown>>(c, 'select * from mart_branch_period_indicators where university_code = $1 and period_code = $2 order by rank nulls last, branch_name collate zh', [code, period.code]);
      page.branches = rows.map((r) => unitRow(r, 'branch'));
    }
    if (built.has('mart_anomalies')) page.anomalies = await readAnomalies(c, 'university_code', code, period);
    return page;
  });
}

/** Cell states of the heatmap: 0 not owed (nothing required), 1 met, 2 missed. */
export const CELL_NOT_OWED = 0;
export const CELL_MET = 1;
export const CELL_MISSED = 2;

export interface CadenceCells {
  branch_code: string[];
  branch_name: string[];
  month: string[];
  status: Int8Array;
  n_required: Int16Array;
  n_met: Int16Array;
}

/**
 * Branches × months of a university (or one college): the monthly rules, pooled per cell; null
 * when the university is outside the scope (a college user gets its own college's branches only).
 */
export async function getCadenceCells(scope: Scope, universityCode: string, months: string[], collegeCode: string | null = null): Promise<CadenceCells | null> {
  if (!allowsUniversity(scope, universityCode)) return null;
  return withConnection(async (c) => {
    const params: DuckDBValue[] = [universityCode, months.join(','), collegeCode];
    const inScope = scopeSql(scope, { university: 'university_code', college: 'college_code' }, params);
    const rows = await readRows<{ branch_code: string; branch_name: string; month: string; n_required: number; n_met: number }>(
      c,
      `select branch_code, any_value(branch_name) as branch_name, period_code as month,
              count(*) filter (where is_required)::integer as n_required,
              count(*) filter (where is_required and is_met)::integer as n_met
       from mart_cadence_cells
       where university_code = $1 and period_kind = 'month'
         and list_contains(string_split($2, ','), period_code)
         and ($3::varchar is null or college_code = $3)
         and ${inScope}
       group by branch_code, period_code
       order by any_value(branch_name) collate zh, branch_code, month`,
      params,
    );
    const n = rows.length;
    const out: CadenceCells = { branch_code: [], branch_name: [], month: [], status: new Int8Array(n), n_required: new Int16Array(n), n_met: new Int16Array(n) };
    rows.forEach((r, i) => {
      out.branch_code.push(r.branch_code);
      out.branch_name.push(r.branch_name);
      out.month.push(r.month);
      out.status[i] = r.n_required === 0 ? CELL_NOT_OWED : r.n_met >= r.n_required ? CELL_MET : CELL_MISSED;
      out.n_required[i] = r.n_required;
      out.n_met[i] = r.n_met;
    });
    return out;
  });
}

export interface MeetingRow {
  activity_id: string;
  activity_type: string;
  title: string;
  started_at: string;
  is_halted: boolean;
  is_observed: boolean;
  n_attended: number;
  n_expected: number;
}

/** The meetings of one branch in one calendar period (a heatmap cell, or the branch page); null outside the scope. */
export async function getBranchMeetings(scope: Scope, branchCode: string, start: string, end: string, asOf: string): Promise<MeetingRow[] | null> {
  return withConnection(async (c) => {
    if (!(await allowsOrg(c, scope, branchCode))) return null;
    return readRows<MeetingRow>(
      c,
      `with obs as (
         select activity_id, bool_or(halted) as is_halted, count(*) > 0 as is_observed
         from stg_observations group by activity_id
       ),
       att as (
         select activity_id,
                count(*) filter (where attendance_status = '出席')::integer as n_attended,
                count(*) filter (where attendance_status in ('出席', '请假', '缺席'))::integer as n_expected
         from stg_attendance
         where activity_id in (select activity_id from stg_activities where branch_code = $1)
         group by activity_id
       )
       select a.activity_id, a.activity_type, a.title, a.started_at,
              coalesce(o.is_halted, false) as is_halted, coalesce(o.is_observed, false) as is_observed,
              coalesce(t.n_attended, 0) as n_attended, coalesce(t.n_expected, 0) as n_expected
       from stg_activities as a
       left join obs as o using (activity_id)
       left join att as t using (activity_id)
       where a.branch_code = $1 and a.started_on between $2::date and $3::date and a.started_on <= $4::date
       order by a.started_at, a.activity_id`,
      [branchCode, start, end, asOf],
    );
  });
}
