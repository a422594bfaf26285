/**
 * A copy of a workbook (same bytes) is a duplicate, and like its first copy it has an entry per
 * sheet (cli.md: "An XLSX file with several matching sheets gives one entry per sheet").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, expect, it } from 'vitest';
import { runIngest } from '../../ingest/run.ts';
import { openWarehouse } from '../../warehouse/database.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-dup-workbook-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('gives a copy in the same run, and one in a later run, an entry per sheet its first copy loaded', async () => {
  const dir = path.join(root, 'exports');
  fs.mkdirSync(dir);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('高校').addRows([['高校代码', '高校名称', '所在地市'], ['U1', '甲大学', '合肥']]);
  wb.addWorksheet('党组织').addRows([['组织代码', '组织名称', '组织类型', '上级组织代码', '高校代码'], ['U1P', '甲党委', '高校党委', null, 'U1']]);
  wb.addWorksheet('说明').addRow(['导出说明']);
  await wb.xlsx.writeFile(path.join(dir, 'a.xlsx'));
  fs.copyFileSync(path.join(dir, 'a.xlsx'), path.join(dir, 'b.xlsx'));
  const warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
  try {
    const entries = (r: Awaited<ReturnType<typeof runIngest>>) => r.files.map((f) => [path.basename(f.path), f.sheet, f.table, f.status, f.rows_loaded]);
    const first = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(entries(first)).toEqual([
      ['a.xlsx', '高校', 'universities', 'loaded', 1],
      ['a.xlsx', '党组织', 'org_units', 'loaded', 1],
      ['b.xlsx', '高校', 'universities', 'duplicate', 0],
      ['b.xlsx', '党组织', 'org_units', 'duplicate', 0],
    ]);
    const again = await runIngest(warehouse, [path.join(dir, 'b.xlsx')], { hashKey: 'k' });
    expect(entries(again)).toEqual([
      ['b.xlsx', '高校', 'universities', 'duplicate', 0],
      ['b.xlsx', '党组织', 'org_units', 'duplicate', 0],
    ]);
  } finally {
    warehouse.close();
  }
});
