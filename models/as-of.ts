/**
 * Figures as of a date other than the default (the latest started_at): the models are rebuilt
 * inside a transaction that is always rolled back, so the committed marts never change.
 * BEGIN → buildModels(conn, {asOf}) → read → ROLLBACK.
 *
 * buildAsOfInScratch is the same build kept, for a connection whose current database is a
 * scratch one (the dashboard's as_of databases: an attached in-memory database that many
 * requests read, dashboard/src/lib/server/as-of-builds.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { UserError } from '../warehouse/errors.ts';
import { buildModels, type BuildResult } from './runner.ts';

export interface AsOfOptions {
  /**
   * Run the data tests after the temporary build (default false: the same models passed them in
   * the committed build; turn on to check a build for this date too).
   */
  checks?: boolean;
}

/** Parse `YYYY-MM-DD` into a real calendar date, or throw a UserError saying what is accepted. */
export function parseAsOf(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) return match[0];
  }
  throw new UserError(`--as-of 日期无效：${value}。请写成 YYYY-MM-DD，例如 2024-06-30 (expected a date YYYY-MM-DD).`, 2);
}

// One temporary build at a time per process: two transactions replacing the same tables conflict.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Build the models as of `asOf` on `connection` (which must not be inside a transaction), hand the
 * connection to `read`, then roll everything back and return what `read` returned.
 */
export function computeAsOf<T>(
  connection: DuckDBConnection,
  asOf: string,
  read: (connection: DuckDBConnection) => Promise<T>,
  options: AsOfOptions = {},
): Promise<T> {
  const date = parseAsOf(asOf);
  const run = async (): Promise<T> => {
    await connection.run('BEGIN TRANSACTION');
    let result: T;
    try {
      await buildModels(connection, { asOf: date, checks: options.checks ?? false });
      result = await read(connection);
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    await connection.run('ROLLBACK');
    return result;
  };
  const next = queue.then(run, run);
  queue = next.then(
    () => undefined,
    () => undefined, // the caller receives the error through `next`; the queue only orders runs
  );
  return next;
}

/**
 * Build the models as of `asOf` into the current database of `connection` and commit them there.
 * That database must not be a warehouse (it would replace the committed marts): it is refused when
 * it holds the loaded table `activities`; the loaded tables are read through the search path. One
 * transaction, so every model reads the same snapshot of the loaded tables even while an ingest
 * commits.
 */
export async function buildAsOfInScratch(connection: DuckDBConnection, asOf: string, options: AsOfOptions = {}): Promise<BuildResult> {
  const date = parseAsOf(asOf);
  const own = (
    await connection.runAndReadAll("select count(*)::integer as n from duckdb_tables() where database_name = current_database() and table_name = 'activities'")
  ).getRows();
  if (Number(own[0][0]) > 0) throw new Error('buildAsOfInScratch: the connection is on a warehouse, not on a scratch database (USE it first)');
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await buildModels(connection, { asOf: date, checks: options.checks ?? false });
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}
