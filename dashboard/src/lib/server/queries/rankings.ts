/**
 * 督查排名: universities, colleges or branches for a period, with index, rank, rank change and
 * every component; the weights used (seed_index_weights); and, for what-if re-ranking in the
 * browser, the component values the index is made of.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { scopeSql, universitySql, type Scope } from '../../../../../auth/scope.ts';
import type { Period } from '../../state/periods.ts';
import type { City, SchoolLevel, UnitLevel } from '../../state/dashboard.ts';
import { readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { pickIndicators, text, type IndicatorValues } from './columns.ts';

export interface RankingRow extends IndicatorValues {
  code: string;
  name: string;
  university_code: string;
  university_name: string;
  college_code: string | null;
  city: string | null;
  school_level: string | null;
  /** Branch rows: active in P (only those are ranked and count in a college's mean index). */
  is_active: boolean | null;
}

export interface Weights {
  branch: Record<string, number>;
  university: Record<string, number>;
}

export interface Rankings {
  level: UnitLevel;
  missing: string | null;
  rows: RankingRow[];
  /** For the college level: that university's branches (their components), for what-if. */
  branches: RankingRow[];
  weights: Weights;
  universities: { code: string; name: string }[];
  /** Branch level needs a university: true when none was chosen. */
  needsUniversity: boolean;
}

export interface RankingQuery {
  period: Period;
  level: UnitLevel;
  city: City | null;
  schoolLevel: SchoolLevel | null;
  university: string | null;
}

const MART: Record<UnitLevel, string> = {
  university: 'mart_university_period_indicators',
  college: 'mart_college_period_indicators',
  branch: 'mart_branch_period_indicators',
};

function toRow(level: UnitLevel, r: Record<string, unknown>): RankingRow {
  const code = level === 'university' ? text(r, 'university_code') : level === 'college' ? text(r, 'org_code') : text(r, 'branch_code');
  const name = level === 'university' ? text(r, 'university_name') : level === 'college' ? text(r, 'org_name') : text(r, 'branch_name');
  return {
    ...pickIndicators(r),
    code: code ?? '',
    name: name ?? code ?? '',
    university_code: text(r, 'university_code') ?? '',
    university_name: text(r, 'university_name') ?? '',
    college_code: level === 'college' ? text(r, 'org_code') : text(r, 'college_code'),
    city: text(r, 'city'),
    school_level: text(r, 'school_level'),
    is_active: r.is_active === null || r.is_active === undefined ? null : Boolean(r.is_active),
  };
}

/** The college column of each level's mart, for a college user's scope (university level has none). */
const COLLEGE_COLUMN: Record<UnitLevel, string | undefined> = { university: undefined, college: 'm.org_code', branch: 'm.college_code' };

export async function getRankings(scope: Scope, query: RankingQuery, built: ReadonlySet<string>): Promise<Rankings> {
  // Outside the province, the university is the user's own whatever the URL says (request.ts
  // already answered 404 to a foreign one).
  const q: RankingQuery = scope.role === 'province' ? query : { ...query, university: scope.universityCode };
  return withConnection(async (c) => {
    const listParams: DuckDBValue[] = [];
    const universities = await readRows<{ code: string; name: string }>(
      c,
      `select university_code as code, university_name as name from stg_universities where ${universitySql(scope, 'university_code', listParams)} order by university_name collate zh`,
      listParams,
    );
    const weights: Weights = { branch: {}, university: {} };
    if (built.has('seed_index_weights')) {
      for (const w of await readRows<{ index_scope: string; component: string; weight: number }>(c, 'select index_scope, component, weight::double as weight from seed_index_weights order by index_scope, component')) {
        if (w.index_scope === 'branch' || w.index_scope === 'university') weights[w.index_scope][w.component] = w.weight;
      }
    }
    const mart = MART[q.level];
    const needsUniversity = q.level === 'branch' && !q.university;
    const empty: Rankings = { level: q.level, missing: null, rows: [], branches: [], weights, universities, needsUniversity };
    if (!built.has(mart)) return { ...empty, missing: mart };
    if (needsUniversity) return empty;
    // A college user does not see its university's ranking among others, only its own units.
    if (scope.role === 'college' && q.level === 'university') return empty;
    // The mart name comes from the allow-list above; every value is bound.
    const params: DuckDBValue[] = [q.period.code, q.city, q.schoolLevel, q.university];
    const inScope = scopeSql(scope, { university: 'm.university_code', college: COLLEGE_COLUMN[q.level] }, params);
    const rows = await readRows<Record<string, unknown>>(
      c,
      `select m.*, u.level as school_level
       from ${mart} as m
       join stg_universities as u on u.university_code = m.university_code
       where m.period_code = $1
         and ($2::varchar is null or u.city = $2)
         and ($3::varchar is null or u.level = $3)
         and ($4::varchar is null or m.university_code = $4)
         and ${inScope}
       order by m.rank nulls last, m.index desc nulls last`,
      params,
    );
    let branches: RankingRow[] = [];
    if (q.level === 'college' && q.university && built.has(MART.branch)) {
      const branchParams: DuckDBValue[] = [q.period.code, q.university];
      const b = await readRows<Record<string, unknown>>(
        c,
        `select * from mart_branch_period_indicators as m where period_code = $1 and university_code = $2
           and ${scopeSql(scope, { university: 'm.university_code', college: 'm.college_code' }, branchParams)}`,
        branchParams,
      );
      branches = b.map((r) => toRow('branch', r));
    }
    return { ...empty, rows: rows.map((r) => toRow(q.level, r)), branches };
  });
}
