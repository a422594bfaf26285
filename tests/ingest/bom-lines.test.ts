/**
 * A UTF-8 file that starts with a byte order mark on a line of its own: DuckDB's reader
 * drops the mark and skips the then empty line, so the scan counts that line as blank too —
 * otherwise every row would shift up by one and the first row would pass for a title row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { scanFile } from '../../ingest/read/scan-file.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-bom-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a byte order mark alone on the first line', () => {
  it('is a blank line, and the rows below keep their lines', async () => {
    const dir = path.join(root, 'in');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'u.csv');
    fs.writeFileSync(file, '\uFEFF\n高校名单\n高校代码,高校名称,所在地市\nU1,甲,合肥\nU2,乙,芜湖\n');
    expect((await scanFile(file)).blankRecords).toEqual([1]);
    const warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(report.files.map((f) => [f.rows_read, f.rows_loaded])).toEqual([[2, 2]]);
    const c = await warehouse.connect();
    expect((await c.runAndReadAll('select university_code, line from universities order by 1')).getRows()).toEqual([
      ['U1', 4],
      ['U2', 5],
    ]);
    c.closeSync();
    warehouse.close();
  });
});
