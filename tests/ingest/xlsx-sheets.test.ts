/** A workbook is read sheet by sheet: each matching sheet loads, a sheet missing a column is refused alone. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { exitCodeOf } from '../../ingest/report.ts';
import { cellText, numberText, readWorkbook } from '../../ingest/read/xlsx-file.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-xlsx-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a workbook with several sheets', () => {
  it('loads each matching sheet, refuses a sheet missing a required column, ignores a notes sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('合肥').addRows([['高校代码', '高校名称', '所在地市'], ['U1', '甲', '合肥'], ['U2', '乙', '合肥市']]);
    wb.addWorksheet('芜湖').addRows([['高校代码', '高校名称', '所在地市'], ['U3', '丙', '芜湖']]);
    wb.addWorksheet('缺列').addRows([['高校代码', '所在地市'], ['U4', '合肥']]);
    wb.addWorksheet('说明').addRows([['本文件由平台导出']]);
    const dir = path.join(root, 'in');
    fs.mkdirSync(dir);
    await wb.xlsx.writeFile(path.join(dir, '高校.xlsx'));
    const warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(report.files.map((f) => [f.sheet, f.status, f.rows_loaded])).toEqual([
      ['缺列', 'refused', 0],
      ['合肥', 'loaded', 2],
      ['芜湖', 'loaded', 1],
    ]);
    expect(report.files[0].message).toContain('高校名称 (university_name)');
    // the sheet is refused, not the file: the message must not say the whole file was
    expect(report.files[0].message).toContain('这张工作表未导入（同一文件的其他工作表照常导入）');
    expect(report.files[0].message).not.toContain('整个文件');
    expect(report.files[1].message).toContain('说明');
    expect(exitCodeOf(report)).toBe(1);
    warehouse.close();
  });
});

describe('a template workbook with a sheet of drop-down lists', () => {
  it('passes over the lists (columns of a table but none of its key) beside a data sheet, and refuses them alone', async () => {
    const lists = [['活动类型', '开展形式', '是否有会议记录'], ['支部党员大会', '线下', '是'], ['党课', '线上', '否']];
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('组织生活记录').addRows([['高校代码', '高校名称', '所在地市'], ['U1', '甲', '合肥']]);
    wb.addWorksheet('字典').addRows(lists);
    const dir = path.join(root, 'lists');
    fs.mkdirSync(dir);
    await wb.xlsx.writeFile(path.join(dir, '导入模板.xlsx'));
    const alone = new ExcelJS.Workbook();
    alone.addWorksheet('字典').addRows(lists);
    await alone.xlsx.writeFile(path.join(dir, '只有字典.xlsx'));
    const warehouse = await openWarehouse(path.join(root, 'lists.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    warehouse.close();
    expect(report.files.map((f) => [path.basename(f.path), f.sheet, f.status, f.rows_loaded])).toEqual([
      ['只有字典.xlsx', '字典', 'refused', 0],
      ['导入模板.xlsx', '组织生活记录', 'loaded', 1],
    ]);
    expect(report.files[1].message).toBe('识别为「高校」；未导入不是导出数据的工作表：字典（没有「活动编号」列）');
    expect(report.files[0].message).toContain('缺少必填列：活动编号 (activity_id)');
  });
});

describe('Excel date cells', () => {
  // Excel, WPS and openpyxl write a time of day as the nearest double: 16:00 on 2024-03-05 is
  // 45356.666666666664, a hair below 45356 + 2/3, and the XLSX reader floors it to 15:59:59.999.
  // The contract: a cell showing 16:00 is 16:00 in Asia/Shanghai.
  it('reads a date-time cell as the wall-clock time it shows, to the second', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('活动');
    sheet.addRows([
      ['活动编号', '开始时间', '结束时间', '成立日期'],
      ['A1', 45356.666666666664, 45356.604166666664, 45356],
    ]);
    for (const cell of ['B2', 'C2']) sheet.getCell(cell).numFmt = 'yyyy-mm-dd hh:mm';
    sheet.getCell('D2').numFmt = 'yyyy-mm-dd';
    const file = path.join(root, 'times.xlsx');
    await wb.xlsx.writeFile(file);
    const [read] = await readWorkbook(file);
    expect(read.rows[1].map(cellText)).toEqual(['A1', '2024-03-05 16:00:00', '2024-03-05 14:30:00', '2024-03-05']);
  });
});

describe('number cells', () => {
  it('keeps the digits of a whole number and shows other numbers as Excel does, to 15 significant digits', () => {
    expect(numberText('20240001')).toBe('20240001');
    expect(numberText('123456789012345678')).toBe('123456789012345678'); // past a double's precision
    expect(numberText('340104199001011234')).toBe('340104199001011234');
    expect(numberText('1.23456789012346E+17')).toBe('123456789012346000');
    expect(numberText('0.30000000000000004')).toBe('0.3');
    expect(numberText('12.0')).toBe('12');
    expect(numberText('1.2E1')).toBe('12');
    expect(numberText('45356.666666666664')).toBe('45356.6666666667');
    expect(numberText('-3.5')).toBe('-3.5');
  });

  it('reads number cells of a workbook that way', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('活动').addRows([
      ['活动编号', '活动主题', '开始时间', '实到人数'],
      [20240001, 0.1 + 0.2, 45356.666666666664, 12],
    ]);
    const file = path.join(root, 'numbers.xlsx');
    await wb.xlsx.writeFile(file);
    const [read] = await readWorkbook(file);
    expect(read.rows[1].map(cellText)).toEqual(['20240001', '0.3', '45356.6666666667', '12']);
  });
});

describe('workbooks read by threads of their own', () => {
  it('refuses a file with the ZIP signature that is no workbook, and loads the others of the run', async () => {
    const dir = path.join(root, 'bad-zip');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a-坏.xlsx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('高校').addRows([['高校代码', '高校名称', '所在地市'], ['U1', '甲', '合肥']]);
    await wb.xlsx.writeFile(path.join(dir, 'b-好.xlsx'));
    fs.copyFileSync(path.join(dir, 'b-好.xlsx'), path.join(dir, 'c-副本.xlsx'));
    const warehouse = await openWarehouse(path.join(root, 'bad-zip.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(report.files.map((f) => [path.basename(f.path), f.status, f.rows_loaded])).toEqual([
      ['a-坏.xlsx', 'refused', 0],
      ['b-好.xlsx', 'loaded', 1],
      ['c-副本.xlsx', 'duplicate', 0],
    ]);
    expect(report.files[0].message).toMatch(/^文件「a-坏\.xlsx」：无法读取该 \.xlsx 文件（.+）：请用 Excel 或 WPS 打开后重新保存。$/);
    warehouse.close();
  });
});

describe('a workbook over 1 MiB', () => {
  it('is read on a worker thread from the scan on: every row loads with its line', async () => {
    const dir = path.join(root, 'big');
    fs.mkdirSync(dir);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('高校');
    sheet.addRow(['高校信息表']);
    sheet.addRow(['高校代码', '高校名称', '所在地市']);
    const n = 48_000;
    for (let i = 0; i < n; i++) sheet.addRow([`U${i}`, `示例大学${(i * 7919) % 100_003}号${i}`, i % 2 ? '合肥' : '芜湖市']);
    await wb.xlsx.writeFile(path.join(dir, '高校.xlsx'));
    expect(fs.statSync(path.join(dir, '高校.xlsx')).size).toBeGreaterThan(1024 * 1024);
    fs.writeFileSync(path.join(dir, 'z.csv'), '高校代码,高校名称,所在地市\nV1,甲,合肥\n');
    const warehouse = await openWarehouse(path.join(root, 'big.duckdb'));
    try {
      const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
      expect(report.files.map((f) => [path.basename(f.path), f.sheet, f.status, f.rows_read, f.rows_loaded])).toEqual([
        ['z.csv', null, 'loaded', 1, 1],
        ['高校.xlsx', '高校', 'loaded', n, n],
      ]);
      const c = await warehouse.connect();
      const picked = (await c.runAndReadAll("select university_code, university_name, city, line from universities where university_code in ('U0', 'U47999') order by line")).getRows();
      c.closeSync();
      expect(picked).toEqual([
        ['U0', '示例大学0号0', '芜湖', 3],
        ['U47999', `示例大学${(47_999 * 7919) % 100_003}号47999`, '合肥', n + 2],
      ]);
    } finally {
      warehouse.close();
    }
  });
});
