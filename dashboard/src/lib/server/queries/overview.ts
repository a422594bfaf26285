/**
 * The overview (总览): the province's KPIs with change and an 8-quarter trend, the universities'
 * index distribution and extremes, the 16 cities, monthly activities by type, anomalies by code.
 * For a university user the same page is its university's: its KPIs, its colleges as the units,
 * no cities; for a college user, its college's KPIs and its branches (auth/scope.ts).
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { scopeSql, type Scope } from '../../../../../auth/scope.ts';
import { previousPeriod, periodContaining, trailingPeriods, type Period } from '../../state/periods.ts';
import { readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { pickIndicators, text, type IndicatorValues } from './columns.ts';

export interface UnitIndex {
  code: string;
  name: string;
  city: string | null;
  index: number | null;
  rank: number | null;
  rank_change: number | null;
}

export interface Overview {
  /** Which marts were there: the page says what it cannot show. */
  missing: string[];
  current: IndicatorValues | null;
  previous: IndicatorValues | null;
  /** Province figures of the last 8 quarters up to the quarter of P's end. */
  trend: { period: string; values: IndicatorValues }[];
  universities: UnitIndex[];
  cities: { city: string; regularity: number | null; participation_rate: number | null; mean_index: number | null; n_universities: number }[];
  activitiesByMonth: { month: string; activity_type: string; n: number }[];
  anomalies: { code: string; severity: string; n: number }[];
}

const MARTS = ['mart_province_period_indicators', 'mart_university_period_indicators', 'mart_city_period_indicators', 'mart_anomalies'] as const;

/** Where a scope's own figures and its units come from (identifiers of this module, never input). */
const SCOPED_SOURCES = {
  university: {
    figures: { mart: 'mart_university_period_indicators', key: 'university_code' },
    units: { mart: 'mart_college_period_indicators', code: 'org_code', name: 'org_name', where: 'university_code' },
  },
  college: {
    figures: { mart: 'mart_college_period_indicators', key: 'org_code' },
    units: { mart: 'mart_branch_period_indicators', code: 'branch_code', name: 'branch_name', where: 'college_code' },
  },
} as const;

export async function getOverview(scope: Scope, period: Period, asOf: string, built: ReadonlySet<string>): Promise<Overview> {
  if (scope.role !== 'province') return getScopedOverview(scope, period, asOf, built);
  const missing = MARTS.filter((m) => !built.has(m));
  const prev = previousPeriod(period);
  const lastQuarter = periodContaining(period.end < asOf ? period.end : asOf, 'quarter');
  const quarters = trailingPeriods(lastQuarter, 8).map((p) => p.code);
  return withConnection(async (c) => {
    const out: Overview = { missing, current: null, previous: null, trend: [], universities: [], cities: [], activitiesByMonth: [], anomalies: [] };
    if (built.has('mart_province_period_indicators')) {
      const rows = await readRows<Record<string, unknown>>(
        c,
        "select * from mart_province_period_indicators where period_code = $1 or period_code = $2 or list_contains(string_split($3, ','), period_code)",
        [period.code, prev.code, quarters.join(',')],
      );
      const by = new Map(rows.map((r) => [String(r.period_code), r]));
      out.current = by.has(period.code) ? pickIndicators(by.get(period.code)) : null;
      out.previous = by.has(prev.code) ? pickIndicators(by.get(prev.code)) : null;
      out.trend = quarters.map((q) => ({ period: q, values: pickIndicators(by.get(q)) }));
    }
    if (built.has('mart_university_period_indicators')) {
      const rows = await readRows<Record<string, unknown>>(
        c,
        `select u.university_name as u_name, u.city as u_city, m.*
         from mart_university_period_indicators as m
         join stg_universities as u using (university_code)
         where m.period_code = $1
         order by m.rank nulls last, u.university_name collate zh`,
        [period.code],
      );
      out.universities = rows.map((r) => ({
        code: String(r.university_code),
        name: String(r.u_name),
        city: text(r, 'u_city'),
        index: r.index === null || r.index === undefined ? null : Number(r.index),
        rank: r.rank === null || r.rank === undefined ? null : Number(r.rank),
        rank_change: r.rank_change === null || r.rank_change === undefined ? null : Number(r.rank_change),
      }));
      const cityIndex = new Map<string, { sum: number; n: number; count: number }>();
      for (const u of out.universities) {
        if (!u.city) continue;
        const e = cityIndex.get(u.city) ?? { sum: 0, n: 0, count: 0 };
        e.count++;
        if (u.index !== null) {
          e.sum += u.index;
          e.n++;
        }
        cityIndex.set(u.city, e);
      }
      let cityRows: Record<string, unknown>[] = [];
      if (built.has('mart_city_period_indicators')) {
        cityRows = await readRows<Record<string, unknown>>(c, 'select * from mart_city_period_indicators where period_code = $1', [period.code]);
      }
      const cityFigures = new Map(cityRows.map((r) => [String(r.city), pickIndicators(r)]));
      out.cities = [...new Set([...cityIndex.keys(), ...cityFigures.keys()])].map((city) => {
        const e = cityIndex.get(city);
        const f = cityFigures.get(city);
        return {
          city,
          regularity: f?.regularity ?? null,
          participation_rate: f?.participation_rate ?? null,
          mean_index: e && e.n > 0 ? e.sum / e.n : null,
          n_universities: e?.count ?? 0,
        };
      });
    }
    out.activitiesByMonth = await readRows(
      c,
      `select strftime(started_at, '%Y-%m') as month, activity_type, count(*)::integer as n
       from stg_activities
       where started_at >= $1::date and started_at < $2::date + interval 1 day and started_at::date <= $3::date
       group by all
       order by month, activity_type`,
      [period.start, period.end, asOf],
    );
    if (built.has('mart_anomalies')) {
      out.anomalies = await readRows(
        c,
        `select code, severity, count(*)::integer as n
         from mart_anomalies
         where anomaly_id in (select anomaly_id from mart_anomalies_by_period where period_code = $1)
         group by all
         order by code, severity`,
        [period.code],
      );
    }
    return out;
  });
}

/** The overview of a university or a college user: its own figures and units only. */
async function getScopedOverview(scope: Exclude<Scope, { role: 'province' }>, period: Period, asOf: string, built: ReadonlySet<string>): Promise<Overview> {
  const source = SCOPED_SOURCES[scope.role];
  const code = scope.role === 'university' ? scope.universityCode : scope.collegeCode;
  const missing = [source.figures.mart, source.units.mart, 'mart_anomalies'].filter((m) => !built.has(m));
  const prev = previousPeriod(period);
  const lastQuarter = periodContaining(period.end < asOf ? period.end : asOf, 'quarter');
  const quarters = trailingPeriods(lastQuarter, 8).map((p) => p.code);
  return withConnection(async (c) => {
    const out: Overview = { missing, current: null, previous: null, trend: [], universities: [], cities: [], activitiesByMonth: [], anomalies: [] };
    if (built.has(source.figures.mart)) {
      const rows = await readRows<Record<string, unknown>>(
        c,
        `select * from ${source.figures.mart} where ${source.figures.key} = $1
           and (period_code = $2 or period_code = $3 or list_contains(string_split($4, ','), period_code))`,
        [code, period.code, prev.code, quarters.join(',')],
      );
      const by = new Map(rows.map((r) => [String(r.period_code), r]));
      out.current = by.has(period.code) ? pickIndicators(by.get(period.code)) : null;
      out.previous = by.has(prev.code) ? pickIndicators(by.get(prev.code)) : null;
      out.trend = quarters.map((q) => ({ period: q, values: pickIndicators(by.get(q)) }));
    }
    if (built.has(source.units.mart)) {
      const rows = await readRows<Record<string, unknown>>(
        c,
        `select ${source.units.code} as code, ${source.units.name} as name, city, index, rank, rank_change
         from ${source.units.mart}
         where period_code = $1 and ${source.units.where} = $2
         order by rank nulls last, name collate zh`,
        [period.code, code],
      );
      out.universities = rows.map((r) => ({
        code: String(r.code),
        name: String(r.name),
        city: text(r, 'city'),
        index: r.index === null || r.index === undefined ? null : Number(r.index),
        rank: r.rank === null || r.rank === undefined ? null : Number(r.rank),
        rank_change: r.rank_change === null || r.rank_change === undefined ? null : Number(r.rank_change),
      }));
    }
    const params: DuckDBValue[] = [period.start, period.end, asOf];
    out.activitiesByMonth = await readRows(
      c,
      `select strftime(started_at, '%Y-%m') as month, activity_type, count(*)::integer as n
       from stg_activities
       where started_at >= $1::date and started_at < $2::date + interval 1 day and started_at::date <= $3::date
         and ${scopeSql(scope, { branch: 'branch_code' }, params)}
       group by all
       order by month, activity_type`,
      params,
    );
    if (built.has('mart_anomalies')) {
      const anomalyParams: DuckDBValue[] = [period.code];
      out.anomalies = await readRows(
        c,
        `select code, severity, count(*)::integer as n
         from mart_anomalies
         where anomaly_id in (select anomaly_id from mart_anomalies_by_period where period_code = $1)
           and ${scopeSql(scope, { university: 'university_code', college: 'college_code' }, anomalyParams)}
         group by all
         order by code, severity`,
        anomalyParams,
      );
    }
    return out;
  });
}
