/**
 * data-contract.md marks a column "required" where a row cannot do without it. 所在地市 and
 * 党员类别 it does not mark: a university list without the city column, a university with an
 * empty city, a member with an empty category load (NULL), rather than taking every org unit,
 * member and meeting below them along into quarantine. An unknown value is still a bad value.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';
import type { IngestReport } from '../../ingest/report.ts';
import { rows } from './warehouse-rows.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-unmarked-'));
let warehouse: Warehouse;
let report: IngestReport;

beforeAll(async () => {
  const dir = path.join(root, 'in');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'u1.csv'), '高校代码,高校名称\nU1,甲\n'); // no city column
  fs.writeFileSync(path.join(dir, 'u2.csv'), '高校代码,高校名称,所在地市\nU2,乙,\nU3,丙,北京\n'); // empty city; a city not of Anhui
  fs.writeFileSync(path.join(dir, 'o.csv'), '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别\nU1P,甲党委,高校党委,,U1,\nB1,一支部,党支部,U1P,U1,学生\n');
  fs.writeFileSync(path.join(dir, 'm.csv'), '党员编号,姓名,党员类别,所在支部代码\nM1,张三华,,B1\nM2,李四,正式党员,B1\nM3,王五,团员,B1\n');
  warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
  report = await runIngest(warehouse, [dir], { hashKey: 'k' });
});
afterAll(() => {
  warehouse.close();
  fs.rmSync(root, { recursive: true, force: true });
});

it('loads a university without a city, and the org units and members below it', async () => {
  expect(report.files.map((f) => [path.basename(f.path), f.status, f.rows_loaded, f.rows_quarantined])).toEqual([
    ['m.csv', 'loaded', 2, 1],
    ['o.csv', 'loaded', 2, 0],
    ['u1.csv', 'loaded', 1, 0],
    ['u2.csv', 'loaded', 1, 1],
  ]);
  expect(await rows(warehouse, 'select university_code, city from universities order by 1')).toEqual([
    { university_code: 'U1', city: null },
    { university_code: 'U2', city: null },
  ]);
  expect(await rows(warehouse, 'select member_id, member_status from members order by 1')).toEqual([
    { member_id: 'M1', member_status: null },
    { member_id: 'M2', member_status: '正式党员' },
  ]);
});

it('still quarantines a value that is not one of the enum', () => {
  expect(report.quarantined.map((q) => [path.basename(q.path), q.line, q.column, q.value])).toEqual([
    ['m.csv', 4, 'member_status', '团员'],
    ['u2.csv', 3, 'city', '北京'],
  ]);
});
