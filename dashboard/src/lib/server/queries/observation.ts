/**
 * 列席: observer coverage by university for the period; branches not observed in the last N
 * quarters; and a suggested observation list for the next quarter — branches not observed in
 * the window first, then the lowest index, then the most open anomalies — contact points marked.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { allowsUniversity, scopeSql, type Scope } from '../../../../../auth/scope.ts';
import { nextPeriod, periodContaining, trailingPeriods, type Period } from '../../state/periods.ts';
import { readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { openAnomalyCounts } from './anomalies.ts';
import { listUniversities } from './units.ts';

export interface CoverageRow {
  university_code: string;
  university_name: string;
  city: string | null;
  observer_coverage: number | null;
  n_active_branches: number | null;
  n_observed_branches: number | null;
  n_unobserved_branches: number | null;
  n_observations: number | null;
  quality_score: number | null;
  problem_rate: number | null;
  halt_count: number | null;
}

export interface SuggestionRow {
  /** 1 = observe first. */
  priority: number;
  branch_code: string;
  branch_name: string;
  university_code: string;
  university_name: string;
  college_name: string | null;
  branch_category: string | null;
  is_contact_point: boolean;
  /** Observations of the branch's activities in the window. */
  n_observations_window: number;
  is_unobserved: boolean;
  last_observed_on: string | null;
  index: number | null;
  open_anomalies: number;
  /** (100 − index) + 5 × open anomalies: see riskScore. */
  risk: number;
}

export interface ObservationPage {
  missing: string | null;
  /** The N quarters looked at, oldest first. */
  window: string[];
  windowStart: string;
  windowEnd: string;
  /** The quarter the suggestions are for. */
  nextQuarter: string;
  coverage: CoverageRow[];
  province: CoverageRow | null;
  /**
   * The suggested list — the first `top` branches existing at as_of in suggested order (all when
   * top = 0) — up to its first `limit` rows; GET /observation/export?list=suggestions has it all.
   */
  suggestions: SuggestionRow[];
  /** How many branches the suggested list has (min(top, nSuggestions), or nSuggestions when top = 0). */
  nList: number;
  /** How many branches the full suggested order has. */
  nSuggestions: number;
  /** The branches not observed in the window, in suggested order, up to the first `limit`. */
  unobserved: SuggestionRow[];
  /** How many branches were not observed in the window (GET /observation/export?list=unobserved has them all). */
  nUnobserved: number;
  universities: { code: string; name: string }[];
}

export interface ObservationQuery {
  period: Period;
  asOf: string;
  university: string | null;
  /** N: how many quarters back. */
  quarters: number;
  /** How many suggestions to return; 0 = all. */
  top: number;
  /** How many rows of each list the page carries (default LIST_LIMIT). */
  limit?: number;
}

/**
 * The rows of each list a page carries at most: a province has some 20 000 branches, and sending
 * them all made the page megabytes. The counts are of the full lists; the export holds them.
 */
export const LIST_LIMIT = 500;

/** The lists of the page that can be exported in full. */
export const OBSERVATION_LISTS = ['suggestions', 'unobserved'] as const;
export type ObservationList = (typeof OBSERVATION_LISTS)[number];

/** The N quarters ending with the quarter of P's end (or of as_of, if earlier). */
export function observationWindow(period: Period, asOf: string, quarters: number): Period[] {
  const last = periodContaining(period.end < asOf ? period.end : asOf, 'quarter');
  return trailingPeriods(last, quarters);
}

/**
 * Scoped: a university user sees its own coverage and branches; a college user its college's
 * coverage (in the university's place in the table) and branches.
 */
export async function getObservationPage(scope: Scope, q: ObservationQuery, built: ReadonlySet<string>): Promise<ObservationPage> {
  const window = observationWindow(q.period, q.asOf, q.quarters);
  const windowStart = window[0].start;
  const windowEnd = window[window.length - 1].end;
  const nextQuarter = nextPeriod(window[window.length - 1]).code;
  return withConnection(async (c) => {
    const universities = (await listUniversities(c))
      .filter((u) => allowsUniversity(scope, u.university_code))
      .map((u) => ({ code: u.university_code, name: u.university_name }));
    const page: ObservationPage = { missing: null, window: window.map((p) => p.code), windowStart, windowEnd, nextQuarter, coverage: [], province: null, suggestions: [], nList: 0, nSuggestions: 0, unobserved: [], nUnobserved: 0, universities };
    const needed = ['mart_university_period_indicators', 'mart_branch_period_indicators', 'int_observations', 'int_branches'];
    const missing = needed.filter((m) => !built.has(m));
    if (missing.length) return { ...page, missing: missing.join('、') };
    const coverageColumns = `observer_coverage, n_active_branches::integer as n_active_branches, n_observed_branches::integer as n_observed_branches,
      (n_active_branches - n_observed_branches)::integer as n_unobserved_branches, n_observations::integer as n_observations,
      quality_score, problem_rate, halt_count::integer as halt_count`;
    const coverageParams: DuckDBValue[] = [q.period.code, q.university];
    page.coverage = await readRows<CoverageRow>(
      c,
      scope.role === 'college'
        ? `select org_code as university_code, org_name as university_name, city, ${coverageColumns}
           from mart_college_period_indicators
           where period_code = $1 and ($2::varchar is null or university_code = $2)
             and ${scopeSql(scope, { college: 'org_code' }, coverageParams)}`
        : `select university_code, university_name, city, ${coverageColumns}
           from mart_university_period_indicators
           where period_code = $1 and ($2::varchar is null or university_code = $2)
             and ${scopeSql(scope, { university: 'university_code' }, coverageParams)}
           order by observer_coverage nulls first, university_name collate zh`,
      coverageParams,
    );
    const province = await readRows<CoverageRow>(
      c,
      `select 'province' as university_code, '全省' as university_name, '' as city, ${coverageColumns}
       from mart_province_period_indicators where period_code = $1`,
      [q.period.code],
    );
    // The province's rate is the benchmark a university or college compares itself with (as on
    // its own page); how many branches the province has is not for it to see.
    page.province = province[0] ? (scope.role === 'province' ? province[0] : { ...province[0], n_observed_branches: null, n_active_branches: null, n_unobserved_branches: null, n_observations: null, halt_count: null }) : null;
    const ordered = await readSuggestedOrder(c, scope, q, windowStart, windowEnd);
    const limit = q.limit ?? LIST_LIMIT;
    const list = q.top > 0 ? ordered.slice(0, q.top) : ordered;
    const unobserved = ordered.filter((r) => r.is_unobserved);
    page.nSuggestions = ordered.length;
    page.nList = list.length;
    page.suggestions = list.slice(0, limit);
    page.nUnobserved = unobserved.length;
    page.unobserved = unobserved.slice(0, limit);
    return page;
  });
}

/**
 * A list of the page in full, in suggested order: the suggested list (its first `top`, all
 * when top = 0) or the branches not observed in the window. What GET /observation/export
 * writes; scoped as getObservationPage.
 */
export async function listObservationRows(scope: Scope, q: ObservationQuery, list: ObservationList, built: ReadonlySet<string>): Promise<SuggestionRow[]> {
  if (!['mart_branch_period_indicators', 'int_observations', 'int_branches'].every((m) => built.has(m))) return [];
  const window = observationWindow(q.period, q.asOf, q.quarters);
  return withConnection(async (c) => {
    const ordered = await readSuggestedOrder(c, scope, q, window[0].start, window[window.length - 1].end);
    if (list === 'unobserved') return ordered.filter((r) => r.is_unobserved);
    return q.top > 0 ? ordered.slice(0, q.top) : ordered;
  });
}

/** Every branch existing at as_of in scope, in suggested order (compareSuggestions), numbered. */
async function readSuggestedOrder(c: DuckDBConnection, scope: Scope, q: ObservationQuery, windowStart: string, windowEnd: string): Promise<SuggestionRow[]> {
  const open = await openAnomalyCounts(c, windowStart, windowEnd);
  const suggestionParams: DuckDBValue[] = [windowStart, windowEnd, q.period.code, q.university];
  const inScope = scopeSql(scope, { university: 'b.university_code', college: 'b.college_code' }, suggestionParams);
  const rows = await readRows<Omit<SuggestionRow, 'priority' | 'open_anomalies' | 'is_unobserved' | 'risk'>>(
    c,
    `with params as (select as_of from int_params),
     observed as (
       select branch_code,
              count(*) filter (where started_at >= $1::date and started_at < $2::date + interval 1 day)::integer as n_observations_window,
              strftime(max(started_at)::date, '%Y-%m-%d') as last_observed_on
       from int_observations
       group by branch_code
     ),
     indices as (
       select branch_code, index from mart_branch_period_indicators where period_code = $3
     )
     select b.branch_code, b.branch_name, b.university_code, b.university_name, b.college_name, b.branch_category,
            coalesce(b.is_contact_point, false) as is_contact_point,
            coalesce(o.n_observations_window, 0) as n_observations_window,
            o.last_observed_on, i.index
     from int_branches as b
     cross join params as p
     left join observed as o using (branch_code)
     left join indices as i using (branch_code)
     where (b.established_on is null or b.established_on <= p.as_of)
       and (b.dissolved_on is null or b.dissolved_on >= p.as_of)
       and ($4::varchar is null or b.university_code = $4)
       and ${inScope}`,
    suggestionParams,
  );
  const withFlags = rows.map((r) => {
    const openAnomalies = open.get(r.branch_code) ?? 0;
    return { ...r, is_unobserved: r.n_observations_window === 0, open_anomalies: openAnomalies, risk: riskScore(r.index, openAnomalies) };
  });
  withFlags.sort(compareSuggestions);
  return withFlags.map((r, i) => ({ ...r, priority: i + 1 }));
}

const collator = new Intl.Collator('zh-CN');

/** Points of risk per open anomaly, on the index's 0–100 scale. */
export const RISK_PER_OPEN_ANOMALY = 5;

/**
 * The risk score of a branch: (100 − index) + 5 × open anomalies. A branch without an index
 * counts as index 0: having nothing to judge it by is itself a reason to go and see.
 */
export function riskScore(index: number | null, openAnomalies: number): number {
  return 100 - (index ?? 0) + RISK_PER_OPEN_ANOMALY * openAnomalies;
}

type Ranked = Pick<SuggestionRow, 'is_unobserved' | 'index' | 'open_anomalies' | 'is_contact_point' | 'branch_name' | 'branch_code'>;

/** Not observed in the window first; then the highest risk score (low index, open anomalies);
 *  then contact points; then by name. */
export function compareSuggestions(a: Ranked, b: Ranked): number {
  if (a.is_unobserved !== b.is_unobserved) return a.is_unobserved ? -1 : 1;
  const risk = riskScore(b.index, b.open_anomalies) - riskScore(a.index, a.open_anomalies);
  if (Math.abs(risk) > 1e-9) return risk;
  if (a.is_contact_point !== b.is_contact_point) return a.is_contact_point ? -1 : 1;
  return collator.compare(a.branch_name, b.branch_name) || (a.branch_code < b.branch_code ? -1 : a.branch_code > b.branch_code ? 1 : 0);
}
