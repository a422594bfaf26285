/**
 * Rows of one file are folded and trimmed only when they need it (a row-level test, see
 * ingest/validate-sql.ts dirtyRowExpression): clean rows must come through unchanged and
 * every kind of dirty row exactly as the cell rules say, side by side in one file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-cells-'));
let warehouse: Warehouse;

beforeAll(async () => {
  const dir = path.join(root, 'in');
  fs.mkdirSync(dir);
  const put = (name: string, lines: string[]) => fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
  put('u.csv', ['高校代码,高校名称,所在地市', 'U1,甲,合肥']);
  put('o.csv', ['组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别', 'U1P,甲党委,高校党委,,U1,', 'B1,一支部,党支部,U1P,U1,学生']);
  put('a.csv', [
    '活动编号,支部代码,活动类型,活动主题,开始时间,应到人数',
    'A1,B1,党课,第一课,2024-05-01 09:00,10', // clean
    'Ａ２,Ｂ１,党课,第二课,２０２４-05-02 09:00,１２', // full-width codes, date and number
    ' A3 ,B1\u3000,党课,  第三课（上） ,2024-05-03 09:00,\u00a08', // spaces of every kind at the ends
    'A4,B1,党课,课\u001f 中,2024-05-04 09:00,', // a unit separator inside a cell, empty count
    'A5,B1,党课,（全角括号）,2024-05-05 09:00,5', // full-width text in a free-text column stays
    // rarer NFKC folds: a small hyphen in a code, a Kangxi radical in an enum (⽀ U+2F40 for 支),
    // circled and superscript digits in a number; free text keeps them
    'A6,B1,⽀部党员大会,第①课,2024-05-06 09:00,①²', // ①² → 12
    'A﹣7,B1,党课,七,2024-05-07 09:00,7',
  ]);
  warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
  await runIngest(warehouse, [dir], { hashKey: 'k' });
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it('folds and trims dirty rows and leaves clean rows as they are', async () => {
  const c = await warehouse.connect();
  const rows = (
    await c.runAndReadAll(
      "select activity_id, branch_code, title, strftime(started_at, '%Y-%m-%d %H:%M') as started, expected_count from activities order by activity_id",
    )
  ).getRows();
  c.closeSync();
  expect(rows).toEqual([
    ['A-7', 'B1', '七', '2024-05-07 09:00', 7],
    ['A1', 'B1', '第一课', '2024-05-01 09:00', 10],
    ['A2', 'B1', '第二课', '2024-05-02 09:00', 12],
    ['A3', 'B1', '第三课（上）', '2024-05-03 09:00', 8],
    ['A4', 'B1', '课\u001f 中', '2024-05-04 09:00', null],
    ['A5', 'B1', '（全角括号）', '2024-05-05 09:00', 5],
    ['A6', 'B1', '第①课', '2024-05-06 09:00', 12],
  ]);
  const c2 = await warehouse.connect();
  const types = (await c2.runAndReadAll("select activity_type from activities where activity_id = 'A6'")).getRows();
  c2.closeSync();
  expect(types).toEqual([['支部党员大会']]);
});
