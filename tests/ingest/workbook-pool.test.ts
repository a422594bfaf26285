/**
 * Workbooks read on worker threads (ingest/read/workbook-pool.ts): each matching sheet lands in a
 * Parquet file with its lines, the first rows come back for the header search, a file that is no
 * workbook comes back as its error, and a thread starts only when the running ones are busy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkbookPool } from '../../ingest/read/workbook-pool.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-pool-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function workbook(name: string, sheets: Record<string, unknown[][]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [sheet, rows] of Object.entries(sheets)) wb.addWorksheet(sheet).addRows(rows);
  const file = path.join(root, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function parquetRows(file: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    return (await c.runAndReadAll('select * from read_parquet($f) order by line', { f: file })).getRows();
  } finally {
    c.closeSync();
  }
}

describe('WorkbookPool', () => {
  it('lands each matching sheet with its lines and returns every sheet\'s first rows', async () => {
    const a = await workbook('a.xlsx', {
      说明: [['本表由平台导出']],
      高校: [['高校信息'], ['高校代码', '高校名称', '所在地市'], ['U1', '甲', '合肥'], ['U2', '乙', 45356]],
    });
    const b = await workbook('b.xlsx', { 高校: [['高校代码', '高校名称', '所在地市'], ['U3', '丙', '芜湖']] });
    const pool = new WorkbookPool(2);
    try {
      const [ra, rb] = await Promise.all([pool.land(a, path.join(root, 'out-a')), pool.land(b, path.join(root, 'out-b'))]);
      expect(pool.started).toBe(2);
      expect(ra).toEqual({
        sheets: [
          { name: '说明', head: [['本表由平台导出']], file: null },
          {
            name: '高校',
            head: [['高校信息', null, null], ['高校代码', '高校名称', '所在地市'], ['U1', '甲', '合肥'], ['U2', '乙', '45356']],
            file: path.join(root, 'out-a-1.parquet'),
          },
        ],
      });
      // line = the spreadsheet row; cells below the header only
      expect(await parquetRows(path.join(root, 'out-a-1.parquet'))).toEqual([
        [3, 'U1', '甲', '合肥'],
        [4, 'U2', '乙', '45356'],
      ]);
      expect(rb).toEqual({ sheets: [{ name: '高校', head: [['高校代码', '高校名称', '所在地市'], ['U3', '丙', '芜湖']], file: path.join(root, 'out-b-0.parquet') }] });
    } finally {
      await pool.close();
    }
  });

  it('answers a file that is no workbook with its error, and starts one thread for workbooks that come one at a time', async () => {
    const bad = path.join(root, 'bad.xlsx');
    fs.writeFileSync(bad, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]));
    const good = await workbook('c.xlsx', { 高校: [['高校代码', '高校名称', '所在地市'], ['U1', '甲', '合肥']] });
    const pool = new WorkbookPool(2);
    try {
      const result = await pool.land(bad, path.join(root, 'out-bad'));
      expect('error' in result && result.error.length > 0).toBe(true);
      const landed = await pool.land(good, path.join(root, 'out-c'));
      expect('sheets' in landed ? landed.sheets.map((sheet) => sheet.name) : landed).toEqual(['高校']);
      expect(pool.started).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
