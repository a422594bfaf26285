/** 院系 page: the college's figures against its university, and its branches. */
import { allowsPlace, type Scope } from '../../../../../auth/scope.ts';
import type { Period } from '../../state/periods.ts';
import { readOne, readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { COLLEGE_BENCHMARK_KEYS } from '../../features/units/benchmark-keys.ts';
import { pickBenchmark, pickIndicators, type IndicatorValues } from './columns.ts';
import { findOrg, type OrgFacts } from './units.ts';
import { readAnomalies, heatmapMonths, type AnomalyRow, type UnitRow } from './university.ts';

export interface CollegePage {
  facts: OrgFacts;
  figures: IndicatorValues | null;
  university: IndicatorValues | null;
  branches: UnitRow[];
  anomalies: AnomalyRow[];
  heatmapMonths: string[];
}

export async function getCollegePage(scope: Scope, code: string, period: Period, asOf: string, built: ReadonlySet<string>): Promise<CollegePage | null> {
  return withConnection(async (c) => {
    const facts = await findOrg(c, code);
    if (!facts || (facts.org_type !== '院系党委' && facts.org_type !== '党总支')) return null;
    // Outside the scope the college does not exist (404).
    if (!allowsPlace(scope, { university_code: facts.university_code, college_code: facts.college_code })) return null;
    const page: CollegePage = { facts, figures: null, university: null, branches: [], anomalies: [], heatmapMonths: heatmapMonths(period, asOf) };
    if (built.has('mart_college_period_indicators')) {
      page.figures = pickIndicators(await readOne(c, 'select * from mart_college_period_indicators where org_code = $1 and period_code = $2', [code, period.code]));
    }
    if (built.has('mart_university_period_indicators')) {
      const row = await readOne<Record<string, unknown>>(c, 'select * from mart_university_period_indicators where university_code = $1 and period_code = $2', [facts.university_code, period.code]);
      page.university = pickBenchmark(row, COLLEGE_BENCHMARK_KEYS);
    }
    if (built.has('mart_branch_period_indicators')) {
      const rows = await readRows<Record<string, unknown>>(c, 'select * from mart_branch_period_indicators where college_code = $1 and period_code = $2 order by rank nulls last, branch_name collate zh', [code, period.code]);
      page.branches = rows.map((r) => ({
        ...pickIndicators(r),
        code: String(r.branch_code),
        name: String(r.branch_name),
        college_code: code,
        college_name: facts.org_name,
        branch_category: r.branch_category === null ? null : String(r.branch_category),
        is_contact_point: r.is_contact_point === null ? null : Boolean(r.is_contact_point),
      }));
    }
    if (built.has('mart_anomalies')) page.anomalies = await readAnomalies(c, 'college_code', code, period);
    return page;
  });
}
