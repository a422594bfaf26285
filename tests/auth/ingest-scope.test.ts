/**
 * A university user's upload (runIngest with `scope`): its own rows load; another university's
 * rows — new ones, changes to the other's records, rows whose parent cannot be placed — are
 * quarantined with a Chinese reason and never retried.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import type { IngestReport } from '../../ingest/report.ts';
import { query, twoUniversityWarehouse, writeExports } from './helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-auth-ingest-'));
let warehouse: Warehouse;
let report: IngestReport;

const UPLOAD = {
  'u.csv': '高校代码,高校名称,所在地市\nU001,合肥示范大学（新名）,合肥\nU002,被改名的别校,芜湖\n',
  'o.csv': [
    '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别',
    'U001-C1-B2,马院学生党支部,党支部,U001-C1,U001,学生',
    'U002-C1-B9,冒充的别校支部,党支部,U002-C1,U002,学生',
    'X-B1,挂到别校下的支部,党支部,U002-C1,U001,学生',
    'U002-C1-B1,改到本校的别校支部,党支部,U001-C1,U001,学生',
  ].join('\n') + '\n',
  'm.csv': [
    '党员编号,姓名,党员类别,所在支部代码',
    'M1,张三华,预备党员,U001-C1-B1',
    'M5,钱七芳,正式党员,U001-C1-B2',
    'M6,孙八伟,正式党员,U002-C1-B1',
    'M3,王五丽,正式党员,U001-C1-B1',
    'M7,周九静,正式党员,NOWHERE',
  ].join('\n') + '\n',
  'a.csv': [
    '活动编号,支部代码,活动类型,活动主题,开始时间',
    'A1,U001-C1-B1,主题党日,学习,2024-05-10 14:00',
    'A2,U002-C1-B1,主题党日,别校的会,2024-05-10 14:00',
  ].join('\n') + '\n',
  'r.csv': ['活动编号,党员编号,参会状态', 'A1,M1,出席', 'A1,M4,出席', 'A2,M3,出席', 'A9,M1,出席'].join('\n') + '\n',
};

beforeAll(async () => {
  warehouse = await twoUniversityWarehouse(dir);
  report = await runIngest(warehouse, [writeExports(path.join(dir, 'upload'), UPLOAD)], { hashKey: 'test-key', scope: { universityCode: 'U001' } });
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const byFile = (name: string) => report.quarantined.filter((q) => path.basename(q.path) === name);

describe('an upload scoped to U001', () => {
  it('loads the rows of U001', async () => {
    expect(await query(warehouse, "select university_name from universities where university_code = 'U001'")).toEqual([{ university_name: '合肥示范大学（新名）' }]);
    expect(await query(warehouse, "select org_code from org_units where org_code = 'U001-C1-B2'")).toHaveLength(1);
    expect(await query(warehouse, "select member_id, member_status from members where member_id in ('M1', 'M5') order by 1")).toEqual([
      { member_id: 'M1', member_status: '预备党员' },
      { member_id: 'M5', member_status: '正式党员' },
    ]);
    expect(await query(warehouse, 'select activity_id from activities')).toEqual([{ activity_id: 'A1' }]);
    expect(await query(warehouse, 'select activity_id, member_id from attendance')).toEqual([{ activity_id: 'A1', member_id: 'M1' }]);
  });

  it('leaves every record of U002 as it was', async () => {
    expect(await query(warehouse, "select university_name from universities where university_code = 'U002'")).toEqual([{ university_name: '芜湖职业技术学院' }]);
    expect(await query(warehouse, "select org_code, parent_code, university_code from org_units where org_code like 'U002%' or org_code = 'X-B1' order by 1")).toEqual([
      { org_code: 'U002-C1', parent_code: 'U002-DW', university_code: 'U002' },
      { org_code: 'U002-C1-B1', parent_code: 'U002-C1', university_code: 'U002' },
      { org_code: 'U002-DW', parent_code: null, university_code: 'U002' },
    ]);
    expect(await query(warehouse, "select member_id, branch_code from members where member_id in ('M3', 'M6') order by 1")).toEqual([{ member_id: 'M3', branch_code: 'U002-C1-B1' }]);
  });

  it('quarantines the rest with the reason, file and line', () => {
    const own = '高校用户只能导入本校的数据，本行未导入。';
    expect(byFile('u.csv')).toEqual([
      { path: expect.any(String), sheet: null, line: 3, column: 'university_code', value: 'U002', reason: `本行的「高校代码」(university_code)不属于本校（U001）：${own}` },
    ]);
    expect(byFile('o.csv').map((q) => [q.line, q.column, q.reason])).toEqual([
      [3, 'university_code', `本行的「高校代码」(university_code)不属于本校（U001）：${own}`],
      [4, 'parent_code', `本行的「上级组织代码」(parent_code)不属于本校（U001）：${own}`],
      [5, 'org_code', '「组织代码」(org_code)已是其他高校的记录：高校用户不能修改其他高校的数据，本行未导入。'],
    ]);
    expect(byFile('m.csv').map((q) => [q.line, q.column, q.value])).toEqual([
      [4, 'branch_code', 'U002-C1-B1'],
      [5, 'member_id', 'M3'],
      [6, 'branch_code', 'NOWHERE'],
    ]);
    expect(byFile('m.csv')[2].reason).toBe(
      '本行引用的上级记录不存在，无法确认属于本校（U001）：高校用户上传时，请把上级记录（党组织、党员、组织生活记录等）与本行一并导入。本行未导入。',
    );
    expect(byFile('a.csv').map((q) => [q.line, q.column])).toEqual([[3, 'branch_code']]);
    expect(byFile('r.csv').map((q) => [q.line, q.column])).toEqual([
      [3, 'member_id'],
      [4, 'activity_id'],
      [5, 'activity_id'],
    ]);
  });

  it('counts them per file and never retries them', async () => {
    expect(report.files.map((f) => [path.basename(f.path), f.rows_read, f.rows_quarantined])).toEqual([
      ['a.csv', 2, 1],
      ['m.csv', 5, 3],
      ['o.csv', 4, 3],
      ['r.csv', 4, 3],
      ['u.csv', 2, 1],
    ]);
    expect(await query(warehouse, "select count(*)::integer as n from quarantine where reason_code = 'out_of_scope' and not retry")).toEqual([{ n: 11 }]);
    expect(await query(warehouse, "select count(*)::integer as n from quarantine where retry")).toEqual([{ n: 0 }]);
  });

  it('changes nothing for an unscoped (province) run of the same files', async () => {
    const again = { ...UPLOAD, 'u.csv': UPLOAD['u.csv'] + '\n' }; // a new file hash, the same rows
    const province = await runIngest(warehouse, [writeExports(path.join(dir, 'province'), { 'u.csv': again['u.csv'] })], { hashKey: 'test-key' });
    expect(province.quarantined).toEqual([]);
    expect(await query(warehouse, "select university_name from universities where university_code = 'U002'")).toEqual([{ university_name: '被改名的别校' }]);
  });
});

describe('an upload scoped to U001 and what it names of U002', () => {
  const scoped = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-auth-redo-'));
  let w: Warehouse;
  let upload: IngestReport;
  beforeAll(async () => {
    w = await twoUniversityWarehouse(scoped);
    // The province loads U002's meetings: H2 (halted later) and an attendance row whose member
    // M8 is not there yet: it waits as an orphan.
    await runIngest(
      w,
      [
        writeExports(path.join(scoped, 'province'), {
          'a.csv': '活动编号,支部代码,活动类型,活动主题,开始时间\nH2,U002-C1-B1,党课,别校的党课,2024-05-10 14:00\n',
          'r.csv': '活动编号,党员编号,参会状态\nH2,M8,出席\n',
        }),
      ],
      { hashKey: 'test-key' },
    );
    // U001 uploads a meeting that claims to redo U002's H2, and a member M8 of its own.
    upload = await runIngest(
      w,
      [
        writeExports(path.join(scoped, 'upload'), {
          'a.csv': '活动编号,支部代码,活动类型,活动主题,开始时间,补开原活动编号\nR1,U001-C1-B1,党课,补开,2024-05-20 14:00,H2\nR2,U001-C1-B1,党课,本校,2024-05-21 14:00,\n',
          'm.csv': '党员编号,姓名,党员类别,所在支部代码\nM8,钱七芳,正式党员,U001-C1-B1\n',
        }),
      ],
      { hashKey: 'test-key', scope: { universityCode: 'U001' } },
    );
  });
  afterAll(() => {
    w.close();
    fs.rmSync(scoped, { recursive: true, force: true });
  });

  it('quarantines a meeting that would redo another university\'s meeting', async () => {
    expect(upload.quarantined.map((q) => [path.basename(q.path), q.line, q.column, q.value])).toEqual([['a.csv', 2, 'redo_of', 'H2']]);
    expect(await query(w, "select activity_id from activities where branch_code like 'U001%' order by 1")).toEqual([{ activity_id: 'R2' }]);
  });

  it('leaves U002\'s waiting orphan as it was, still waiting', async () => {
    expect(await query(w, "select table_name, value, reason_code, retry from quarantine where run_id <> $1 and resolved_run_id is null", [upload.run_id])).toEqual([
      { table_name: 'attendance', value: 'M8', reason_code: 'orphan', retry: true },
    ]);
  });
});

describe('an upload scoped to U001 and the province\'s observations of it', () => {
  const scoped = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-auth-obs-'));
  let w: Warehouse;
  let upload: IngestReport;
  const OBS_HEADER = '督导编号,活动编号,列席人,派出组织代码,政治性评分,时代性评分,原则性评分,战斗性评分,是否叫停';
  beforeAll(async () => {
    w = await twoUniversityWarehouse(scoped);
    await runIngest(
      w,
      [
        writeExports(path.join(scoped, 'province'), {
          'a.csv': '活动编号,支部代码,活动类型,活动主题,开始时间\nA1,U001-C1-B1,党课,党课,2024-05-10 14:00\n',
          'o.csv': `${OBS_HEADER}\nP1,A1,省里的人,省委教育工委,60,60,60,60,是\n`,
        }),
      ],
      { hashKey: 'test-key' },
    );
    // U001 raises the province's scores and lifts its halt, adds one as if by the province, and
    // records its own committee's observation.
    upload = await runIngest(
      w,
      [
        writeExports(path.join(scoped, 'upload'), {
          'o.csv': `${OBS_HEADER}\nP1,A1,省里的人,省委教育工委,100,100,100,100,否\nP2,A1,冒名,省委教育工委,100,100,100,100,否\nS1,A1,校里的人,U001-DW,90,90,90,90,否\n`,
        }),
      ],
      { hashKey: 'test-key', scope: { universityCode: 'U001' } },
    );
  });
  afterAll(() => {
    w.close();
    fs.rmSync(scoped, { recursive: true, force: true });
  });

  it('loads its own committee\'s observation and leaves the province\'s as the province recorded them', async () => {
    expect(upload.quarantined.map((q) => [q.line, q.column, q.value])).toEqual([
      [2, 'observer_org_code', '省委教育工委'],
      [3, 'observer_org_code', '省委教育工委'],
    ]);
    expect(await query(w, 'select observation_id, score_political, halted from observations order by 1')).toEqual([
      { observation_id: 'P1', score_political: 60, halted: true },
      { observation_id: 'S1', score_political: 90, halted: false },
    ]);
  });
});
