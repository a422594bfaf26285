/**
 * 案例: the universities × quarters matrix of typical-case submissions since the first required
 * quarter (seed_thresholds.case_first_quarter, 2022Q2), the excellent (省级优秀) cases per
 * quarter, and each university's case_compliance for the period. As int_university_period_cases:
 * a case counts when submitted_on is empty or ≤ as_of; a quarter is required once it has ended.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { scopeSql, universitySql, type Scope } from '../../../../../auth/scope.ts';
import { nextPeriod, parsePeriod, periodContaining, type Period } from '../../state/periods.ts';
import { readOne, readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';

export interface CaseQuarter {
  code: string;
  /** Ended by as_of: a case is owed. */
  is_required: boolean;
}

export interface CaseMatrixRow {
  university_code: string;
  university_name: string;
  city: string | null;
  /** Cases per quarter code (0 when none). */
  cases: Record<string, number>;
  excellent: Record<string, number>;
  n_required: number;
  n_met: number;
  /** case_compliance of the period (the mart's), null when no quarter of P is required. */
  case_compliance: number | null;
}

export interface ExcellentCase {
  case_id: string;
  quarter: string;
  university_code: string;
  university_name: string;
  branch_code: string | null;
  branch_name: string | null;
  title: string;
  submitted_on: string | null;
}

export interface CasesPage {
  missing: string | null;
  firstQuarter: string;
  quarters: CaseQuarter[];
  matrix: CaseMatrixRow[];
  excellentPerQuarter: { quarter: string; n: number }[];
  excellentCases: ExcellentCase[];
}

/**
 * Scoped: a university user sees its own row and cases; a college user its university's row with
 * the cases of its college's branches only.
 */
export async function getCasesPage(scope: Scope, period: Period, asOf: string, built: ReadonlySet<string>): Promise<CasesPage> {
  return withConnection(async (c) => {
    const first = (built.has('seed_thresholds') ? (await readOne<{ q: string }>(c, 'select case_first_quarter as q from seed_thresholds'))?.q : null) ?? '2022Q2';
    const firstQuarter = parsePeriod(first) ?? parsePeriod('2022Q2')!;
    const lastQuarter = periodContaining(asOf, 'quarter');
    const quarters: CaseQuarter[] = [];
    for (let p = firstQuarter; p.start <= lastQuarter.start; p = nextPeriod(p)) quarters.push({ code: p.code, is_required: p.end <= asOf });
    const page: CasesPage = { missing: null, firstQuarter: firstQuarter.code, quarters, matrix: [], excellentPerQuarter: [], excellentCases: [] };
    const countParams: DuckDBValue[] = [];
    const counts = await readRows<{ university_code: string; quarter: string; n: number; n_excellent: number }>(
      c,
      `select university_code, quarter, count(*)::integer as n, count_if(selection = '省级优秀')::integer as n_excellent
       from stg_cases
       where quarter is not null
         and ${scopeSql(scope, { university: 'university_code', branch: 'branch_code' }, countParams)}
       group by all`,
      countParams,
    );
    const compliance = built.has('mart_university_period_indicators')
      ? await readRows<{ university_code: string; case_compliance: number | null }>(
          c,
          'select university_code, case_compliance from mart_university_period_indicators where period_code = $1',
          [period.code],
        )
      : [];
    if (!built.has('mart_university_period_indicators')) page.missing = 'mart_university_period_indicators';
    // A college user does not see its whole university's compliance.
    const complianceBy = new Map(scope.role === 'college' ? [] : compliance.map((r) => [r.university_code, r.case_compliance]));
    const universityParams: DuckDBValue[] = [];
    const universities = await readRows<{ university_code: string; university_name: string; city: string | null }>(
      c,
      `select university_code, university_name, city from stg_universities where ${universitySql(scope, 'university_code', universityParams)} order by university_name collate zh`,
      universityParams,
    );
    const quarterCodes = new Set(quarters.map((q) => q.code));
    const byUniversity = new Map<string, CaseMatrixRow>();
    for (const u of universities) {
      const row: CaseMatrixRow = { ...u, cases: {}, excellent: {}, n_required: 0, n_met: 0, case_compliance: complianceBy.get(u.university_code) ?? null };
      for (const q of quarters) {
        row.cases[q.code] = 0;
        row.excellent[q.code] = 0;
      }
      byUniversity.set(u.university_code, row);
    }
    const excellentPer = new Map(quarters.map((q) => [q.code, 0]));
    for (const r of counts) {
      const row = byUniversity.get(r.university_code);
      if (!row || !quarterCodes.has(r.quarter)) continue;
      row.cases[r.quarter] = r.n;
      row.excellent[r.quarter] = r.n_excellent;
      excellentPer.set(r.quarter, (excellentPer.get(r.quarter) ?? 0) + r.n_excellent);
    }
    for (const row of byUniversity.values()) {
      for (const q of quarters) {
        if (!q.is_required) continue;
        row.n_required++;
        if (row.cases[q.code] > 0) row.n_met++;
      }
    }
    page.matrix = [...byUniversity.values()];
    page.excellentPerQuarter = quarters.map((q) => ({ quarter: q.code, n: excellentPer.get(q.code) ?? 0 }));
    const excellentParams: DuckDBValue[] = [firstQuarter.code];
    page.excellentCases = await readRows<ExcellentCase>(
      c,
      `select c.case_id, c.quarter, c.university_code, u.university_name, c.branch_code, o.org_name as branch_name, c.title,
              strftime(c.submitted_on, '%Y-%m-%d') as submitted_on
       from stg_cases as c
       join stg_universities as u using (university_code)
       left join stg_org_units as o on o.org_code = c.branch_code
       where c.selection = '省级优秀' and c.quarter >= $1
         and ${scopeSql(scope, { university: 'c.university_code', branch: 'c.branch_code' }, excellentParams)}
       order by c.quarter desc, u.university_name collate zh, c.case_id`,
      excellentParams,
    );
    return page;
  });
}
