/**
 * Rows of an ingest run that never committed, removed when the warehouse is opened.
 * A run is one transaction, but DuckDB 1.5 does not always make its commit atomic under a
 * kill: a process killed while COMMIT writes can leave the run's large appends (written to
 * the file ahead of the commit) visible after restart while the rest of the run is not
 * (measured: attendance rows of a run killed 100 ms into COMMIT, without its activities or
 * its ingest_runs row; upstream duckdb/duckdb#25931). Every stored row carries its run id,
 * and a run counts only when its ingest_runs row exists, so such rows are found and
 * deleted: the warehouse is as before the run, as the contract asks.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { TABLE_NAMES } from '../ingest/contract/tables.ts';
import { ident } from '../ingest/validate-sql.ts';

/** The tables whose rows carry the run that wrote them: the contract's, and the run's own records. */
const RUN_TABLES = [...TABLE_NAMES, 'quarantine', 'source_files'];

/**
 * Delete rows of runs newer than the last committed one that have no ingest_runs row. Run
 * ids begin with their start time (YYYYMMDDTHHMMSSZ), so only rows whose run id sorts at or
 * after the newest committed run's second are looked at, which the tables' row-group
 * statistics skip cheaply; and only ids of the form newRunId (ingest/run.ts) makes, so that rows
 * written by other means (hand-built fixtures) are left alone. Returns how many rows it removed.
 */
export async function removeUncommittedRuns(connection: DuckDBConnection): Promise<number> {
  const newest = (await connection.runAndReadAll('select coalesce(max(run_id), \'\') from ingest_runs')).getRows()[0][0];
  const since = String(newest).slice(0, 16);
  let removed = 0;
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const table of RUN_TABLES) {
      const result = await connection.run(
        `delete from ${ident(table)} where run_id >= $since and run_id not in (select run_id from ingest_runs)
           and regexp_full_match(run_id, '[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}')`,
        { since },
      );
      removed += result.rowsChanged;
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
  return removed;
}
