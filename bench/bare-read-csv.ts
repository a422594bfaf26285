/**
 * The yardstick of the ingest benchmarks: bare DuckDB, `CREATE TABLE AS SELECT * FROM
 * read_csv(file)` into a fresh file database under `work`, timed in ms.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export async function timeBareReadCsv(file: string, work: string): Promise<number> {
  return (await bareReadCsv(file, work)).ms;
}

/** The same, with the rows it read (counted after the timing). */
export async function bareReadCsv(file: string, work: string): Promise<{ ms: number; rows: number }> {
  const dbPath = path.join(work, `bare-${Math.random().toString(36).slice(2)}.duckdb`);
  const instance = await DuckDBInstance.create(dbPath);
  const c = await instance.connect();
  try {
    const started = performance.now();
    await c.run('create table t as select * from read_csv($file)', { file });
    const ms = performance.now() - started;
    const rows = Number((await c.runAndReadAll('select count(*) from t')).getRows()[0]![0]);
    return { ms, rows };
  } finally {
    c.closeSync();
    instance.closeSync();
    for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });
  }
}
