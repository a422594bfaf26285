/**
 * A re-export without an optional column keeps the loaded value of that column, so the rules
 * between two columns are checked on the row the update would leave: the new value of one
 * against the kept value of the other. A row that would break a rule is quarantined and the
 * loaded row stays; a row that keeps the rules is updated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import type { IngestReport } from '../../ingest/report.ts';
import { rows } from './warehouse-rows.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-kept-'));
let warehouse: Warehouse;
let report: IngestReport;

function write(dir: string, files: Record<string, string[]>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, lines] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
  return dir;
}

beforeAll(async () => {
  warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
  const first = write(path.join(root, 'first'), {
    'u.csv': ['高校代码,高校名称,所在地市', 'U1,甲,合肥'],
    'o.csv': [
      '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别,成立日期,撤销日期',
      'U1P,甲党委,高校党委,,U1,,,',
      'B1,一支部,党支部,U1P,U1,学生,2020-01-01,',
      'B2,二支部,党支部,U1P,U1,学生,2020-01-01,',
      'B3,三支部,党支部,U1P,U1,学生,2020-01-01,2024-12-31',
      'B4,四支部,党支部,U1P,U1,学生,2020-01-01,2024-12-31',
      'G1,一支部第一党小组,党小组,B1,U1,,,',
    ],
    'm.csv': ['党员编号,姓名,党员类别,所在支部代码,党小组代码', 'M1,张三华,正式党员,B1,G1', 'M2,李四,正式党员,B1,G1'],
    'a.csv': [
      '活动编号,支部代码,活动类型,活动主题,开始时间,结束时间',
      'A1,B1,党课,t,2024-03-05 14:00,2024-03-05 16:30',
      'A2,B1,党课,t,2024-03-06 14:00,2024-03-06 16:30',
    ],
  });
  const firstReport = await runIngest(warehouse, [first], { hashKey: 'k' });
  expect(firstReport.quarantined).toEqual([]);
  // The re-exports lack 撤销日期, 结束时间 and 党小组代码.
  const second = write(path.join(root, 'second'), {
    'o2.csv': [
      '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别,成立日期',
      'B3,三支部,党支部,U1P,U1,离退休,2025-06-01', // founded after its kept 撤销日期
      'B4,四支部,党支部,U1P,U1,离退休,2021-06-01', // fine
    ],
    'm2.csv': [
      '党员编号,姓名,党员类别,所在支部代码',
      'M1,张三华,正式党员,B2', // its kept group G1 is B1's
      'M2,李四,预备党员,B1', // same branch: fine
    ],
    'a2.csv': [
      '活动编号,支部代码,活动类型,活动主题,开始时间',
      'A1,B1,党课,t,2024-03-05 18:00', // after its kept 结束时间
      'A2,B1,党课,t2,2024-03-06 15:00', // fine
    ],
  });
  report = await runIngest(warehouse, [second], { hashKey: 'k' });
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it('quarantines each row that would break a rule with the kept value, naming the kept value', () => {
  const q = report.quarantined.map((r) => ({ file: path.basename(r.path), line: r.line, column: r.column, value: r.value, reason: r.reason })).sort((a, b) => a.file.localeCompare(b.file));
  expect(q).toEqual([
    {
      file: 'a2.csv',
      line: 2,
      column: 'started_at',
      value: '2024-03-05 18:00',
      reason: '「结束时间」(ended_at)早于「开始时间」(started_at)：本文件没有「结束时间」(ended_at)列，沿用已导入的值「2024-03-05 16:30:00」；请在导出时带上这一列，或更正本行',
    },
    {
      file: 'm2.csv',
      line: 2,
      column: 'branch_code',
      value: 'B2',
      reason: '「党小组代码」(group_code)不是「所在支部代码」(branch_code)下属的党小组：本文件没有「党小组代码」(group_code)列，沿用已导入的值「G1」；请在导出时带上这一列，或更正本行',
    },
    {
      file: 'o2.csv',
      line: 2,
      column: 'established_on',
      value: '2025-06-01',
      reason: '「撤销日期」(dissolved_on)早于「成立日期」(established_on)：本文件没有「撤销日期」(dissolved_on)列，沿用已导入的值「2024-12-31」；请在导出时带上这一列，或更正本行',
    }
  ]);
  expect(report.files.map((f) => [path.basename(f.path), f.rows_updated, f.rows_quarantined]).sort()).toEqual([
    ['a2.csv', 1, 1],
    ['m2.csv', 1, 1],
    ['o2.csv', 1, 1],
  ]);
});

it('keeps the loaded row of a quarantined update and updates the others, keeping the absent columns', async () => {
  expect(await rows(warehouse, "select org_code, branch_category, established_on::varchar as est, dissolved_on::varchar as dis from org_units where org_code in ('B3', 'B4') order by 1")).toEqual([
    { org_code: 'B3', branch_category: '学生', est: '2020-01-01', dis: '2024-12-31' },
    { org_code: 'B4', branch_category: '离退休', est: '2021-06-01', dis: '2024-12-31' },
  ]);
  expect(await rows(warehouse, 'select member_id, branch_code, group_code, member_status from members order by 1')).toEqual([
    { member_id: 'M1', branch_code: 'B1', group_code: 'G1', member_status: '正式党员' },
    { member_id: 'M2', branch_code: 'B1', group_code: 'G1', member_status: '预备党员' },
  ]);
  expect(await rows(warehouse, 'select activity_id, title, started_at::varchar as s, ended_at::varchar as e from activities order by 1')).toEqual([
    { activity_id: 'A1', title: 't', s: '2024-03-05 14:00:00', e: '2024-03-05 16:30:00' },
    { activity_id: 'A2', title: 't2', s: '2024-03-06 15:00:00', e: '2024-03-06 16:30:00' },
  ]);
});

it('meets a column required on a condition with the kept value when the file lacks it; a new key has none to keep', async () => {
  // 上级组织代码 (required unless 高校党委) and 支部类别 (required for a 党支部) are not in this export.
  const third = write(path.join(root, 'third'), {
    'o3.csv': ['组织代码,组织名称,组织类型,高校代码', 'B1,一支部（更名）,党支部,U1', 'B9,九支部,党支部,U1', 'U9P,乙党委,高校党委,U1'],
  });
  const r = await runIngest(warehouse, [third], { hashKey: 'k' });
  expect(r.quarantined.map((q) => ({ line: q.line, column: q.column, value: q.value, reason: q.reason }))).toEqual([
    {
      line: 3,
      column: 'parent_code',
      value: null,
      reason: '「组织类型」(org_type)不是「高校党委」时必须填写「上级组织代码」(parent_code)：本文件没有「上级组织代码」(parent_code)列，也没有已导入的值可沿用；请在导出时带上这一列',
    },
  ]);
  expect(r.files.map((f) => [f.rows_loaded, f.rows_updated, f.rows_quarantined])).toEqual([[1, 1, 1]]);
  expect(await rows(warehouse, "select org_code, org_name, parent_code, branch_category from org_units where org_code in ('B1', 'B9', 'U9P') order by 1")).toEqual([
    { org_code: 'B1', org_name: '一支部（更名）', parent_code: 'U1P', branch_category: '学生' },
    { org_code: 'U9P', org_name: '乙党委', parent_code: null, branch_category: null },
  ]);
});

it("quarantines a row under a new branch that lacks its 支部类别, as under any quarantined parent", async () => {
  const fourth = write(path.join(root, 'fourth'), {
    'o4.csv': ['组织代码,组织名称,组织类型,上级组织代码,高校代码', 'B8,八支部,党支部,U1P,U1', 'G8,八支部第一党小组,党小组,B8,U1'],
  });
  const r = await runIngest(warehouse, [fourth], { hashKey: 'k' });
  expect(r.quarantined.map((q) => [q.line, q.column, q.value])).toEqual([
    [2, 'branch_category', null],
    [3, 'parent_code', 'B8'],
  ]);
  expect(r.quarantined[1].reason).toMatch(/上级记录.*隔离|隔离.*上级/);
  expect(await rows(warehouse, "select org_code from org_units where org_code in ('B8', 'G8')")).toEqual([]);
});

it('lets an orphan from a file without 支部类别 load with the kept value when its parent comes', async () => {
  // B1 (学生, under U1P) moves under C5, which a later file of the same run brings
  const fifth = write(path.join(root, 'fifth'), {
    'a5.csv': ['组织代码,组织名称,组织类型,上级组织代码,高校代码', 'B1,一支部（更名）,党支部,C5,U1'],
    'b5.csv': ['组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别', 'C5,五院党委,院系党委,U1P,U1,'],
  });
  const r = await runIngest(warehouse, [fifth], { hashKey: 'k' });
  expect(r.quarantined).toEqual([]);
  expect(await rows(warehouse, "select org_code, parent_code, branch_category from org_units where org_code = 'B1'")).toEqual([
    { org_code: 'B1', parent_code: 'C5', branch_category: '学生' },
  ]);
});
