/** What `zhixiao status` reports: rows per table, quarantine, runs and as_of (cli.md). */
import { TABLE_NAMES, type TableName } from '../ingest/contract/tables.ts';
import type { Warehouse } from './database.ts';

export interface WarehouseStatus {
  tables: Record<TableName, number>;
  quarantined: number;
  runs: number;
  as_of: string | null;
}

export async function readStatus(warehouse: Warehouse): Promise<WarehouseStatus> {
  const connection = await warehouse.connect();
  try {
    const tables = {} as Record<TableName, number>;
    for (const name of TABLE_NAMES) {
      // table names come from the contract's allow-list
      const rows = (await connection.runAndReadAll(`select count(*)::bigint from "${name}"`)).getRows();
      tables[name] = Number(rows[0][0]);
    }
    const row = (
      await connection.runAndReadAll(`
        select
          (select count(*) from quarantine where resolved_run_id is null)::bigint,
          (select count(*) from ingest_runs where status = 'committed')::bigint,
          (select strftime(max(started_at)::date, '%Y-%m-%d') from activities)`)
    ).getRows()[0];
    return { tables, quarantined: Number(row[0]), runs: Number(row[1]), as_of: row[2] === null ? null : String(row[2]) };
  } finally {
    connection.closeSync();
  }
}
