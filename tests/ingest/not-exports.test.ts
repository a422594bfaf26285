/**
 * Files in an export folder that are not exports: a web page or Excel 2003 XML saved as .xls is
 * refused saying what it is and what to do; the warehouse's own files (a `data/` folder given
 * whole) are not offered as exports at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { markupRefusal, runIngest } from '../../ingest/run.ts';
import { openWarehouse } from '../../warehouse/database.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-not-exports-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('tells a web page or an Excel 2003 XML table from a text export', () => {
  expect(markupRefusal('\uFEFF  <html><body><table><tr><td>高校代码</td></tr></table>')).toMatch(/^这是网页（HTML）格式的表格/);
  expect(markupRefusal('<table border=1><tr><td>高校代码</td></tr>')).toMatch(/^这是网页（HTML）格式的表格/);
  expect(markupRefusal('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">')).toMatch(/^这是 Excel 2003 XML 表格/);
  expect(markupRefusal('高校代码,高校名称\nU1,<b>甲</b>')).toBeNull();
  expect(markupRefusal('<备注>,高校代码')).toBeNull();
});

it('refuses the markup saved as .xls with its own message and leaves the warehouse files of the folder alone', async () => {
  const dir = path.join(root, 'data');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'u.csv'), '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n');
  fs.writeFileSync(path.join(dir, '党员导出.xls'), '<html><body><table><tr><td>党员编号</td><td>姓名</td></tr></table></body></html>');
  const warehouse = await openWarehouse(path.join(dir, 'zhixiao.duckdb'));
  try {
    await runIngest(warehouse, [path.join(dir, 'u.csv')], { hashKey: 'k' }); // the .wal and the database now exist
    fs.writeFileSync(path.join(dir, 'zhixiao.duckdb.key'), 'secret\n');
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(report.files.map((f) => [path.basename(f.path), f.status])).toEqual([
      ['u.csv', 'duplicate'],
      ['党员导出.xls', 'refused'],
    ]);
    expect(report.files[1].message).toBe(
      '文件「党员导出.xls」：这是网页（HTML）格式的表格（有的系统把它存为 .xls），不能直接读取：请在 Excel 或 WPS 中打开后另存为 .xlsx 或 CSV 再导入。',
    );
  } finally {
    warehouse.close();
  }
});
