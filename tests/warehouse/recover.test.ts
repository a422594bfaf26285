/**
 * Rows of a run that never committed (left visible by a kill during DuckDB's COMMIT) are
 * removed when the warehouse is opened; rows of committed runs and rows written by other
 * means stay.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-recover-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('opening a warehouse after a torn commit', () => {
  it('removes the rows of runs without an ingest_runs row, and only those', async () => {
    const dir = path.join(root, 'in');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'u.csv'), '高校代码,高校名称,所在地市\nU1,甲,合肥\n');
    const db = path.join(root, 'w.duckdb');
    let warehouse = await openWarehouse(db);
    await runIngest(warehouse, [dir], { hashKey: 'k' });
    const c = await warehouse.connect();
    // what a torn run leaves: its rows, under a run id that never committed
    await c.run(
      `insert into universities (university_code, university_name, city, run_id, file_id, line)
       values ('U2', '乙', '芜湖', '29991231T235959Z-abcdef', 99, 2), ('U3', '丙', '芜湖', 'fixture-run', 98, 2)`,
    );
    c.closeSync();
    warehouse.close();
    warehouse = await openWarehouse(db);
    const d = await warehouse.connect();
    expect((await d.runAndReadAll('select university_code from universities order by 1')).getRows().map((r) => r[0])).toEqual(['U1', 'U3']);
    d.closeSync();
    warehouse.close();
  });
});
