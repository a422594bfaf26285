/**
 * Line numbers of a large text export: DuckDB reads a file of tens of megabytes in
 * parallel, and a record's line is its position in the typed Parquet file (DuckDB keeps
 * the reader's order through the typing's projections). Small fixtures are read by one
 * thread and cannot tell; these files are large enough for several.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import type { DuckDBConnection } from '@duckdb/node-api';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-line-order-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const ROWS = 1_200_000;
const MEMBERS = 400;

function writeParents(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'u.csv'), '高校代码,高校名称,所在地市\nU1,甲,合肥\n');
  fs.writeFileSync(path.join(dir, 'o.csv'), '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别\nU1P,甲党委,高校党委,,U1,\nB1,一支部,党支部,U1P,U1,学生\n');
  const members = ['党员编号,姓名,党员类别,所在支部代码'];
  for (let i = 0; i < MEMBERS; i++) members.push(`M${i},张三,正式党员,B1`);
  fs.writeFileSync(path.join(dir, 'm.csv'), members.join('\n') + '\n');
  const activities = ['活动编号,支部代码,活动类型,活动主题,开始时间'];
  for (let i = 0; i < ROWS / MEMBERS; i++) activities.push(`A${i},B1,主题党日,第${i}次,2024-03-05 14:00`);
  fs.writeFileSync(path.join(dir, 'a.csv'), activities.join('\n') + '\n');
}

/**
 * Attendance rows whose keys say where they stand: row i names activity A(i / MEMBERS)
 * and member M(i % MEMBERS). Two title lines (one blank) sit above the header; with
 * `blankEvery`, a blank line follows every that many rows.
 */
function writeAttendance(file: string, blankEvery: number | null): void {
  const out: string[] = ['参会记录导出', '', '活动编号,党员编号,参会状态,签到时间,请假事由'];
  for (let i = 0; i < ROWS; i++) {
    // (a long last cell makes the file large enough to be read by several threads)
    out.push(`A${Math.floor(i / MEMBERS)},M${i % MEMBERS},出席,2024-03-05 13:${String(i % 60).padStart(2, '0')},按时签到并参加全程学习讨论`);
    if (blankEvery && i % blankEvery === blankEvery - 1) out.push('');
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
}

describe('line numbers of a large export read in parallel', () => {
  it('gives every row the line it has in the file, with and without blank lines between rows', async () => {
    const parents = path.join(root, 'parents');
    writeParents(parents);
    const plain = path.join(root, 'plain');
    const blanks = path.join(root, 'blanks');
    fs.mkdirSync(plain);
    fs.mkdirSync(blanks);
    writeAttendance(path.join(plain, 'attendance.csv'), null);
    writeAttendance(path.join(blanks, 'attendance.csv'), 100_000);
    expect(fs.statSync(path.join(plain, 'attendance.csv')).size).toBeGreaterThan(60 * 1024 * 1024);

    // The row a stored attendance row is, from its keys; its line must be `lineOf` of it.
    const wrongLines = async (c: DuckDBConnection, lineOf: string) =>
      (
        await c.runAndReadAll(
          `with r as (
             select line, substr(activity_id, 2)::integer * ${MEMBERS} + substr(member_id, 2)::integer as i
             from attendance where file_id = (select max(file_id) from source_files where table_name = 'attendance'))
           select count(*) filter (where line <> ${lineOf}), count(*) from r`,
        )
      ).getRows()[0].map(Number);

    // Row i of the plain file is on line i + 4 (title, blank, header above it).
    const other = await openWarehouse(path.join(root, 'other.duckdb'));
    await runIngest(other, [parents], { hashKey: 'k' });
    const plainRun = await runIngest(other, [plain], { hashKey: 'k' });
    expect(plainRun.files.map((f) => [f.rows_read, f.rows_loaded, f.rows_quarantined])).toEqual([[ROWS, ROWS, 0]]);
    const oc = await other.connect();
    expect(await wrongLines(oc, 'i + 4')).toEqual([0, ROWS]);
    oc.closeSync();
    other.close();

    // With a blank line after every 100,000th row, row i is on line i + 4 + i // 100,000.
    const warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
    await runIngest(warehouse, [parents], { hashKey: 'k' });
    const blanksRun = await runIngest(warehouse, [blanks], { hashKey: 'k' });
    expect(blanksRun.files.map((f) => [f.rows_read, f.rows_loaded, f.rows_quarantined])).toEqual([[ROWS, ROWS, 0]]);
    const c = await warehouse.connect();
    expect(await wrongLines(c, 'i + 4 + i // 100000')).toEqual([0, ROWS]);

    // Changed statuses on rows 1,149,999 and 1,150,000 of the same file (after eleven blank
    // lines): those two rows are updated, with their lines in the new file.
    const changed = path.join(root, 'changed');
    fs.mkdirSync(changed);
    const text = fs.readFileSync(path.join(blanks, 'attendance.csv'), 'utf8').split('\n');
    const row = 1_150_000;
    const lineOf = (i: number) => i + 4 + Math.floor(i / 100_000);
    expect(text[lineOf(row) - 1]).toBe('A2875,M0,出席,2024-03-05 13:40,按时签到并参加全程学习讨论');
    const keysOf = (i: number) => [`A${Math.floor(i / MEMBERS)}`, `M${i % MEMBERS}`];
    text[lineOf(row) - 1] = `${keysOf(row).join(',')},缺席,2024-03-05 13:40,`;
    text[lineOf(row - 1) - 1] = `${keysOf(row - 1).join(',')},请假,2024-03-05 13:39,出差`;
    fs.writeFileSync(path.join(changed, 'attendance.csv'), text.join('\n'));
    const third = await runIngest(warehouse, [changed], { hashKey: 'k' });
    expect(third.files.map((f) => [f.rows_read, f.rows_loaded, f.rows_updated, f.rows_quarantined])).toEqual([[ROWS, 0, 2, 0]]);
    const updated = (
      await c.runAndReadAll(
        `select activity_id, member_id, attendance_status, line from attendance
         where file_id = (select max(file_id) from source_files where table_name = 'attendance') order by line`,
      )
    ).getRows();
    expect(updated).toEqual([
      [...keysOf(row - 1), '请假', lineOf(row - 1)],
      [...keysOf(row), '缺席', lineOf(row)],
    ]);
    c.closeSync();
    warehouse.close();
  }, 120_000);
});
