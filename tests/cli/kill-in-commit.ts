/**
 * Child process of crash.test.ts: an ingest of DIR into DB that SIGKILLs itself MS
 * milliseconds after COMMIT starts — the window in which DuckDB may leave part of a run
 * visible (see warehouse/recover.ts).
 *   npx tsx tests/cli/kill-in-commit.ts DB DIR MS
 */
import { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { rebuildAfterIngest } from '../../models/rebuild.ts';

const [db, dir, ms] = process.argv.slice(2);
const proto = DuckDBConnection.prototype as unknown as { run: (sql: string, ...rest: unknown[]) => Promise<unknown> };
const run = proto.run;
proto.run = function (this: DuckDBConnection, sql: string, ...rest: unknown[]) {
  if (sql === 'COMMIT') setTimeout(() => process.kill(process.pid, 'SIGKILL'), Number(ms));
  return run.call(this, sql, ...rest);
};
const warehouse = await openWarehouse(db);
await runIngest(warehouse, [dir], { hashKey: 'k', buildModels: (c, changes) => rebuildAfterIngest(c, changes) });
await new Promise((resolve) => setTimeout(resolve, 60_000)); // killed before this ends
