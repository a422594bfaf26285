/**
 * A key held by several files of one run, and org units whose parent comes later
 * (data-contract.md: "A row with a bad value, or a reference to an unknown parent: quarantined
 * … the other rows load"; "A later export with changed rows for existing keys: those rows are
 * updated, the change counted"; "A quarantined orphan is retried when its parent arrives in a
 * later run"; cli.md: "Loads in dependency order whatever the order given").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import { rows } from './warehouse-rows.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-keys-across-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const ACTIVITY_HEADER = '活动编号,支部代码,活动类型,活动主题,开始时间';
const ORG_HEADER = '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别';
const ORG_HEADER_NARROW = '组织代码,组织名称,组织类型,上级组织代码,高校代码';

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** A university U1 with its committee P1, college C1 and branch B1. */
const PARENTS = {
  '0_u.csv': '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n',
  '1_o.csv': `${ORG_HEADER}\nP1,甲党委,高校党委,,U1,\nC1,一院党委,院系党委,P1,U1,\nB1,一支部,党支部,C1,U1,学生\n`,
};

const counts = (report: Awaited<ReturnType<typeof runIngest>>, suffix: string) => {
  const f = report.files.find((x) => x.path.endsWith(suffix))!;
  return { loaded: f.rows_loaded, updated: f.rows_updated, quarantined: f.rows_quarantined };
};

describe('a key in two files of one run', () => {
  it("keeps the earlier file's valid row when the later file's row is an orphan", async () => {
    const dir = folder('orphan-later', {
      ...PARENTS,
      '5a.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,旧,2024-03-05\n`,
      '6a.csv': `${ACTIVITY_HEADER}\nA1,BX,党课,新,2024-03-05\n`,
    });
    const warehouse = await openWarehouse(path.join(root, 'orphan-later.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(await rows(warehouse, 'select activity_id, branch_code, title from activities')).toEqual([
      { activity_id: 'A1', branch_code: 'B1', title: '旧' },
    ]);
    expect(counts(report, '5a.csv')).toEqual({ loaded: 1, updated: 0, quarantined: 0 });
    expect(counts(report, '6a.csv')).toEqual({ loaded: 0, updated: 0, quarantined: 1 });
    warehouse.close();
  });

  it("keeps the lineage of the file where the row's value first appeared, not of a later file repeating it", async () => {
    const warehouse = await openWarehouse(path.join(root, 'lineage-in-run.duckdb'));
    await runIngest(warehouse, [folder('lineage-in-run-1', { ...PARENTS, '5a.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,旧,2024-03-05\n` })], { hashKey: 'k' });
    const report = await runIngest(
      warehouse,
      [
        folder('lineage-in-run-2', {
          // A1 changed by a.csv and repeated by b.csv (below a title row); A2 new in both; A3 new, changed by b.csv
          'a.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,新,2024-03-05\nA2,B1,党课,二,2024-03-06\nA3,B1,党课,三,2024-03-07\n`,
          'b.csv': `活动导出\n${ACTIVITY_HEADER}\nA3,B1,党课,三（改）,2024-03-07\nA1,B1,党课,新,2024-03-05\nA2,B1,党课,二,2024-03-06\n`,
        }),
      ],
      { hashKey: 'k' },
    );
    expect(counts(report, 'a.csv')).toEqual({ loaded: 2, updated: 1, quarantined: 0 });
    expect(counts(report, 'b.csv')).toEqual({ loaded: 0, updated: 1, quarantined: 0 });
    expect(
      await rows(warehouse, 'select a.activity_id, a.title, parse_filename(f.path) as file, a.line from activities a join source_files f using (file_id) order by 1'),
    ).toEqual([
      { activity_id: 'A1', title: '新', file: 'a.csv', line: 2 },
      { activity_id: 'A2', title: '二', file: 'a.csv', line: 3 },
      { activity_id: 'A3', title: '三（改）', file: 'b.csv', line: 3 },
    ]);
    warehouse.close();
  });

  it('counts as if the files had loaded one by one: loaded by the first, updated by the later one that changes it', async () => {
    const dir = folder('update-in-run', {
      ...PARENTS,
      '5a.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,旧,2024-03-05\nA2,B1,党课,同,2024-03-06\n`,
      '6a.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,新,2024-03-05\nA2,B1,党课,同,2024-03-06\n`,
      '7a.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,新,2024-03-05\nA3,B1,党课,三,2024-03-07\n`,
    });
    const warehouse = await openWarehouse(path.join(root, 'update-in-run.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(counts(report, '5a.csv')).toEqual({ loaded: 2, updated: 0, quarantined: 0 });
    expect(counts(report, '6a.csv')).toEqual({ loaded: 0, updated: 1, quarantined: 0 }); // A1 changed, A2 the same
    expect(counts(report, '7a.csv')).toEqual({ loaded: 1, updated: 0, quarantined: 0 }); // A1 the same, A3 new
    expect(await rows(warehouse, 'select activity_id, title, file_id = (select max(file_id) from source_files where path like \'%6a.csv\') as from_6a from activities order by 1')).toEqual([
      // the last file's values are stored, with the lineage of the file they first appeared in
      { activity_id: 'A1', title: '新', from_6a: true },
      { activity_id: 'A2', title: '同', from_6a: false },
      { activity_id: 'A3', title: '三', from_6a: false },
    ]);

    // The same three files against a warehouse that already holds A1 as 旧: 5a changes nothing.
    const again = folder('update-in-run-2', { '5b.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,旧,2024-03-05\n`, '6b.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,再,2024-03-05\n` });
    const second = await runIngest(warehouse, [again], { hashKey: 'k' });
    expect(counts(second, '5b.csv')).toEqual({ loaded: 0, updated: 1, quarantined: 0 }); // 新 → 旧
    expect(counts(second, '6b.csv')).toEqual({ loaded: 0, updated: 1, quarantined: 0 }); // 旧 → 再
    expect(await rows(warehouse, "select title from activities where activity_id = 'A1'")).toEqual([{ title: '再' }]);
    warehouse.close();
  });
});

describe('org units whose parent comes later', () => {
  it('loads a branch whose college is in a later file with other columns, in the same run', async () => {
    const dir = folder('parent-later-file', {
      '0_u.csv': '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n',
      'a.csv': `${ORG_HEADER}\nB1,一支部,党支部,C1,U1,学生\n`,
      'b.csv': `${ORG_HEADER_NARROW}\nP1,甲党委,高校党委,,U1\nC1,一院党委,院系党委,P1,U1\n`,
    });
    const warehouse = await openWarehouse(path.join(root, 'parent-later-file.duckdb'));
    const report = await runIngest(warehouse, [dir], { hashKey: 'k' });
    expect(await rows(warehouse, 'select org_code from org_units order by 1')).toEqual([{ org_code: 'B1' }, { org_code: 'C1' }, { org_code: 'P1' }]);
    expect(counts(report, 'a.csv')).toEqual({ loaded: 1, updated: 0, quarantined: 0 });
    expect(report.quarantined).toEqual([]);
    expect(await rows(warehouse, 'select count(*)::integer as n from quarantine')).toEqual([{ n: 0 }]);
    warehouse.close();
  });

  it('retries an orphan org unit in the run that brings its parent', async () => {
    const warehouse = await openWarehouse(path.join(root, 'parent-later-run.duckdb'));
    const first = folder('parent-later-run-1', {
      '0_u.csv': '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n',
      'a.csv': `${ORG_HEADER}\nB1,一支部,党支部,C1,U1,学生\n`,
    });
    const one = await runIngest(warehouse, [first], { hashKey: 'k' });
    expect(counts(one, 'a.csv')).toEqual({ loaded: 0, updated: 0, quarantined: 1 });
    const second = folder('parent-later-run-2', { 'b.csv': `${ORG_HEADER}\nP1,甲党委,高校党委,,U1,\nC1,一院党委,院系党委,P1,U1,\n` });
    const two = await runIngest(warehouse, [second], { hashKey: 'k' });
    expect(await rows(warehouse, 'select org_code from org_units order by 1')).toEqual([{ org_code: 'B1' }, { org_code: 'C1' }, { org_code: 'P1' }]);
    expect(two.retried_loaded).toBe(1);
    expect(await rows(warehouse, 'select count(*)::integer as n from quarantine where resolved_run_id is null')).toEqual([{ n: 0 }]);
    warehouse.close();
  });

  it('counts an orphan of an earlier run that changes a row loaded meanwhile as an update, in the report and the run', async () => {
    const warehouse = await openWarehouse(path.join(root, 'orphan-updates.duckdb'));
    await runIngest(
      warehouse,
      [folder('orphan-updates-1', { '0_u.csv': '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n', 'a.csv': `${ORG_HEADER}\nP1,甲党委,高校党委,,U1,\nC1,一院党委,院系党委,P1,U1,\nB1,一支部,党支部,C1,U1,学生\n` })],
      { hashKey: 'k' },
    );
    const moved = await runIngest(warehouse, [folder('orphan-updates-2', { 'b.csv': `${ORG_HEADER}\nB1,一支部,党支部,C2,U1,学生\n` })], { hashKey: 'k' });
    expect(counts(moved, 'b.csv')).toEqual({ loaded: 0, updated: 0, quarantined: 1 }); // C2 is not there yet
    const parent = await runIngest(warehouse, [folder('orphan-updates-3', { 'c.csv': `${ORG_HEADER_NARROW}\nC2,二院党委,院系党委,P1,U1\n` })], { hashKey: 'k' });
    expect(await rows(warehouse, "select parent_code from org_units where org_code = 'B1'")).toEqual([{ parent_code: 'C2' }]);
    expect([parent.retried_loaded, parent.retried_updated]).toEqual([0, 1]);
    expect(await rows(warehouse, 'select rows_loaded::integer as loaded, rows_updated::integer as updated from ingest_runs order by finished_at desc limit 1')).toEqual([
      { loaded: 1, updated: 1 }, // C2, and B1 moved under it
    ]);
    warehouse.close();
  });

  it('keeps the run\'s newer row over a waiting orphan of its key, and ends the orphan\'s wait: it never comes back', async () => {
    const warehouse = await openWarehouse(path.join(root, 'outdated-orphan.duckdb'));
    await runIngest(warehouse, [folder('outdated-1', { '0_u.csv': '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n', 'a.csv': `${ORG_HEADER}\nB1,旧名,党支部,C1,U1,学生\n` })], { hashKey: 'k' });
    await runIngest(
      warehouse,
      [folder('outdated-2', { 'b.csv': `${ORG_HEADER}\nP1,甲党委,高校党委,,U1,\nC1,一院党委,院系党委,P1,U1,\nB1,新名,党支部,P1,U1,学生\n` })],
      { hashKey: 'k' },
    );
    // the run that brings C1 and a newer B1 under P1 keeps its own row over the waiting orphan
    expect(await rows(warehouse, "select org_name, parent_code from org_units where org_code = 'B1'")).toEqual([{ org_name: '新名', parent_code: 'P1' }]);
    // a third run, about something else: the old orphan stays settled
    const third = await runIngest(warehouse, [folder('outdated-3', { 'u2.csv': '高校代码,高校名称,所在地市\nU2,乙大学,芜湖\n' })], { hashKey: 'k' });
    expect(third.retried_loaded).toBe(0);
    expect(await rows(warehouse, "select org_name, parent_code from org_units where org_code = 'B1'")).toEqual([{ org_name: '新名', parent_code: 'P1' }]);
    expect(await rows(warehouse, 'select count(*)::integer as n from quarantine where resolved_run_id is null')).toEqual([{ n: 0 }]);
    warehouse.close();
  });

  it("keeps a later file's row that equals the stored one over an earlier file's orphan of the same run", async () => {
    const warehouse = await openWarehouse(path.join(root, 'orphan-then-same.duckdb'));
    await runIngest(
      warehouse,
      [folder('orphan-then-same-1', { '0_u.csv': '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n', 'p.csv': `${ORG_HEADER}\nP1,甲党委,高校党委,,U1,\nB1,新名,党支部,P1,U1,学生\n` })],
      { hashKey: 'k' },
    );
    await runIngest(
      warehouse,
      [
        folder('orphan-then-same-2', {
          'a.csv': `${ORG_HEADER}\nB1,旧名,党支部,C2,U1,学生\n`, // its parent comes in b.csv
          'b.csv': `${ORG_HEADER_NARROW}\nC2,二院党委,院系党委,P1,U1\n`,
          'c.csv': `${ORG_HEADER}\nB1,新名,党支部,P1,U1,学生\n`, // the last word: as stored
        }),
      ],
      { hashKey: 'k' },
    );
    expect(await rows(warehouse, "select org_name, parent_code from org_units where org_code = 'B1'")).toEqual([{ org_name: '新名', parent_code: 'P1' }]);
    const fourth = await runIngest(warehouse, [folder('orphan-then-same-3', { 'u2.csv': '高校代码,高校名称,所在地市\nU2,乙大学,芜湖\n' })], { hashKey: 'k' });
    expect(fourth.retried_loaded).toBe(0);
    warehouse.close();
  });

  it('settles two orphans of one key from one run: the newer one loads when the parent comes, the older one never', async () => {
    const warehouse = await openWarehouse(path.join(root, 'two-orphans.duckdb'));
    await runIngest(warehouse, [folder('two-orphans-1', { '0_u.csv': '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n', 'p.csv': `${ORG_HEADER_NARROW}\nP1,甲党委,高校党委,,U1\n` })], { hashKey: 'k' });
    await runIngest(
      warehouse,
      [
        folder('two-orphans-2', {
          'a1.csv': `${ORG_HEADER}\nB1,名A,党支部,C2,U1,学生\n`,
          'a2.csv': `${ORG_HEADER}\nB1,名B,党支部,C2,U1,学生\n`,
          'b.csv': `${ORG_HEADER_NARROW}\nC2,二院党委,院系党委,P1,U1\n`,
        }),
      ],
      { hashKey: 'k' },
    );
    expect(await rows(warehouse, "select org_name from org_units where org_code = 'B1'")).toEqual([{ org_name: '名B' }]);
    await runIngest(warehouse, [folder('two-orphans-3', { 'u2.csv': '高校代码,高校名称,所在地市\nU2,乙大学,芜湖\n' })], { hashKey: 'k' });
    expect(await rows(warehouse, "select org_name from org_units where org_code = 'B1'")).toEqual([{ org_name: '名B' }]);
    expect(await rows(warehouse, 'select count(*)::integer as n from quarantine where resolved_run_id is null')).toEqual([{ n: 0 }]);
    warehouse.close();
  });

  it('ends the wait of an activity orphan when a later run loads the activity: its branch arriving later changes nothing', async () => {
    const warehouse = await openWarehouse(path.join(root, 'activity-outdated.duckdb'));
    await runIngest(warehouse, [folder('activity-outdated-1', { ...PARENTS, 'a.csv': `${ACTIVITY_HEADER}\nA1,B9,党课,旧,2024-03-05\n` })], { hashKey: 'k' });
    await runIngest(warehouse, [folder('activity-outdated-2', { 'a.csv': `${ACTIVITY_HEADER}\nA1,B1,党课,新,2024-03-05\n` })], { hashKey: 'k' });
    await runIngest(warehouse, [folder('activity-outdated-3', { 'o.csv': `${ORG_HEADER}\nB9,九支部,党支部,C1,U1,学生\n` })], { hashKey: 'k' });
    expect(await rows(warehouse, 'select branch_code, title from activities')).toEqual([{ branch_code: 'B1', title: '新' }]);
    warehouse.close();
  });

  it("keeps what is stored in the columns an orphan's file lacked when the orphan, retried, changes the row", async () => {
    const warehouse = await openWarehouse(path.join(root, 'orphan-narrow.duckdb'));
    await runIngest(
      warehouse,
      [
        folder('orphan-narrow-1', {
          '0_u.csv': '高校代码,高校名称,所在地市\nU1,甲大学,合肥\n',
          'o.csv': `${ORG_HEADER},成立日期,是否联系点\nP1,甲党委,高校党委,,U1,,,\nC1,一院党委,院系党委,P1,U1,,,\nB1,一支部,党支部,C1,U1,学生,2020-01-01,是\n`,
        }),
      ],
      { hashKey: 'k' },
    );
    // B1 moves under C2, which comes in a later file of the run; neither file has 成立日期 or 是否联系点
    await runIngest(
      warehouse,
      [folder('orphan-narrow-2', { 'a.csv': `${ORG_HEADER}\nB1,一支部,党支部,C2,U1,学生\n`, 'b.csv': `${ORG_HEADER_NARROW}\nC2,二院党委,院系党委,P1,U1\n` })],
      { hashKey: 'k' },
    );
    expect(await rows(warehouse, "select parent_code, established_on::varchar as established_on, is_contact_point from org_units where org_code = 'B1'")).toEqual([
      { parent_code: 'C2', established_on: '2020-01-01', is_contact_point: true },
    ]);
    warehouse.close();
  });
});
