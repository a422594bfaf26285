/**
 * An ingest of a folder of messy exports, end to end: exact counts per table and per
 * quarantine reason, line numbers as a spreadsheet shows them, re-runs that change
 * nothing, a changed export counted as updates, and an orphan loaded once its parent
 * arrives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { readStatus } from '../../warehouse/status.ts';
import { exitCodeOf, type IngestReport } from '../../ingest/report.ts';
import { EXPECTED, writeMessyExports } from './messy-exports.ts';
import { writeMinimalParents } from './minimal-parents.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-run-'));
const exports = path.join(root, 'exports');
let warehouse: Warehouse;
let first: IngestReport;

async function query(sql: string, params?: Record<string, string>) {
  const c = await warehouse.connect();
  try {
    return (await c.runAndReadAll(sql, params)).getRowObjectsJson();
  } finally {
    c.closeSync();
  }
}

async function snapshot() {
  const status = await readStatus(warehouse);
  const activities = await query('select * exclude (run_id) from activities order by activity_id');
  const attendance = await query('select * exclude (run_id) from attendance order by activity_id, member_id');
  return { tables: status.tables, quarantined: status.quarantined, activities, attendance };
}

beforeAll(async () => {
  await writeMessyExports(exports);
  warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
  first = await runIngest(warehouse, [exports], { hashKey: 'test-key' });
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a first ingest of messy exports', () => {
  it('loads exactly the valid rows of every table', async () => {
    expect((await readStatus(warehouse)).tables).toEqual(EXPECTED.tables);
  });

  it('quarantines each bad row once, with its reason', async () => {
    const rows = await query('select reason_code, count(*)::integer as n from quarantine group by 1 order by 1');
    expect(Object.fromEntries(rows.map((r) => [r.reason_code, r.n]))).toEqual(EXPECTED.quarantineByReason);
    expect(first.quarantined).toHaveLength(12);
    // a row under a quarantined parent says which parent record, once
    const underParent = await query("select table_name, reason from quarantine where reason_code = 'parent_quarantined' order by 1");
    expect(underParent).toEqual([
      { table_name: 'attendance', reason: '「活动编号」(activity_id)引用的组织生活记录本身已被隔离，本行随之隔离（上级记录修正后自动重试）' },
      { table_name: 'members', reason: '「所在支部代码」(branch_code)引用的党组织记录本身已被隔离，本行随之隔离（上级记录修正后自动重试）' },
    ]);
  });

  it('reports file, sheet, line, column, value and a Chinese reason for quarantined rows', () => {
    const byValue = (value: string) => first.quarantined.find((q) => q.value === value)!;
    expect(byValue('座谈会')).toMatchObject({ path: path.join(exports, 'b_三会一课.csv'), sheet: null, line: 6, column: 'activity_type' });
    expect(byValue('座谈会').reason).toContain('不是有效的「活动类型」');
    expect(byValue('2024-13-01')).toMatchObject({ line: 7, column: 'started_at' });
    expect(byValue('群众')).toMatchObject({ path: path.join(exports, 'members_export.tsv'), line: 7, column: 'member_status' });
    expect(byValue('M99')).toMatchObject({ line: 5, column: 'member_id' });
    expect(byValue('M99').reason).toContain('不存在');
    expect(byValue('C01')).toMatchObject({ line: 8, column: 'branch_code' });
    const dup = first.quarantined.find((q) => q.reason.includes('重复'))!;
    expect(dup).toMatchObject({ line: 8, column: 'activity_id', value: 'A01' });
    expect(dup.reason).toContain('以第 2 行为准');
    const category = first.quarantined.find((q) => q.column === 'branch_category')!;
    expect(category).toMatchObject({ path: path.join(exports, '党组织导出_20240105.xlsx'), sheet: '党支部', line: 6, value: null });
  });

  it('gives one report entry per file and per matching sheet, and refuses what it cannot read', () => {
    const status = Object.fromEntries(first.files.map((f) => [`${path.basename(f.path)}${f.sheet ? `#${f.sheet}` : ''}`, f.status]));
    expect(status).toEqual({
      'a_attendance.txt': 'loaded',
      'b_三会一课.csv': 'loaded',
      'c_列席督导.csv': 'loaded',
      'd_整改清单.csv': 'loaded',
      'e_典型案例.csv': 'loaded',
      'f_述职评议.csv': 'loaded',
      'g_缺列.csv': 'refused',
      'members_export.tsv': 'loaded',
      'readme.txt': 'refused',
      'z_高校名单.csv': 'loaded',
      'zz_高校名单_副本.csv': 'duplicate',
      '党组织导出_20240105.xlsx#高校与院系': 'loaded',
      '党组织导出_20240105.xlsx#党支部': 'loaded',
    });
    expect(first.files.find((f) => f.path.endsWith('zz_高校名单_副本.csv'))!.table).toBe('universities');
    const missing = first.files.find((f) => f.path.endsWith('g_缺列.csv'))!;
    expect(missing.table).toBe('activities');
    expect(missing.message).toContain('活动主题 (title)');
    expect(missing.message).toContain('开始时间 (started_at)');
    expect(missing.message).toContain('g_缺列.csv'); // a refusal names its file
    expect(exitCodeOf(first)).toBe(1);
    const activities = first.files.find((f) => f.path.endsWith('b_三会一课.csv'))!;
    expect(activities).toMatchObject({ rows_read: 7, rows_loaded: 3, rows_updated: 0, rows_quarantined: 4 });
    expect(activities.message).toContain('备注');
  });

  it('normalises values: full-width codes, Chinese dates, synonyms, tags, masked names, hashed IDs', async () => {
    const [a01] = await query("select branch_code, activity_type, title, strftime(started_at, '%Y-%m-%d %H:%M') as s, content_tags::varchar as tags, line from activities where activity_id = 'A01'");
    expect(a01).toEqual({ branch_code: 'BR01', activity_type: '支部党员大会', title: '学习贯彻\n二十大精神', s: '2024-05-06 14:30', tags: '[理论学习, 政治教育]', line: 2 });
    const [a03] = await query("select mode, line from activities where activity_id = 'A03'");
    expect(a03).toEqual({ mode: '线上线下结合', line: 5 });
    const members = await query('select member_id, name, id_hash is not null as hashed, is_leading_cadre, branch_role from members order by 1');
    expect(members).toEqual([
      { member_id: 'M01', name: '张*华', hashed: true, is_leading_cadre: false, branch_role: '书记' },
      { member_id: 'M02', name: '𠮷*华', hashed: true, is_leading_cadre: false, branch_role: '无' },
      { member_id: 'M03', name: '欧**娜', hashed: false, is_leading_cadre: false, branch_role: '委员' },
      { member_id: 'M04', name: '李*', hashed: false, is_leading_cadre: true, branch_role: '无' },
    ]);
    const [br01] = await query("select established_on::varchar as e, is_contact_point, dual_leader_secretary from org_units where org_code = 'BR01'");
    expect(br01).toEqual({ e: '2024-04-15', is_contact_point: true, dual_leader_secretary: false });
    const [u02] = await query("select city, level from universities where university_code = 'U02'");
    expect(u02).toEqual({ city: '芜湖', level: '专科' });
    const [k01] = await query("select quarter, selection from cases where case_id = 'K01'");
    expect(k01).toEqual({ quarter: '2024Q2', selection: '省级优秀' });
    const [status] = await query("select attendance_status from attendance where activity_id = 'A01' and member_id = 'M03'");
    expect(status.attendance_status).toBe('出席');
  });

  it('never keeps a name in clear or an ID number, in the tables or in quarantine', async () => {
    const c = await warehouse.connect();
    await c.run('checkpoint');
    c.closeSync();
    const bytes = fs.readFileSync(path.join(root, 'w.duckdb'));
    for (const secret of ['340102199001011234', '34010219900202123X', '张三华', '王五', '钱七']) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const raw = await query("select raw::varchar as raw from quarantine where table_name = 'members'");
    expect(raw.map((r) => String(r.raw)).join()).not.toMatch(/王五|赵六|钱七/);
  });

  it('records where every row came from', async () => {
    const rows = await query(`
      select s.path, s.sheet, a.line from activities a join source_files s using (file_id) where a.activity_id = 'A02'`);
    expect(rows).toEqual([{ path: path.join(exports, 'b_三会一课.csv'), sheet: null, line: 3 }]);
  });
});

describe('running again', () => {
  it('changes nothing when the same files come again: every file is a duplicate', async () => {
    const before = await snapshot();
    const again = await runIngest(warehouse, [exports], { hashKey: 'test-key' });
    expect(new Set(again.files.map((f) => f.status))).toEqual(new Set(['duplicate', 'refused']));
    // a duplicate says which table its first copy held (one table; a workbook of several: null)
    const tableOf = (suffix: string) => again.files.find((f) => f.path.endsWith(suffix))!.table;
    expect([tableOf('b_三会一课.csv'), tableOf('z_高校名单.csv'), tableOf('党组织导出_20240105.xlsx')]).toEqual(['activities', 'universities', 'org_units']);
    // a workbook's copy has an entry per sheet its first copy loaded (cli.md: one entry per sheet)
    const workbook = again.files.filter((f) => f.path.endsWith('党组织导出_20240105.xlsx')).map((f) => [f.sheet, f.table, f.status]);
    expect(workbook).toEqual([
      ['高校与院系', 'org_units', 'duplicate'],
      ['党支部', 'org_units', 'duplicate'],
    ]);
    expect(again.quarantined).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('counts changed rows of a later export as updates and new keys as loads', async () => {
    const later = path.join(root, 'later');
    fs.mkdirSync(later);
    fs.writeFileSync(
      path.join(later, '三会一课_第二次导出.csv'),
      [
        '活动编号,支部代码,活动类型,活动主题,开始时间,结束时间',
        'A01,BR01,支部党员大会,"学习贯彻\n二十大精神",2024-05-06 14:30,2024-05-06 16:00', // same as loaded
        'A02,BR01,支部委员会会议,月度工作（修订）,2024-05-20 09:00,', // title changed; this export has no 形式 column
        'A07,BR01,主题党日,新的一次,2024-06-01 09:00,2024-06-01 11:00',
      ].join('\n') + '\n',
    );
    const report = await runIngest(warehouse, [later], { hashKey: 'test-key' });
    expect(report.files[0]).toMatchObject({ status: 'loaded', rows_read: 3, rows_loaded: 1, rows_updated: 1, rows_quarantined: 0 });
    const [a02] = await query("select title, mode from activities where activity_id = 'A02'");
    // a column the later export lacks keeps its stored value instead of being wiped
    expect(a02).toEqual({ title: '月度工作（修订）', mode: '线上' });
    const [a07] = await query("select mode, content_tags::varchar as tags from activities where activity_id = 'A07'");
    expect(a07).toEqual({ mode: '线下', tags: '[]' });
    expect((await readStatus(warehouse)).tables.activities).toBe(4);
  });

  it('loads a quarantined orphan once its parent arrives in a later run', async () => {
    const fix = path.join(root, 'fix');
    fs.mkdirSync(fix);
    fs.writeFileSync(path.join(fix, '补录党员.csv'), '党员编号,姓名,党员类别,所在支部代码\nM99,孙九,正式党员,BR01\n');
    const report = await runIngest(warehouse, [fix], { hashKey: 'test-key' });
    expect(report.retried_loaded).toBe(1);
    const rows = await query("select line from attendance where member_id = 'M99'");
    expect(rows).toEqual([{ line: 5 }]);
    const [q] = await query("select resolved_run_id from quarantine where value = 'M99'");
    expect(q.resolved_run_id).toBe(report.run_id);
    expect((await readStatus(warehouse)).quarantined).toBe(11);
  });
});

/** `work` on a warehouse of its own under the test folder, closed afterwards whatever happens. */
async function withOwnWarehouse(name: string, work: (own: Warehouse) => Promise<void>): Promise<void> {
  const own = await openWarehouse(path.join(root, `${name}.duckdb`));
  try {
    await work(own);
  } finally {
    own.close();
  }
}

describe('a text file the CSV reader cannot take apart', () => {
  it('is read with its quotes as text when it quotes nothing as CSV does, its lines right', async () => {
    const dir = path.join(root, 'quotes-as-text');
    writeMinimalParents(dir);
    // A writer that does not quote cells (Excel would write """两学一做""专题"), tab-separated,
    // blank lines between; the bad type on line 6 keeps its line.
    fs.writeFileSync(
      path.join(dir, 'a1.tsv'),
      '活动编号\t支部代码\t活动类型\t活动主题\t开始时间\r\nA1\tB1\t主题党日\t"两学一做"专题\t2024-03-05 14:00\r\n\r\nA2\tB1\t党课\t学习"四史\t2024-03-06 14:00\r\n\r\nA3\tB1\t座谈\t交流\t2024-03-07 14:00\r\n',
    );
    await withOwnWarehouse('quotes-as-text', async (own) => {
      const report = await runIngest(own, [dir], { hashKey: 'k' });
      expect(report.files.map((f) => [path.basename(f.path), f.status, f.rows_loaded, f.rows_quarantined])).toEqual([
        ['a1.tsv', 'loaded', 2, 1],
        ['o.csv', 'loaded', 2, 0],
        ['u.csv', 'loaded', 1, 0],
      ]);
      expect(report.files[0].message).toBe('识别为「组织生活记录」（UTF-8）；单元格中的英文双引号不合 CSV 规则，已按原文读取');
      expect(report.quarantined.map((q) => [q.line, q.column, q.value])).toEqual([[6, 'activity_type', '座谈']]);
      const c = await own.connect();
      const stored = (await c.runAndReadAll('select activity_id, title, line from activities order by 1')).getRows();
      c.closeSync();
      expect(stored).toEqual([
        ['A1', '"两学一做"专题', 2],
        ['A2', '学习"四史', 4],
      ]);
    });
  });

  it('is refused alone when it also quotes cells as CSV does, with its line and what to do; the run\'s other files load', async () => {
    const dir = path.join(root, 'bad-quote');
    writeMinimalParents(dir);
    // A quote opened and not closed as CSV does, beside a cell quoted as CSV does: which quotes
    // are text cannot be told.
    fs.writeFileSync(
      path.join(dir, 'a1.csv'),
      '活动编号,支部代码,活动类型,活动主题,开始时间\nA1,B1,主题党日,"两学一做"专题,2024-03-05 14:00\nA0,B1,主题党日,"学习,讨论",2024-03-04 14:00\n',
    );
    fs.writeFileSync(path.join(dir, 'a2.csv'), '活动编号,支部代码,活动类型,活动主题,开始时间\nA2,B1,主题党日,学习,2024-03-06 14:00\n');
    await withOwnWarehouse('bad-quote', async (own) => {
      const report = await runIngest(own, [dir], { hashKey: 'k' });
      expect(report.files.map((f) => [path.basename(f.path), f.status, f.rows_loaded])).toEqual([
        ['a1.csv', 'refused', 0],
        ['a2.csv', 'loaded', 1],
        ['o.csv', 'loaded', 2],
        ['u.csv', 'loaded', 1],
      ]);
      // the line is not quoted: an export's line holds names and ID numbers in clear
      expect(report.files[0].message).toMatch(/^文件「a1\.csv」：第 2 行无法按 CSV 格式读取，整个文件未导入/);
      expect(exitCodeOf(report)).toBe(1);
      const c = await own.connect();
      const stored = (await c.runAndReadAll("select activity_id from activities order by 1")).getRows();
      const entry = (await c.runAndReadAll("select status, message from source_files where path like '%a1.csv'")).getRows();
      c.closeSync();
      expect(stored).toEqual([['A2']]);
      expect(entry).toEqual([['refused', report.files[0].message]]);
    });
  });
});

describe('a header that names a column twice', () => {
  it('reads the first cell and says the second was ignored as a repeat, not as an unknown column', async () => {
    const dir = path.join(root, 'twice');
    writeMinimalParents(dir);
    fs.writeFileSync(path.join(dir, 'a.csv'), '活动编号,支部代码,活动类型,活动主题,开始时间,活动时间,备注\nA1,B1,主题党日,学习,2024-03-05 14:00,2024-04-01 09:00,x\n');
    await withOwnWarehouse('twice', async (own) => {
      const report = await runIngest(own, [dir], { hashKey: 'k' });
      const file = report.files.find((f) => f.path.endsWith('a.csv'))!;
      expect(file.message).toBe('识别为「组织生活记录」（UTF-8）；已忽略未知列：备注；已忽略重复的列：活动时间（与「开始时间」同为 started_at，读取在前的「开始时间」）');
      const c = await own.connect();
      const [started] = (await c.runAndReadAll("select started_at::varchar from activities where activity_id = 'A1'")).getRows()[0]!;
      c.closeSync();
      expect(started).toBe('2024-03-05 14:00:00');
    });
  });
});

describe('an orphan whose parent arrives but is of the wrong kind', () => {
  it('says the new reason in quarantine and waits no more', async () => {
    const first = path.join(root, 'kind-1');
    writeMinimalParents(first);
    fs.writeFileSync(path.join(first, 'm.csv'), '党员编号,姓名,党员类别,所在支部代码\nM1,张三华,正式党员,B1\nM2,李四,正式党员,CX\n');
    await withOwnWarehouse('kind', async (own) => {
      await runIngest(own, [first], { hashKey: 'k' });
      const second = path.join(root, 'kind-2');
      fs.mkdirSync(second);
      fs.writeFileSync(path.join(second, 'o.csv'), '组织代码,组织名称,组织类型,上级组织代码,高校代码\nCX,某学院党委,院系党委,U1P,U1\n');
      const report = await runIngest(own, [second], { hashKey: 'k' });
      expect(report.retried_loaded).toBe(0);
      const c = await own.connect();
      const kept = (await c.runAndReadAll("select column_name, value, reason_code, reason, retry, resolved_run_id from quarantine where table_name = 'members'")).getRowObjectsJson();
      c.closeSync();
      expect(kept).toEqual([
        { column_name: 'branch_code', value: 'CX', reason_code: 'bad_parent', reason: '「所在支部代码」(branch_code)必须是党支部', retry: false, resolved_run_id: null },
      ]);
    });
  });
});
