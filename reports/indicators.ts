/**
 * `zhixiao report indicators` and `zhixiao report rankings` (cli.md "report"): one row per unit of
 * a level for a period, with every indicator of indicators.md by its column name, the index,
 * rank and rank_change, read from the marts (built as of the default as_of, or rebuilt in a
 * rolled-back transaction for `--as-of`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseCommandArgs } from '../cli/args.ts';
import { computeAsOf, parseAsOf } from '../models/as-of.ts';
import { openExistingWarehouse } from '../warehouse/database.ts';
import { UserError } from '../warehouse/errors.ts';
import { resolveDbPath } from '../warehouse/paths.ts';
import { parseOutputFormat, writeReport, type Column, type ReportRow } from './format.ts';

/** The levels of the report, each read from its mart (an allow-list of identifiers). */
export const LEVELS = {
  province: {
    label: '全省',
    mart: 'mart_province_period_indicators',
    keys: [] as Column[],
    order: 'period_code',
    rankOrder: 'period_code',
  },
  city: {
    label: '地市',
    mart: 'mart_city_period_indicators',
    keys: [{ key: 'city', header: '地市', kind: 'text' }] as Column[],
    order: 'city',
    rankOrder: 'city',
  },
  university: {
    label: '高校',
    mart: 'mart_university_period_indicators',
    keys: [
      { key: 'university_code', header: '高校代码', kind: 'text' },
      { key: 'university_name', header: '高校名称', kind: 'text' },
      { key: 'city', header: '地市', kind: 'text' },
    ] as Column[],
    order: 'university_code',
    rankOrder: 'rank nulls last, university_code',
  },
  college: {
    label: '院系',
    mart: 'mart_college_period_indicators',
    keys: [
      { key: 'org_code', header: '院系代码', kind: 'text' },
      { key: 'org_name', header: '院系名称', kind: 'text' },
      { key: 'university_code', header: '高校代码', kind: 'text' },
    ] as Column[],
    order: 'university_code, org_code',
    rankOrder: 'university_code, rank nulls last, org_code',
  },
  branch: {
    label: '支部',
    mart: 'mart_branch_period_indicators',
    keys: [
      { key: 'branch_code', header: '支部代码', kind: 'text' },
      { key: 'branch_name', header: '支部名称', kind: 'text' },
      { key: 'university_code', header: '高校代码', kind: 'text' },
      { key: 'college_code', header: '院系代码', kind: 'text' },
    ] as Column[],
    order: 'university_code, branch_code',
    rankOrder: 'university_code, rank nulls last, branch_code',
  },
} as const;

export type Level = keyof typeof LEVELS;

/** The indicators of indicators.md, in its order, with Chinese headers. */
export const INDICATOR_COLUMNS: Column[] = [
  { key: 'period_code', header: '时期', kind: 'text' },
  { key: 'index', header: '质效指数', kind: 'index' },
  { key: 'rank', header: '排名', kind: 'integer' },
  { key: 'rank_change', header: '排名变化', kind: 'change' },
  { key: 'regularity', header: '规范执行率', kind: 'fraction' },
  { key: 'participation_rate', header: '参会率', kind: 'fraction' },
  { key: 'leave_rate', header: '请假率', kind: 'fraction' },
  { key: 'absence_rate', header: '缺席率', kind: 'fraction' },
  { key: 'observer_coverage', header: '列席覆盖率', kind: 'fraction' },
  { key: 'quality_score', header: '质量评分', kind: 'score' },
  { key: 'score_political', header: '政治性', kind: 'score' },
  { key: 'score_contemporary', header: '时代性', kind: 'score' },
  { key: 'score_principled', header: '原则性', kind: 'score' },
  { key: 'score_combative', header: '战斗性', kind: 'score' },
  { key: 'problem_rate', header: '问题发现率', kind: 'fraction' },
  { key: 'halt_count', header: '叫停次数', kind: 'integer' },
  { key: 'political_content_share', header: '政治学习占比', kind: 'fraction' },
  { key: 'online_share', header: '线上开展占比', kind: 'fraction' },
  { key: 'criticism_per_member', header: '人均批评意见', kind: 'number' },
  { key: 'rectification_rate', header: '整改按期完成率', kind: 'fraction' },
  { key: 'overdue_open', header: '逾期未整改', kind: 'integer' },
  { key: 'dual_life_rate', header: '双重组织生活落实率', kind: 'fraction' },
  { key: 'case_compliance', header: '案例报送率', kind: 'fraction' },
  { key: 'excellent_cases', header: '省级优秀案例', kind: 'integer' },
  { key: 'rule_completion_assembly_quarterly', header: '支部党员大会（季）', kind: 'fraction' },
  { key: 'rule_completion_committee_monthly', header: '支委会（月）', kind: 'fraction' },
  { key: 'rule_completion_group_monthly', header: '党小组会（月）', kind: 'fraction' },
  { key: 'rule_completion_lecture_quarterly', header: '党课（季）', kind: 'fraction' },
  { key: 'rule_completion_theme_day_monthly', header: '主题党日（月）', kind: 'fraction' },
  { key: 'rule_completion_life_meeting_yearly', header: '组织生活会（年）', kind: 'fraction' },
  { key: 'rule_completion_review_yearly', header: '民主评议党员（年）', kind: 'fraction' },
  { key: 'rule_completion_year_end_report', header: '年终通报（年）', kind: 'fraction' },
];

/** The columns a terminal table shows (json, csv and xlsx carry all of them). */
const TABLE_KEYS = new Set([
  'index', 'rank', 'rank_change', 'regularity', 'participation_rate', 'observer_coverage', 'quality_score',
  'political_content_share', 'rectification_rate', 'dual_life_rate', 'case_compliance', 'halt_count', 'overdue_open',
]);

/** Index weights as the configuration gives them: {branch: {...}, university: {...}}. */
export type Weights = Record<string, Record<string, number>>;

export interface IndicatorQuery {
  level: Level;
  period: string;
  university?: string | null;
  /** YYYY-MM-DD; figures rebuilt for this date in a rolled-back transaction. */
  asOf?: string | null;
  /** Order by rank (rankings) instead of by code. */
  byRank?: boolean;
}

export interface IndicatorResult {
  level: Level;
  period: string;
  asOf: string | null;
  rows: ReportRow[];
  columns: Column[];
  weights: Weights;
  /** Set when there is nothing to show, saying why. */
  note?: string;
}

const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/;

/** Check --level; a usage error lists the accepted levels. */
export function parseLevel(value: string | undefined): Level {
  if (value === undefined) {
    throw new UserError(`缺少 --level。可选：${Object.keys(LEVELS).join('、')} (missing --level).`, 2);
  }
  if (Object.hasOwn(LEVELS, value)) return value as Level;
  throw new UserError(`未知的层级 --level ${value}。可选：${Object.keys(LEVELS).join('、')} (unknown level).`, 2);
}

/** Check --period's form: a month 2024-03, a quarter 2024Q1 or a year 2024. */
export function parsePeriod(value: string | undefined): string {
  const period = value?.trim().toUpperCase();
  if (period && PERIOD_PATTERN.test(period)) return period;
  throw new UserError(
    `${value === undefined ? '缺少 --period' : `无法识别的时期 --period ${value}`}。` +
      `可写成月份 2024-03、季度 2024Q1 或年度 2024 (a month YYYY-MM, a quarter YYYYQn or a year YYYY).`,
    2,
  );
}

async function rowObjects(connection: DuckDBConnection, sql: string, params: Record<string, string | null> = {}): Promise<ReportRow[]> {
  return (await connection.runAndReadAll(sql, params)).getRowObjectsJson();
}

/**
 * The note of a period the built marts do not report (before or after the data), saying which
 * periods there are; null when it is reported. The reports give an empty result with it.
 */
export async function periodWithoutData(connection: DuckDBConnection, period: string, asOf: string | null): Promise<string | null> {
  const periods = await rowObjects(connection, 'select period_code, period_kind from int_periods order by start_on, end_on desc');
  if (periods.some((p) => p.period_code === period)) return null;
  const months = periods.filter((p) => p.period_kind === 'month').map((p) => String(p.period_code));
  const range =
    months.length > 0
      ? `现有数据的时期为 ${months[0]} 至 ${months[months.length - 1]}（as_of ${asOf}）`
      : asOf
        ? `as_of ${asOf} 及以前没有活动数据`
        : '数据仓库中还没有活动数据';
  return `时期 ${period} 没有数据：${range}。(no data for this period)`;
}

/** The weights of the index, from the built seed. */
export async function readWeights(connection: DuckDBConnection): Promise<Weights> {
  const weights: Weights = {};
  for (const r of await rowObjects(connection, 'select index_scope, component, weight from seed_index_weights order by index_scope, component')) {
    const scope = String(r.index_scope);
    weights[scope] ??= {};
    weights[scope][String(r.component)] = Number(r.weight);
  }
  return weights;
}

async function requireBuilt(connection: DuckDBConnection, mart: string): Promise<void> {
  const found = await rowObjects(connection, "select 1 as found from duckdb_tables() where schema_name = 'main' and table_name = $t", { t: mart });
  if (found.length === 0) {
    throw new UserError('数据仓库中还没有指标模型：请先导入数据（zhixiao ingest PATH…）或运行 zhixiao build (the models are not built yet).', 2);
  }
}

async function requireUniversity(connection: DuckDBConnection, code: string): Promise<void> {
  const known = (await rowObjects(connection, 'select university_code from stg_universities order by university_code')).map((r) => String(r.university_code));
  if (known.includes(code)) return;
  const shown = known.slice(0, 30).join('、') + (known.length > 30 ? ` 等 ${known.length} 所` : '');
  throw new UserError(`未知的高校代码 --university ${code}。现有高校：${shown || '（无）'} (unknown university).`, 2);
}

/** Read the rows of one level and period on a connection whose models are built. */
export async function readIndicatorRows(connection: DuckDBConnection, query: IndicatorQuery): Promise<IndicatorResult> {
  const level = LEVELS[query.level];
  await requireBuilt(connection, level.mart);
  if (query.university) {
    if (query.level === 'province' || query.level === 'city') {
      throw new UserError(`--university 只适用于 university、college、branch 层级 (--university needs one of those levels).`, 2);
    }
    await requireUniversity(connection, query.university);
  }
  const columns = [...level.keys, ...INDICATOR_COLUMNS];
  const weights = await readWeights(connection);
  const params = (await rowObjects(connection, "select strftime(as_of, '%Y-%m-%d') as as_of from int_params"))[0];
  const asOf = params?.as_of === null || params?.as_of === undefined ? null : String(params.as_of);
  const base = { level: query.level, period: query.period, asOf, columns, weights };
  const missing = await periodWithoutData(connection, query.period, asOf);
  if (missing) return { ...base, rows: [], note: missing };
  // Mart and column names come from LEVELS (an allow-list); the values are bound.
  const select = columns.map((c) => c.key).join(', ');
  const where = ['period_code = $period'];
  if (query.university) where.push('university_code = $university');
  const sql = `select ${select} from ${level.mart} where ${where.join(' and ')} order by ${query.byRank ? level.rankOrder : level.order}`;
  const rows = await rowObjects(connection, sql, { period: query.period, ...(query.university ? { university: query.university } : {}) });
  const note = rows.length === 0 ? `时期 ${query.period} 没有${level.label}数据 (no ${query.level} rows for this period).` : undefined;
  return { ...base, rows, ...(note ? { note } : {}) };
}

/** Open the warehouse and read, rebuilding as of `asOf` in a rolled-back transaction when given. */
export async function queryIndicators(dbPath: string, query: IndicatorQuery): Promise<IndicatorResult> {
  const warehouse = await openExistingWarehouse(dbPath);
  const connection = await warehouse.connect();
  try {
    if (query.asOf) {
      return await computeAsOf(connection, query.asOf, (c) => readIndicatorRows(c, query));
    }
    return await readIndicatorRows(connection, query);
  } finally {
    connection.closeSync();
  }
}

/** A weight's component as a person reads it: 规范执行率 (regularity). */
function componentLabel(component: string): string {
  const header = component === 'branch_index_mean' ? '支部指数均值' : INDICATOR_COLUMNS.find((c) => c.key === component)?.header;
  return header ? `${header} (${component})` : component;
}

function formatWeights(weights: Weights): string {
  const part = (scope: string) =>
    Object.entries(weights[scope] ?? {})
      .map(([k, v]) => `${componentLabel(k)} ${v}`)
      .join('，');
  return `权重 weights — 支部 branch: ${part('branch')}；高校 university: ${part('university')}`;
}

const OPTIONS = {
  level: { type: 'string' },
  period: { type: 'string' },
  university: { type: 'string' },
  'as-of': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
} as const;

async function runReport(argv: string[], kind: 'indicators' | 'rankings'): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const level = parseLevel(values.level);
  const period = parsePeriod(values.period);
  const format = parseOutputFormat(values.format, values.out);
  const asOf = values['as-of'] ? parseAsOf(values['as-of']) : null;
  const result = await queryIndicators(resolveDbPath(values.db as string | undefined), {
    level,
    period,
    university: values.university ?? null,
    asOf,
    byRank: kind === 'rankings',
  });
  const title = `${kind === 'rankings' ? '督查排名' : '质效指标'} · ${LEVELS[level].label} · ${period}` +
    `${values.university ? ` · ${values.university}` : ''} · as_of ${result.asOf ?? '—'}`;
  await writeReport({
    format,
    rows: result.rows,
    columns: result.columns,
    tableColumns: result.columns.filter((c) => LEVELS[level].keys.includes(c) || TABLE_KEYS.has(c.key)),
    json: kind === 'rankings' ? { weights: result.weights, rows: result.rows } : result.rows,
    out: values.out,
    heading: kind === 'rankings' ? [title, formatWeights(result.weights)] : [title],
    note:
      result.note ??
      (format === 'table' ? '（表格只显示主要指标；全部指标请用 --format json、csv 或 xlsx）' : undefined),
    sheetName: kind === 'rankings' ? '排名' : '指标',
  });
  return 0;
}

/** `zhixiao report indicators …` */
export function runIndicatorsReport(argv: string[]): Promise<number> {
  return runReport(argv, 'indicators');
}

/** `zhixiao report rankings …` */
export function runRankingsReport(argv: string[]): Promise<number> {
  return runReport(argv, 'rankings');
}
