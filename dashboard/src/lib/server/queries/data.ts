/**
 * 数据: what the warehouse holds (rows per table, quarantine, as_of), the ingest runs with their
 * files, and the quarantined rows of one run (downloadable from the page).
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { scopeSql, universitySql, type Scope } from '../../../../../auth/scope.ts';
import type { TableName } from '../../../../../ingest/contract/tables.ts';
import { readStatus, type WarehouseStatus } from '../../../../../warehouse/status.ts';
import { readOne, readRows } from '../sql.ts';
import { getWarehouse, withConnection } from '../warehouse.ts';

export interface RunRow {
  run_id: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  n_files: number | null;
  rows_loaded: number | null;
  rows_updated: number | null;
  rows_quarantined: number | null;
}

export interface SourceFileRow {
  file_id: number;
  run_id: string;
  /** The file's name (uploads keep their own name; the temporary folder is not shown). */
  path: string;
  table_name: string | null;
  sheet: string | null;
  status: string;
  rows_read: number;
  rows_loaded: number;
  rows_updated: number;
  rows_quarantined: number;
  bytes: number;
  message: string | null;
}

export interface QuarantineRow {
  quarantine_id: number;
  path: string;
  sheet: string | null;
  line: number | null;
  table_name: string;
  column: string | null;
  value: string | null;
  reason: string;
  /** Kept for a later retry (an orphan whose parent may arrive). */
  retry: boolean;
  resolved: boolean;
}

export interface DataPage {
  status: WarehouseStatus;
  runs: RunRow[];
  /** The run whose files and quarantine are shown (URL `run`, else the latest). */
  run: RunRow | null;
  files: SourceFileRow[];
  quarantined: QuarantineRow[];
  quarantinedTotal: number;
}

/** Rows of quarantine sent to the page at most (the total is always given). */
export const QUARANTINE_LIMIT = 5000;

/**
 * The runs a scope may see: all for the province; for a university, the uploads made by its own
 * users (the audit log's `upload` entries name the run); none for a college (it cannot upload).
 */
function visibleRunsSql(scope: Scope, params: DuckDBValue[]): string {
  if (scope.role === 'province') return 'true';
  if (scope.role === 'college') return 'false';
  params.push(scope.universityCode);
  return `run_id in (select target from auth.audit_log where action = 'upload' and role = 'university' and scope_code = $${params.length})`;
}

/**
 * Which rows of each contract table a scope may count (the row counts of the page): its
 * university's, or its college's branches' and what hangs from them. SQL conditions with
 * their values bound in `params`.
 */
function scopedTableConditions(scope: Scope, params: DuckDBValue[]): Record<TableName, string> {
  const byBranch = (column: string) => scopeSql(scope, { branch: column }, params);
  const byActivity = () => `activity_id in (select activity_id from activities where ${byBranch('branch_code')})`;
  return {
    universities: universitySql(scope, 'university_code', params),
    // a college's own unit, its branches and their 党小组
    org_units:
      scope.role === 'college'
        ? `(${byBranch('org_code')} or ${byBranch('parent_code')} or ${scopeSql(scope, { college: 'org_code' }, params)})`
        : scopeSql(scope, { university: 'university_code' }, params),
    members: byBranch('branch_code'),
    activities: byBranch('branch_code'),
    attendance: byActivity(),
    observations: byActivity(),
    rectifications: byBranch('branch_code'),
    // a university's cases; a college's, those of its branches (scopeSql takes the branch column)
    cases: scopeSql(scope, { university: 'university_code', branch: 'branch_code' }, params),
    evaluations: byBranch('branch_code'),
  };
}

/**
 * The status of the warehouse as a scope may see it: the province, everything (`zhixiao status`);
 * a university or a college, the rows of its own units, the quarantine of the runs it may see
 * (its uploads) and their number. as_of is the warehouse's: the date the data is complete to.
 */
async function readScopedStatus(c: DuckDBConnection, scope: Scope): Promise<WarehouseStatus> {
  if (scope.role === 'province') return readStatus(await getWarehouse());
  const params: DuckDBValue[] = [];
  const conditions = scopedTableConditions(scope, params);
  const runs = visibleRunsSql(scope, params);
  // Table names come from the contract's allow-list; every value is bound.
  const counts = Object.entries(conditions).map(([table, where]) => `(select count(*) from "${table}" where ${where})::integer as "${table}"`);
  const row = await readOne<Record<string, number | string | null>>(
    c,
    `select ${counts.join(', ')},
       (select count(*) from quarantine where resolved_run_id is null and run_id in (select run_id from ingest_runs where ${runs}))::integer as zx_quarantined,
       (select count(*) from ingest_runs where status = 'committed' and ${runs})::integer as zx_runs,
       (select strftime(max(started_at)::date, '%Y-%m-%d') from activities) as zx_as_of`,
    params,
  );
  const tables = Object.fromEntries(Object.keys(conditions).map((t) => [t, Number(row?.[t] ?? 0)])) as Record<TableName, number>;
  return { tables, quarantined: Number(row?.zx_quarantined ?? 0), runs: Number(row?.zx_runs ?? 0), as_of: row?.zx_as_of == null ? null : String(row.zx_as_of) };
}

export async function getDataPage(scope: Scope, runId: string | null): Promise<DataPage> {
  return withConnection(async (c) => {
    const status = await readScopedStatus(c, scope);
    const runParams: DuckDBValue[] = [];
    const runs = await readRows<RunRow>(
      c,
      `select run_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at, strftime(finished_at, '%Y-%m-%d %H:%M:%S') as finished_at,
              status, n_files::integer as n_files, rows_loaded::integer as rows_loaded, rows_updated::integer as rows_updated,
              rows_quarantined::integer as rows_quarantined
       from ingest_runs where ${visibleRunsSql(scope, runParams)} order by started_at desc, run_id desc limit 200`,
      runParams,
    );
    const run = (runId ? runs.find((r) => r.run_id === runId) : runs[0]) ?? null;
    if (!run) return { status, runs, run: null, files: [], quarantined: [], quarantinedTotal: 0 };
    const files = await readRows<SourceFileRow>(
      c,
      `select file_id::integer as file_id, run_id, path, table_name, sheet, status, rows_read::integer as rows_read,
              rows_loaded::integer as rows_loaded, rows_updated::integer as rows_updated, rows_quarantined::integer as rows_quarantined,
              bytes::bigint::double as bytes, message
       from source_files where run_id = $1 order by file_id`,
      [run.run_id],
    );
    const total = await readOne<{ n: number }>(c, 'select count(*)::integer as n from quarantine where run_id = $1', [run.run_id]);
    const quarantined = await readRows<QuarantineRow>(
      c,
      `select quarantine_id::integer as quarantine_id, path, sheet, line, table_name, column_name as "column", value, reason,
              retry, resolved_run_id is not null as resolved
       from quarantine where run_id = $1 order by quarantine_id limit $2`,
      [run.run_id, QUARANTINE_LIMIT],
    );
    return { status, runs, run, files, quarantined, quarantinedTotal: total?.n ?? 0 };
  });
}
