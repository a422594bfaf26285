/**
 * 干部 (双重组织生活): leading cadres' compliance by university for the period (dual_life_rate:
 * met cadre-quarters / required ones, over the quarters of P ended by as_of) and the cadres who
 * missed quarters, with masked names (as stored). Reads int_cadre_quarters and the marts.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { allowsUniversity, scopeSql, type Scope } from '../../../../../auth/scope.ts';
import type { Period } from '../../state/periods.ts';
import { readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { listUniversities } from './units.ts';

export interface CadreUniversityRow {
  university_code: string;
  university_name: string;
  n_cadres: number;
  n_cadres_missing: number;
  n_required: number;
  n_met: number;
  /** The mart's dual_life_rate (= n_met / n_required). */
  dual_life_rate: number | null;
}

export interface MissingCadre {
  member_id: string;
  /** Masked at ingest: 张*华. */
  name: string;
  branch_code: string;
  branch_name: string;
  university_code: string;
  university_name: string;
  college_name: string | null;
  n_required: number;
  n_met: number;
  missed_quarters: string[];
  /** The missed quarters as text, for the table and its export. */
  missed_text: string;
}

export interface CadresPage {
  missing: string | null;
  /** Quarters of P ended by as_of (the required ones). */
  quarters: string[];
  byUniversity: CadreUniversityRow[];
  province: { n_required: number; n_met: number; dual_life_rate: number | null; n_cadres: number; n_cadres_missing: number };
  cadres: MissingCadre[];
  universities: { code: string; name: string }[];
}

export async function getCadresPage(scope: Scope, period: Period, university: string | null, built: ReadonlySet<string>): Promise<CadresPage> {
  return withConnection(async (c) => {
    const universities = (await listUniversities(c))
      .filter((u) => allowsUniversity(scope, u.university_code))
      .map((u) => ({ code: u.university_code, name: u.university_name }));
    const page: CadresPage = { missing: null, quarters: [], byUniversity: [], province: { n_required: 0, n_met: 0, dual_life_rate: null, n_cadres: 0, n_cadres_missing: 0 }, cadres: [], universities };
    const needed = ['int_cadre_quarters', 'int_branches', 'mart_university_period_indicators'];
    const missing = needed.filter((m) => !built.has(m));
    if (missing.length) return { ...page, missing: missing.join('、') };
    const params: DuckDBValue[] = [period.start, period.end, university];
    const inScope = scopeSql(scope, { university: 'b.university_code', college: 'b.college_code' }, params);
    const pairs = `
      with pairs as (
        select q.member_id, q.member_name_masked, q.quarter_code, q.is_met, b.branch_code, b.branch_name,
               b.university_code, b.university_name, b.college_name
        from int_cadre_quarters as q
        join int_branches as b using (branch_code)
        where q.is_required and q.start_on >= $1::date and q.end_on <= $2::date
          and ($3::varchar is null or b.university_code = $3)
          and ${inScope}
      )`;
    page.quarters = (await readRows<{ q: string }>(c, `${pairs} select distinct quarter_code as q from pairs order by q`, params)).map((r) => r.q);
    const rates = await readRows<{ university_code: string; dual_life_rate: number | null }>(
      c,
      'select university_code, dual_life_rate from mart_university_period_indicators where period_code = $1',
      [period.code],
    );
    const rateBy = new Map(rates.map((r) => [r.university_code, r.dual_life_rate]));
    const perUniversity = await readRows<Omit<CadreUniversityRow, 'dual_life_rate'>>(
      c,
      `${pairs},
       cadres as (
         select university_code, any_value(university_name) as university_name, member_id,
                count(*)::integer as n_required, count_if(is_met)::integer as n_met
         from pairs group by university_code, member_id
       )
       select university_code, any_value(university_name) as university_name,
              count(*)::integer as n_cadres, count_if(n_met < n_required)::integer as n_cadres_missing,
              sum(n_required)::integer as n_required, sum(n_met)::integer as n_met
       from cadres group by university_code`,
      params,
    );
    const seen = new Map(perUniversity.map((r) => [r.university_code, r]));
    page.byUniversity = universities
      .filter((u) => !university || u.code === university)
      .map((u) => {
        const r = seen.get(u.code);
        return {
          university_code: u.code,
          university_name: u.name,
          n_cadres: r?.n_cadres ?? 0,
          n_cadres_missing: r?.n_cadres_missing ?? 0,
          n_required: r?.n_required ?? 0,
          n_met: r?.n_met ?? 0,
          // A college user sees its college's cadres, not its whole university's rate.
          dual_life_rate: scope.role === 'college' ? null : (rateBy.get(u.code) ?? null),
        };
      });
    for (const r of page.byUniversity) {
      page.province.n_required += r.n_required;
      page.province.n_met += r.n_met;
      page.province.n_cadres += r.n_cadres;
      page.province.n_cadres_missing += r.n_cadres_missing;
    }
    page.province.dual_life_rate = page.province.n_required > 0 ? page.province.n_met / page.province.n_required : null;
    page.cadres = (
      await readRows<Omit<MissingCadre, 'missed_text'>>(
        c,
        `${pairs}
         select member_id, any_value(member_name_masked) as name, any_value(branch_code) as branch_code, any_value(branch_name) as branch_name,
                any_value(university_code) as university_code, any_value(university_name) as university_name, any_value(college_name) as college_name,
                count(*)::integer as n_required, count_if(is_met)::integer as n_met,
                list_sort(list(quarter_code) filter (where not is_met)) as missed_quarters
         from pairs
         group by member_id
         having count_if(not is_met) > 0
         order by count_if(not is_met) desc, any_value(university_name) collate zh, any_value(branch_name) collate zh, member_id`,
        params,
      )
    ).map((r) => ({ ...r, missed_text: r.missed_quarters.join('、') }));
    return page;
  });
}
