/**
 * Workbooks as other tools write them (not our demo generator): codes and counts stored as
 * number cells, counts as text in full-width digits, formula cells with cached results,
 * rich text, true/false cells, dates as text in every form of the contract beside date
 * cells with and without a time, a merged title row above the header, padded and
 * full-width header cells, an unknown column, an empty trailing sheet and blank rows at
 * the end. Each stored value is written out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import type { IngestReport } from '../../ingest/report.ts';
import { rows } from './warehouse-rows.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-real-shaped-'));
let warehouse: Warehouse;
let report: IngestReport;

/** A date cell as an XLSX library hands it over: its wall-clock time at UTC. */
const cell = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(Date.UTC(y, m - 1, d, h, min, s));

beforeAll(async () => {
  const dir = path.join(root, 'in');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'u.csv'), '高校代码,高校名称,所在地市\nU1,甲,合肥市\n');

  const orgs = new ExcelJS.Workbook();
  const o = orgs.addWorksheet('党组织');
  o.addRow(['XX大学党组织信息表']);
  o.mergeCells('A1:J1');
  o.addRow([]);
  o.addRow(['组织代码', '组织名称', '组织类型', '上级组织代码', '高校代码', '支部类别', '成立日期', '撤销日期', '是否联系点', '书记是否双带头人']);
  o.addRow(['U1P', '甲党委', '高校党委', null, 'U1', null, '2020-01-01', null, null, null]);
  o.addRow([1001, '一支部', '党支部', 'U1P', 'U1', '学生', cell(2021, 3, 5), cell(2024, 3, 5, 14, 30), true, false]);
  o.addRow(['B2', '二支部', '党支部', 'U1P', 'U1', '教工', '2021/3/5', '2024年3月5日', '是', '否']);
  o.addRow(['B3', '三支部', '党支部', 'U1P', 'U1', '学生', '2021.3.5', '20240305', '√', '×']);
  o.addRow(['B4', '四支部', '党支部', 'U1P', 'U1', '学生', 44260, '45356', 1, 0]);
  o.addRow([]);
  o.addRow([null, null, '']);
  orgs.addWorksheet('空');
  await orgs.xlsx.writeFile(path.join(dir, '党组织导出.xlsx'));

  const acts = new ExcelJS.Workbook();
  const a = acts.addWorksheet('组织生活');
  a.addRow(['三会一课记录']);
  a.mergeCells('A1:F1');
  a.addRow([' 活动编号 ', '支部代码　', '活动类型', '活动主题', '开始时间', '结束时间', '应到人数', '实到人数', '请假人数', '是否有会议记录', '备注']);
  a.addRow([10023, 1001, '党课', { richText: [{ text: '学习', font: { bold: true } }, { text: '二十大' }] }, cell(2024, 3, 5, 14, 30), '2024年3月5日 16时00分', 12, '１２', { formula: '12-10', result: 2 }, true, 'x']);
  a.addRow(['Ａ２', 'B2', '主题党日', { formula: 'CONCATENATE("主","题")', result: '主题' }, cell(2024, 3, 6), cell(2024, 3, 6, 16, 0, 5), '12', 11, null, false, null]);
  a.addRow(['A3', 'B3', '党员大会', 't3', '2024/3/7 9:05', '2024-03-07T10:00:00', null, null, null, '√', null]);
  a.addRow(['A4', 'B4', '支委会', 't4', 45358.5, '20240308 14:30', null, null, null, '×', null]);
  await acts.xlsx.writeFile(path.join(dir, '活动导出.xlsx'));

  warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
  report = await runIngest(warehouse, [dir], { hashKey: 'k' });
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it('loads every row of the workbooks, reports the unknown column and the sheet without a header', () => {
  const byName = (name: string) => report.files.find((f) => path.basename(f.path) === name)!;
  expect(report.quarantined).toEqual([]);
  expect(byName('党组织导出.xlsx')).toMatchObject({ sheet: '党组织', status: 'loaded', rows_read: 5, rows_loaded: 5 });
  expect(byName('党组织导出.xlsx').message).toContain('空');
  expect(byName('活动导出.xlsx')).toMatchObject({ sheet: '组织生活', status: 'loaded', rows_read: 4, rows_loaded: 4 });
  expect(byName('活动导出.xlsx').message).toContain('备注');
});

it('reads number cells, text dates, date cells and true/false cells as the contract says', async () => {
  expect(
    await rows(
      warehouse,
      `select org_code, established_on::varchar as est, dissolved_on::varchar as dis, is_contact_point, dual_leader_secretary, branch_category, line
       from org_units order by line`,
    ),
  ).toEqual([
    { org_code: 'U1P', est: '2020-01-01', dis: null, is_contact_point: null, dual_leader_secretary: null, branch_category: null, line: 4 },
    { org_code: '1001', est: '2021-03-05', dis: '2024-03-05', is_contact_point: true, dual_leader_secretary: false, branch_category: '学生', line: 5 },
    { org_code: 'B2', est: '2021-03-05', dis: '2024-03-05', is_contact_point: true, dual_leader_secretary: false, branch_category: '教职工', line: 6 },
    { org_code: 'B3', est: '2021-03-05', dis: '2024-03-05', is_contact_point: true, dual_leader_secretary: false, branch_category: '学生', line: 7 },
    { org_code: 'B4', est: '2021-03-05', dis: '2024-03-05', is_contact_point: true, dual_leader_secretary: false, branch_category: '学生', line: 8 },
  ]);
  expect(
    await rows(
      warehouse,
      `select activity_id, branch_code, activity_type, title, started_at::varchar as s, ended_at::varchar as e,
         expected_count, attended_count, leave_count, has_minutes, line
       from activities order by line`,
    ),
  ).toEqual([
    { activity_id: '10023', branch_code: '1001', activity_type: '党课', title: '学习二十大', s: '2024-03-05 14:30:00', e: '2024-03-05 16:00:00', expected_count: 12, attended_count: 12, leave_count: 2, has_minutes: true, line: 3 },
    { activity_id: 'A2', branch_code: 'B2', activity_type: '主题党日', title: '主题', s: '2024-03-06 00:00:00', e: '2024-03-06 16:00:05', expected_count: 12, attended_count: 11, leave_count: null, has_minutes: false, line: 4 },
    { activity_id: 'A3', branch_code: 'B3', activity_type: '支部党员大会', title: 't3', s: '2024-03-07 09:05:00', e: '2024-03-07 10:00:00', expected_count: null, attended_count: null, leave_count: null, has_minutes: true, line: 5 },
    { activity_id: 'A4', branch_code: 'B4', activity_type: '支部委员会会议', title: 't4', s: '2024-03-07 12:00:00', e: '2024-03-08 14:30:00', expected_count: null, attended_count: null, leave_count: null, has_minutes: false, line: 6 },
  ]);
});
