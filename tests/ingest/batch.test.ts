/**
 * Files of one table with the same columns are checked and merged as one batch; the
 * outcome is as if they had loaded one after the other in path order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-batch-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a batch of several files of one table', () => {
  it('lets the later file win a key both hold, and counts each file as if loaded in turn', async () => {
    const dir = path.join(root, 'in');
    fs.mkdirSync(dir);
    const header = '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别';
    fs.writeFileSync(path.join(dir, '0_u.csv'), '高校代码,高校名称,所在地市\nU1,甲,合肥\n');
    // the parent of B2 arrives in the second file of the batch
    fs.writeFileSync(path.join(dir, '1_orgs.csv'), [header, 'U1P,甲党委,高校党委,,U1,', 'B1,旧名称,党支部,U1P,U1,学生', 'B2,二支部,党支部,C1,U1,学生'].join('\n') + '\n');
    fs.writeFileSync(path.join(dir, '2_orgs.csv'), [header, 'B1,新名称,党支部,U1P,U1,学生', 'C1,学院党委,院系党委,U1P,U1,'].join('\n') + '\n');
    const warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    const byFile = Object.fromEntries(report.files.map((f) => [path.basename(f.path), [f.rows_read, f.rows_loaded, f.rows_updated, f.rows_quarantined]]));
    expect(byFile).toEqual({ '0_u.csv': [1, 1, 0, 0], '1_orgs.csv': [3, 3, 0, 0], '2_orgs.csv': [2, 1, 1, 0] }); // C1 new, B1 changed
    const c = await warehouse.connect();
    const rows = (await c.runAndReadAll('select org_code, org_name, line from org_units order by 1')).getRowObjectsJson();
    c.closeSync();
    expect(rows).toEqual([
      { org_code: 'B1', org_name: '新名称', line: 2 },
      { org_code: 'B2', org_name: '二支部', line: 4 },
      { org_code: 'C1', org_name: '学院党委', line: 3 },
      { org_code: 'U1P', org_name: '甲党委', line: 2 },
    ]);
    warehouse.close();
  });
});
