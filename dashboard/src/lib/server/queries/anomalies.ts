/**
 * 异常: the anomalies of a period (filters: rule, severity, university, follow-up status), one
 * anomaly with its evidence and its follow-up history, and recording a follow-up (the closed
 * loop). Reads mart_anomalies and the append-only anomaly_reviews (migration 002).
 */
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { allowsOrg, allowsPlace, allowsUniversity, scopeSql, type Scope } from '../../../../../auth/scope.ts';
import { OPEN_STATUSES, REVIEW_STATUSES, isReviewStatus, type AnomalyFilters, type ReviewStatus } from '../../features/anomalies/review.ts';
import type { Period } from '../../state/periods.ts';
import { readOne, readRows } from '../sql.ts';
import { readingFrom, withConnection } from '../warehouse.ts';
import { bumpDataGeneration } from '../generation.ts';
import { ANOMALY_KEY_SQL, LATEST_REVIEWS_CTE } from './anomaly-key.ts';
import { listUniversities } from './units.ts';

/**
 * At most this many rows travel to the page (the most severe first); the counts are always
 * complete. 500 like the other long lists: at province scale 2,000 rows were 286 KB a view, and
 * a view of this page is audited, so its answer cannot be kept as bytes (cache/page-data.ts).
 */
export const ANOMALY_LIST_LIMIT = 500;

export interface AnomalyListRow {
  anomaly_key: string;
  code: string;
  severity: string;
  severity_order: number;
  university_code: string;
  university_name: string;
  branch_code: string;
  branch_name: string;
  period: string;
  activity_id: string | null;
  member_id: string | null;
  message: string;
  status: ReviewStatus;
  note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

export interface AnomalyList {
  /** Set when mart_anomalies is not built. */
  missing: string | null;
  rows: AnomalyListRow[];
  /** Rows matching the filters (rows may hold fewer: ANOMALY_LIST_LIMIT). */
  total: number;
  /** Matching rows by follow-up status, over every status (the status filter aside). */
  byStatus: Record<ReviewStatus, number>;
  /** Rules present in the period (university filter applied), for the filter. */
  codes: { code: string; n: number }[];
  universities: { code: string; name: string }[];
}

export interface AnomalyQuery {
  period: Period;
  university: string | null;
  filters: AnomalyFilters;
}

/** The columns of mart_anomalies (alias a) a scope restricts. */
const SCOPE_COLUMNS = { university: 'a.university_code', college: 'a.college_code' };

/**
 * The anomalies P shows (mart_anomalies_by_period: those whose period lies inside P, a chronic
 * absentee once, P's own participation drop — as `zhixiao report anomalies` lists them) as one
 * CTE `listed`, with key and current status;
 * `inScope` is the scope condition (scopeSql on SCOPE_COLUMNS, its values bound last).
 */
function listedSql(inScope: string): string {
  return `with ${LATEST_REVIEWS_CTE},
  listed as (
    select
      ${ANOMALY_KEY_SQL} as anomaly_key,
      a.code, a.severity, a.severity_order, a.university_code, u.university_name,
      a.branch_code, a.branch_name, a.period, a.activity_id, a.member_id, a.message,
      coalesce(l.status, '待核实') as status, l.note, l.reviewed_by,
      strftime(l.reviewed_at, '%Y-%m-%d %H:%M:%S') as reviewed_at
    from mart_anomalies as a
    join stg_universities as u on u.university_code = a.university_code
    left join latest as l on l.anomaly_key = ${ANOMALY_KEY_SQL}
    where a.anomaly_id in (select anomaly_id from mart_anomalies_by_period where period_code = $1)
      and ($2::varchar is null or a.university_code = $2)
      and ${inScope}
  )`;
}

export async function listAnomalies(scope: Scope, q: AnomalyQuery, built: ReadonlySet<string>): Promise<AnomalyList> {
  /** `params` with the scope's values appended, and the CTE that uses them. */
  const scoped = (params: DuckDBValue[]) => {
    const all = [...params];
    return { sql: listedSql(scopeSql(scope, SCOPE_COLUMNS, all)), params: all };
  };
  return withConnection(async (c) => {
    const universities = (await listUniversities(c))
      .filter((u) => allowsUniversity(scope, u.university_code))
      .map((u) => ({ code: u.university_code, name: u.university_name }));
    const byStatus = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>;
    if (!built.has('mart_anomalies')) return { missing: 'mart_anomalies', rows: [], total: 0, byStatus, codes: [], universities };
    const { period, university, filters } = q;
    const base = [period.code, university];
    const forCodes = scoped(base);
    const codes = await readRows<{ code: string; n: number }>(c, `${forCodes.sql} select code, count(*)::integer as n from listed group by code order by code`, forCodes.params);
    const forStatus = scoped([...base, filters.code, filters.severity]);
    const statusCounts = await readRows<{ status: string; n: number }>(
      c,
      `${forStatus.sql}
       select status, count(*)::integer as n from listed
       where ($3::varchar is null or code = $3) and ($4::varchar is null or severity = $4)
       group by status`,
      forStatus.params,
    );
    for (const s of statusCounts) if (isReviewStatus(s.status)) byStatus[s.status] = s.n;
    const where = `where ($3::varchar is null or code = $3) and ($4::varchar is null or severity = $4) and ($5::varchar is null or status = $5)`;
    const params = [...base, filters.code, filters.severity, filters.status];
    const forTotal = scoped(params);
    const total = (await readOne<{ n: number }>(c, `${forTotal.sql} select count(*)::integer as n from listed ${where}`, forTotal.params))?.n ?? 0;
    const forRows = scoped([...params, ANOMALY_LIST_LIMIT]);
    const rows = await readRows<AnomalyListRow>(
      c,
      `${forRows.sql}
       select * from listed ${where}
       order by severity_order, code, period, university_code, branch_code, activity_id nulls first, member_id nulls first
       limit $6`,
      forRows.params,
    );
    return { missing: null, rows, total, byStatus, codes, universities };
  });
}

export interface EvidenceActivity {
  activity_id: string;
  activity_type: string;
  title: string;
  started_at: string;
  branch_code: string;
}

export interface EvidenceMember {
  member_id: string;
  /** Masked at ingest (张*华). */
  name: string;
  branch_code: string;
}

export interface ReviewRow {
  review_id: number;
  status: ReviewStatus;
  note: string | null;
  reviewed_by: string;
  reviewed_at: string;
}

export interface AnomalyDetail {
  anomaly_key: string;
  /** false when the anomaly is no longer in the warehouse (new data), but has a history. */
  current: boolean;
  code: string;
  severity: string | null;
  university_code: string | null;
  university_name: string | null;
  college_code: string | null;
  branch_code: string;
  branch_name: string | null;
  period: string;
  message: string | null;
  /** The evidence JSON's own figures (ids listed below are taken out). */
  figures: Record<string, unknown>;
  activities: EvidenceActivity[];
  members: EvidenceMember[];
  observations: { observation_id: string; activity_id: string }[];
  status: ReviewStatus;
  history: ReviewRow[];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** One anomaly by its key: the mart row, the evidence resolved to links, the follow-up history; null outside the scope. */
export async function getAnomalyDetail(scope: Scope, key: string, built: ReadonlySet<string>): Promise<AnomalyDetail | null> {
  // Lists bound below are never empty (DuckDB cannot type an empty list parameter).
  return withConnection(async (c) => {
    const history = await readReviewHistory(c, key);
    const row = built.has('mart_anomalies')
      ? await readOne<Record<string, unknown>>(
          c,
          `select a.code, a.severity, a.university_code, u.university_name, a.college_code, a.branch_code, a.branch_name,
                  a.period, a.message, a.evidence::varchar as evidence
           from mart_anomalies as a
           join stg_universities as u on u.university_code = a.university_code
           where ${ANOMALY_KEY_SQL} = $1`,
          [key],
        )
      : null;
    if (!row) {
      if (history.length === 0) return null;
      const first = await readOne<{ code: string; branch_code: string; period: string }>(c, 'select code, branch_code, period from anomaly_reviews where anomaly_key = $1 order by review_id limit 1', [key]);
      if (!(await allowsOrg(c, scope, first!.branch_code))) return null;
      return {
        anomaly_key: key, current: false, code: first!.code, severity: null, university_code: null, university_name: null, college_code: null,
        branch_code: first!.branch_code, branch_name: null, period: first!.period, message: null, figures: {},
        activities: [], members: [], observations: [], status: history[0].status, history,
      };
    }
    if (!allowsPlace(scope, { university_code: String(row.university_code), college_code: row.college_code === null ? null : String(row.college_code) })) return null;
    const evidence = JSON.parse(String(row.evidence ?? '{}')) as Record<string, unknown>;
    const activityIds = stringList(evidence.activity_ids);
    for (const k of ['last_activity_id', 'redo_activity_id']) if (typeof evidence[k] === 'string') activityIds.push(evidence[k] as string);
    const memberIds = stringList(evidence.member_ids);
    const observationIds = stringList(evidence.observation_ids);
    const figures = Object.fromEntries(Object.entries(evidence).filter(([k]) => !['activity_ids', 'member_ids', 'observation_ids', 'candidates'].includes(k)));
    // The evidence as far as the scope reaches (a member's absences may lie in a former branch,
    // a redo in another college): what lies outside is not shown.
    const activityParams: DuckDBValue[] = [listValue(activityIds)];
    const activities = activityIds.length
      ? await readRows<EvidenceActivity>(
          c,
          `select activity_id, activity_type, title, strftime(started_at, '%Y-%m-%d %H:%M') as started_at, branch_code
           from stg_activities where list_contains($1::varchar[], activity_id) and ${scopeSql(scope, { branch: 'branch_code' }, activityParams)}
           order by started_at, activity_id`,
          activityParams,
        )
      : [];
    const memberParams: DuckDBValue[] = [listValue(memberIds)];
    const members = memberIds.length
      ? await readRows<EvidenceMember>(
          c,
          `select member_id, member_name_masked as name, branch_code from stg_members
           where list_contains($1::varchar[], member_id) and ${scopeSql(scope, { branch: 'branch_code' }, memberParams)} order by member_id`,
          memberParams,
        )
      : [];
    const observationParams: DuckDBValue[] = [listValue(observationIds)];
    const observations = observationIds.length
      ? await readRows<{ observation_id: string; activity_id: string }>(
          c,
          `select o.observation_id, o.activity_id from stg_observations as o join stg_activities as a using (activity_id)
           where list_contains($1::varchar[], o.observation_id) and ${scopeSql(scope, { branch: 'a.branch_code' }, observationParams)}
           order by o.observation_id`,
          observationParams,
        )
      : [];
    return {
      anomaly_key: key,
      current: true,
      code: String(row.code),
      severity: String(row.severity),
      university_code: String(row.university_code),
      university_name: String(row.university_name),
      college_code: row.college_code === null ? null : String(row.college_code),
      branch_code: String(row.branch_code),
      branch_name: String(row.branch_name),
      period: String(row.period),
      message: String(row.message),
      figures,
      activities,
      members,
      observations,
      status: history[0]?.status ?? '待核实',
      history,
    };
  });
}

async function readReviewHistory(c: DuckDBConnection, key: string): Promise<ReviewRow[]> {
  return readRows<ReviewRow>(
    c,
    `select review_id::integer as review_id, status, note, reviewed_by, strftime(reviewed_at, '%Y-%m-%d %H:%M:%S') as reviewed_at
     from anomaly_reviews where anomaly_key = $1 order by review_id desc`,
    [key],
  );
}

export class UnknownAnomalyError extends Error {
  constructor(key: string) {
    super(`没有键为 ${key.slice(0, 12)}… 的异常：数据可能已更新，请刷新页面。`);
    this.name = 'UnknownAnomalyError';
  }
}

export interface ReviewInput {
  key: string;
  status: ReviewStatus;
  note: string | null;
  /** From reviewerName(locals). */
  who: string;
}

/** Record a follow-up of a current anomaly (one appended row); returns it. Outside the scope an anomaly is unknown. */
export async function recordReview(scope: Scope, input: ReviewInput): Promise<ReviewRow> {
  // A write: always on the warehouse itself, whatever as_of the page that sent it shows.
  const saved = await readingFrom(null, () => withConnection(async (c) => {
    const anomaly = await readOne<{ code: string; branch_code: string; period: string; university_code: string; college_code: string | null }>(
      c,
      `select a.code, a.branch_code, a.period, a.university_code, a.college_code from mart_anomalies as a where ${ANOMALY_KEY_SQL} = $1`,
      [input.key],
    );
    if (!anomaly || !allowsPlace(scope, anomaly)) throw new UnknownAnomalyError(input.key);
    const row = await readOne<ReviewRow>(
      c,
      `insert into anomaly_reviews (anomaly_key, code, branch_code, period, status, note, reviewed_by, reviewed_at)
       values ($1, $2, $3, $4, $5, $6, $7, now()::timestamp)
       returning review_id::integer as review_id, status, note, reviewed_by, strftime(reviewed_at, '%Y-%m-%d %H:%M:%S') as reviewed_at`,
      [input.key, anomaly.code, anomaly.branch_code, anomaly.period, input.status, input.note, input.who],
    );
    return row!;
  }));
  // The status shows on the anomalies page, the overview and the observation list: cached pages are stale now.
  bumpDataGeneration();
  return saved;
}

/** Open anomalies (待核实 or 已核实) per branch whose period lies inside [start, end]. */
export async function openAnomalyCounts(c: DuckDBConnection, start: string, end: string): Promise<Map<string, number>> {
  const rows = await readRows<{ branch_code: string; n: number }>(
    c,
    `with ${LATEST_REVIEWS_CTE}
     select a.branch_code, count(*)::integer as n
     from mart_anomalies as a
     left join latest as l on l.anomaly_key = ${ANOMALY_KEY_SQL}
     where a.period_start_on >= $1::date and a.period_end_on <= $2::date
       and list_contains($3::varchar[], coalesce(l.status, '待核实'))
     group by a.branch_code`,
    [start, end, listValue([...OPEN_STATUSES])],
  );
  return new Map(rows.map((r) => [r.branch_code, r.n]));
}

export interface AnomaliesPage {
  list: AnomalyList;
  /** The anomaly opened beside the list (URL `key`); null when none or unknown. */
  detail: AnomalyDetail | null;
}

/** The 异常 page: the filtered list and, when a key is given, that anomaly in full. */
export async function getAnomaliesPage(scope: Scope, q: AnomalyQuery, built: ReadonlySet<string>): Promise<AnomaliesPage> {
  const list = await listAnomalies(scope, q, built);
  const detail = q.filters.key ? await getAnomalyDetail(scope, q.filters.key, built) : null;
  return { list, detail };
}
