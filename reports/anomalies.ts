/**
 * `zhixiao report anomalies --period P [--university CODE] [--as-of DATE] [--format …] [--out FILE]`
 * (cli.md "report"): the anomalies of indicators.md ("Anomalies") that a report for P shows, as rows
 * {code, severity, university_code, branch_code, period, evidence, message}, most severe first.
 * Which anomalies belong to P is decided by the model mart_anomalies_by_period (see its header);
 * the rows come from mart_anomalies, built as of the default as_of or rebuilt in a rolled-back
 * transaction for `--as-of`.
 */
import { VARCHAR, type DuckDBConnection, type Json } from '@duckdb/node-api';
import { parseCommandArgs } from '../cli/args.ts';
import { computeAsOf, parseAsOf } from '../models/as-of.ts';
import { openExistingWarehouse } from '../warehouse/database.ts';
import { UserError } from '../warehouse/errors.ts';
import { resolveDbPath } from '../warehouse/paths.ts';
import { parseOutputFormat, writeReport, type Column, type ReportRow } from './format.ts';
import { parsePeriod, periodWithoutData } from './indicators.ts';

/** The columns of cli.md, in its order, with Chinese headers. */
export const ANOMALY_COLUMNS: Column[] = [
  { key: 'code', header: '异常代码', kind: 'text' },
  { key: 'severity', header: '严重程度', kind: 'severity' },
  { key: 'university_code', header: '高校代码', kind: 'text' },
  { key: 'branch_code', header: '支部代码', kind: 'text' },
  { key: 'period', header: '时期', kind: 'text' },
  { key: 'evidence', header: '证据', kind: 'json' },
  { key: 'message', header: '说明', kind: 'text' },
];

/** A terminal cannot show the evidence JSON; the message says the same in words. */
const TABLE_COLUMNS = ANOMALY_COLUMNS.filter((c) => c.key !== 'evidence');

export interface AnomalyQuery {
  period: string;
  university?: string | null;
  /** YYYY-MM-DD; anomalies rebuilt for this date in a rolled-back transaction. */
  asOf?: string | null;
}

export interface AnomalyResult {
  period: string;
  asOf: string | null;
  rows: ReportRow[];
  /** Set when there is nothing to show, saying why. */
  note?: string;
}

const ROWS_SQL = `
  select a.code, a.severity, a.university_code, a.branch_code, a.period, a.evidence::varchar as evidence, a.message
  from mart_anomalies_by_period as p
  join mart_anomalies as a on a.anomaly_id = p.anomaly_id
  where p.period_code = $period
    and ($university is null or p.university_code = $university)
  order by a.severity_order, a.code, a.university_code, a.branch_code, a.period_start_on, a.activity_id, a.member_id`;

async function rowObjects(connection: DuckDBConnection, sql: string, params: Record<string, string | null> = {}): Promise<ReportRow[]> {
  return (await connection.runAndReadAll(sql, params)).getRowObjectsJson();
}

async function requireBuilt(connection: DuckDBConnection): Promise<void> {
  const found = await rowObjects(
    connection,
    "select 1 as found from duckdb_tables() where schema_name = 'main' and table_name = 'mart_anomalies_by_period'",
  );
  if (found.length === 0) {
    throw new UserError('数据仓库中还没有异常模型：请先导入数据（zhixiao ingest PATH…）或运行 zhixiao build (the models are not built yet).', 2);
  }
}

async function requireUniversity(connection: DuckDBConnection, code: string): Promise<void> {
  const known = (await rowObjects(connection, 'select university_code from stg_universities order by university_code')).map((r) =>
    String(r.university_code),
  );
  if (known.includes(code)) return;
  const shown = known.slice(0, 30).join('、') + (known.length > 30 ? ` 等 ${known.length} 所` : '');
  throw new UserError(`未知的高校代码 --university ${code}。现有高校：${shown || '（无）'} (unknown university).`, 2);
}

/** Read the anomalies of one period on a connection whose models are built. */
export async function readAnomalyRows(connection: DuckDBConnection, query: AnomalyQuery): Promise<AnomalyResult> {
  await requireBuilt(connection);
  if (query.university) await requireUniversity(connection, query.university);
  const params = (await rowObjects(connection, "select strftime(as_of, '%Y-%m-%d') as as_of from int_params"))[0];
  const asOf = params?.as_of === null || params?.as_of === undefined ? null : String(params.as_of);
  const missing = await periodWithoutData(connection, query.period, asOf);
  if (missing) return { period: query.period, asOf, rows: [], note: missing };
  const reader = await connection.runAndReadAll(
    ROWS_SQL,
    { period: query.period, university: query.university ?? null },
    { period: VARCHAR, university: VARCHAR },
  );
  // evidence travels as JSON text; the json format prints it as the object it is
  const rows = reader.getRowObjectsJson().map((r) => ({ ...r, evidence: JSON.parse(String(r.evidence)) as Json }));
  const note = rows.length === 0 ? `时期 ${query.period} 没有发现异常 (no anomalies in this period).` : undefined;
  return { period: query.period, asOf, rows, ...(note ? { note } : {}) };
}

/** Open the warehouse and read, rebuilding as of `asOf` in a rolled-back transaction when given. */
export async function queryAnomalies(dbPath: string, query: AnomalyQuery): Promise<AnomalyResult> {
  const warehouse = await openExistingWarehouse(dbPath);
  const connection = await warehouse.connect();
  try {
    if (query.asOf) return await computeAsOf(connection, query.asOf, (c) => readAnomalyRows(c, query));
    return await readAnomalyRows(connection, query);
  } finally {
    connection.closeSync();
  }
}

const OPTIONS = {
  period: { type: 'string' },
  university: { type: 'string' },
  'as-of': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
} as const;

function countBySeverity(rows: ReportRow[]): string {
  const n = (s: string) => rows.filter((r) => r.severity === s).length;
  return `共 ${rows.length} 条：高 ${n('high')}，中 ${n('medium')}，低 ${n('low')}`;
}

/** `zhixiao report anomalies …` */
export async function runAnomaliesReport(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const period = parsePeriod(values.period);
  const format = parseOutputFormat(values.format, values.out);
  const asOf = values['as-of'] ? parseAsOf(values['as-of']) : null;
  const result = await queryAnomalies(resolveDbPath(values.db as string | undefined), {
    period,
    university: values.university ?? null,
    asOf,
  });
  const title = `异常清单 · ${period}${values.university ? ` · ${values.university}` : ''} · as_of ${result.asOf ?? '—'}`;
  await writeReport({
    format,
    rows: result.rows,
    columns: ANOMALY_COLUMNS,
    tableColumns: TABLE_COLUMNS,
    out: values.out,
    heading: [title, countBySeverity(result.rows)],
    note: result.note ?? (format === 'table' ? '（表格不显示证据；完整证据请用 --format json、csv 或 xlsx）' : undefined),
    sheetName: '异常',
  });
  return 0;
}
