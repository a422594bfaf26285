/**
 * A key repeated inside one file (data-contract.md: "the first row loads, each later one is
 * quarantined"): the first row with the key stands whether or not it is valid, and the
 * sheets of one workbook are one file — in one batch or, when their columns differ, in
 * several.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { rows } from './warehouse-rows.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-repeat-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const ACTIVITY_HEADER = ['活动编号', '支部代码', '活动类型', '活动主题', '开始时间'];

/** A folder with a university and its branch B1, the parents of activities. */
function folderWithParents(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, '0_u.csv'), '高校代码,高校名称,所在地市\nU1,甲,合肥\n');
  fs.writeFileSync(path.join(dir, '1_o.csv'), '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别\nU1P,甲党委,高校党委,,U1,\nB1,一支部,党支部,U1P,U1,学生\n');
  return dir;
}

const quarantinedActivities = (warehouse: Warehouse) =>
  rows(warehouse, "select sheet, line, reason_code, reason from quarantine where table_name = 'activities' order by file_id, line");

describe('a repeated key of two columns', () => {
  it('shows the key cells as read, each key column in turn', async () => {
    const dir = folderWithParents('two-columns');
    fs.writeFileSync(path.join(dir, '2_e.csv'), '年度,支部代码,评定等次\n2023,B1,好\n2023.0,Ｂ1,较好\n');
    const warehouse = await openWarehouse(path.join(root, 'two-columns.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(report.quarantined.map((q) => [q.line, q.column, q.value])).toEqual([[3, 'year', '2023.0 / Ｂ1']]);
    warehouse.close();
  });
});

describe('a key repeated inside one text file', () => {
  it('lets the first row stand even when it is bad: the later valid row is quarantined, nothing loads for the key', async () => {
    const dir = folderWithParents('text');
    fs.writeFileSync(
      path.join(dir, '2_a.csv'),
      [
        ACTIVITY_HEADER.join(','),
        'A0,B1,党课,其他,2024-05-01 09:00', // line 2
        'A1,B1,座谈会,第一次,2024-05-02 09:00', // line 3: bad activity_type
        'A2,B1,党课,其他,2024-05-03 09:00',
        'A3,B1,党课,其他,2024-05-04 09:00',
        ',B1,党课,没有编号,2024-05-05 09:00', // line 6: no key, not a repeat of anything
        'A1,B1,党课,第二次,2024-05-06 09:00', // line 7: valid, but A1 is line 3's
        'A1,B1,党课,第三次,2024-13-01', // line 8: a bad date too; a repeated key all the same
        ',B1,党课,没有编号,2024-05-05 09:00', // line 9: no key either
      ].join('\n') + '\n',
    );
    const warehouse = await openWarehouse(path.join(root, 'text.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    const file = report.files.find((f) => f.path.endsWith('2_a.csv'))!;
    expect([file.rows_read, file.rows_loaded, file.rows_quarantined]).toEqual([8, 3, 5]);
    expect(await rows(warehouse, 'select activity_id, title from activities order by 1')).toEqual([
      { activity_id: 'A0', title: '其他' },
      { activity_id: 'A2', title: '其他' },
      { activity_id: 'A3', title: '其他' },
    ]);
    const q = await quarantinedActivities(warehouse);
    expect(q.map((r) => [r.line, r.reason_code])).toEqual([
      [3, 'bad_value'],
      [6, 'required'],
      [7, 'duplicate_key'],
      [8, 'duplicate_key'],
      [9, 'required'],
    ]);
    expect(q[0]!.reason).toContain('不是有效的「活动类型」(activity_type)');
    expect(q[2]!.reason).toBe('记录键「活动编号」(activity_id)在本文件中重复，以第 3 行为准');
    expect(q[3]!.reason).toBe('记录键「活动编号」(activity_id)在本文件中重复，以第 3 行为准');
    warehouse.close();
  });
});

describe('the sheets of one workbook are one file', () => {
  async function writeWorkbook(file: string, sheets: { name: string; rows: (string | null)[][] }[]): Promise<void> {
    const wb = new ExcelJS.Workbook();
    for (const sheet of sheets) wb.addWorksheet(sheet.name).addRows(sheet.rows);
    await wb.xlsx.writeFile(file);
  }

  it('loads the first sheet’s row of a key and quarantines the later sheet’s (one batch)', async () => {
    const dir = folderWithParents('sheets');
    await writeWorkbook(path.join(dir, '2_活动.xlsx'), [
      { name: 'S1', rows: [ACTIVITY_HEADER, ['A1', 'B1', '党课', '第一页', '2024-05-01 09:00'], ['A2', 'B1', '党课', '其他', '2024-05-02 09:00']] },
      { name: 'S2', rows: [ACTIVITY_HEADER, ['A3', 'B1', '党课', '其他', '2024-05-03 09:00'], ['A1', 'B1', '党课', '第二页', '2024-05-04 09:00']] },
    ]);
    const warehouse = await openWarehouse(path.join(root, 'sheets.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(report.files.filter((f) => f.table === 'activities').map((f) => [f.sheet, f.rows_read, f.rows_loaded, f.rows_updated, f.rows_quarantined])).toEqual([
      ['S1', 2, 2, 0, 0],
      ['S2', 2, 1, 0, 1],
    ]);
    expect(await rows(warehouse, 'select activity_id, title from activities order by 1')).toEqual([
      { activity_id: 'A1', title: '第一页' },
      { activity_id: 'A2', title: '其他' },
      { activity_id: 'A3', title: '其他' },
    ]);
    expect(await quarantinedActivities(warehouse)).toEqual([
      { sheet: 'S2', line: 3, reason_code: 'duplicate_key', reason: '记录键「活动编号」(activity_id)在本文件中重复，以工作表「S1」第 2 行为准' },
    ]);
    warehouse.close();
  });

  it('holds when the sheets have different columns (checked in separate batches), also against a row stored before', async () => {
    const dir = folderWithParents('columns');
    fs.writeFileSync(path.join(dir, '2_a.csv'), [ACTIVITY_HEADER.join(','), 'A1,B1,党课,早先,2024-05-01 09:00'].join('\n') + '\n');
    const warehouse = await openWarehouse(path.join(root, 'columns.duckdb'));
    await runIngest(warehouse, [dir], { hashKey: 'k' });

    // A later export: S1 repeats the stored A1 unchanged (nothing to write), S2 — with one more
    // column, so in a batch of its own — holds A1 again, changed, and A4 twice.
    const later = path.join(root, 'columns-later');
    fs.mkdirSync(later);
    await writeWorkbook(path.join(later, '活动.xlsx'), [
      { name: 'S1', rows: [ACTIVITY_HEADER, ['A1', 'B1', '党课', '早先', '2024-05-01 09:00'], ['A4', 'B1', '座谈会', '坏类型', '2024-05-02 09:00']] },
      {
        name: 'S2',
        rows: [
          [...ACTIVITY_HEADER, '结束时间'],
          ['A1', 'B1', '党课', '改了', '2024-05-01 09:00', '2024-05-01 10:00'],
          ['A4', 'B1', '党课', '好类型', '2024-05-02 09:00', null],
          ['A5', 'B1', '党课', '其他', '2024-05-03 09:00', null],
        ],
      },
    ]);
    const report = await runIngest(warehouse, [later], { hashKey: 'k' });
    expect(report.files.map((f) => [f.sheet, f.rows_read, f.rows_loaded, f.rows_updated, f.rows_quarantined])).toEqual([
      ['S1', 2, 0, 0, 1],
      ['S2', 3, 1, 0, 2],
    ]);
    expect(await rows(warehouse, 'select activity_id, title from activities order by 1')).toEqual([
      { activity_id: 'A1', title: '早先' },
      { activity_id: 'A5', title: '其他' },
    ]);
    expect((await quarantinedActivities(warehouse)).map((r) => [r.sheet, r.line, r.reason_code, r.reason])).toEqual([
      ['S1', 3, 'bad_value', expect.stringContaining('「活动类型」')],
      ['S2', 2, 'duplicate_key', '记录键「活动编号」(activity_id)在本文件中重复，以工作表「S1」第 2 行为准'],
      ['S2', 3, 'duplicate_key', '记录键「活动编号」(activity_id)在本文件中重复，以工作表「S1」第 3 行为准'],
    ]);
    warehouse.close();
  });

  it('lets a key in two different files follow the later-file rule, and retried orphans stay out of the check', async () => {
    const dir = folderWithParents('files');
    fs.writeFileSync(path.join(dir, '2_a.csv'), [ACTIVITY_HEADER.join(','), 'A1,B1,党课,先,2024-05-01 09:00', 'A9,B9,党课,孤儿,2024-05-01 09:00'].join('\n') + '\n');
    fs.writeFileSync(path.join(dir, '3_a.csv'), [ACTIVITY_HEADER.join(','), 'A1,B1,党课,后,2024-05-01 09:00'].join('\n') + '\n');
    const warehouse = await openWarehouse(path.join(root, 'files.duckdb'));
    await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(await rows(warehouse, 'select activity_id, title from activities order by 1')).toEqual([{ activity_id: 'A1', title: '后' }]);
    // B9 arrives; the orphan A9 is retried, and a new file also holds A9: the file has the last word.
    const later = path.join(root, 'files-later');
    fs.mkdirSync(later);
    fs.writeFileSync(path.join(later, 'o.csv'), '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别\nB9,九支部,党支部,U1P,U1,学生\n');
    fs.writeFileSync(path.join(later, 'a.csv'), [ACTIVITY_HEADER.join(','), 'A9,B9,党课,新文件,2024-05-01 09:00'].join('\n') + '\n');
    await runIngest(warehouse, [later], { hashKey: 'k' });
    expect(await rows(warehouse, 'select activity_id, title from activities order by 1')).toEqual([
      { activity_id: 'A1', title: '后' },
      { activity_id: 'A9', title: '新文件' },
    ]);
    expect(await rows(warehouse, "select count(*)::integer as n from quarantine where reason_code = 'duplicate_key'")).toEqual([{ n: 0 }]);
    warehouse.close();
  });
});
