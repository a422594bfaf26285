/**
 * Figures as of a date other than the default (the latest started_at): the models are rebuilt
 * inside a transaction that is always rolled back, so the committed marts never change.
 * BEGIN → buildModels(conn, {asOf}) → read → ROLLBACK.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { UserError } from '../warehouse/errors.ts';
import { buildModels } from './runner.ts';

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
