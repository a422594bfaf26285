/**
 * The dashboard's server functions on the hand-built fixture warehouse (tests/browser/fixture-data.ts):
 * each page's data, read with bound parameters from the marts and staging views.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { createFixtureWarehouse, drillActivityId, FIXTURE } from '../browser/fixture-data.ts';
import { provideWarehouse } from '../../dashboard/src/lib/server/warehouse.ts';
import { getWarehouseContext } from '../../dashboard/src/lib/server/queries/context.ts';
import { getOverview } from '../../dashboard/src/lib/server/queries/overview.ts';
import { getRankings } from '../../dashboard/src/lib/server/queries/rankings.ts';
import { getCadenceCells, getUniversityPage, CELL_MET, CELL_MISSED } from '../../dashboard/src/lib/server/queries/university.ts';
import { getAttendanceMatrix, getBranchPage } from '../../dashboard/src/lib/server/queries/branch.ts';
import { getActivityPage } from '../../dashboard/src/lib/server/queries/activity.ts';
import { getCollegePage } from '../../dashboard/src/lib/server/queries/college.ts';
import { arrowResponse } from '../../dashboard/src/lib/server/arrow.ts';
import { parsePeriod } from '../../dashboard/src/lib/state/periods.ts';
import { PROVINCE } from '../../auth/scope.ts';

let dir: string;
let warehouse: Warehouse;
let built: Set<string>;
const Q2 = parsePeriod('2024Q2')!;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-dash-'));
  const dbPath = path.join(dir, 'w.duckdb');
  await createFixtureWarehouse(dbPath);
  warehouse = await openWarehouse(dbPath);
  provideWarehouse(Promise.resolve(warehouse));
  built = new Set((await getWarehouseContext()).relations);
});

afterAll(() => {
  warehouse?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard server functions', () => {
  it('read the as_of date and the span of the data', async () => {
    const context = await getWarehouseContext();
    expect(context.asOf).toBe(FIXTURE.asOf);
    expect(context.firstDay).toBe('2023-07-05');
    expect(context.relations).toEqual(expect.arrayContaining(['mart_university_period_indicators', 'mart_cadence_cells', 'stg_activities']));
  });

  it('give the overview its KPIs, an 8-quarter trend, the universities and the 16-city figures', async () => {
    const o = await getOverview(PROVINCE, Q2, FIXTURE.asOf, built);
    expect(o.missing).toEqual([]);
    expect(o.current?.regularity).toBeGreaterThan(0);
    expect(o.trend.map((p) => p.period)).toEqual(['2022Q3', '2022Q4', '2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2']);
    expect(o.trend[0].values.regularity).toBeNull(); // before the data: NULL, not 0
    expect(o.universities.map((u) => u.rank)).toEqual([1, 2, 3]);
    expect(o.cities.map((c) => c.city).sort()).toEqual(['合肥', '安庆', '芜湖'].sort());
    expect(o.activitiesByMonth.map((r) => r.month)).toEqual(expect.arrayContaining(['2024-04', '2024-05', '2024-06']));
  });

  it('rank universities, filter by city, and list a university’s branches', async () => {
    const all = await getRankings(PROVINCE, { period: Q2, level: 'university', city: null, schoolLevel: null, university: null }, built);
    expect(all.rows).toHaveLength(3);
    expect(all.weights.university).toEqual({ branch_index_mean: 0.7, observer_coverage: 0.15, case_compliance: 0.15 });
    const hefei = await getRankings(PROVINCE, { period: Q2, level: 'university', city: '合肥', schoolLevel: null, university: null }, built);
    expect(hefei.rows.map((r) => r.code)).toEqual(['U001']);
    const branches = await getRankings(PROVINCE, { period: Q2, level: 'branch', city: null, schoolLevel: null, university: 'U001' }, built);
    expect(branches.rows).toHaveLength(6);
    expect(branches.rows.every((r) => r.university_code === 'U001')).toBe(true);
    const noUniversity = await getRankings(PROVINCE, { period: Q2, level: 'branch', city: null, schoolLevel: null, university: null }, built);
    expect(noUniversity.needsUniversity).toBe(true);
    const colleges = await getRankings(PROVINCE, { period: Q2, level: 'college', city: null, schoolLevel: null, university: 'U002' }, built);
    expect(colleges.rows).toHaveLength(2);
    expect(colleges.branches).toHaveLength(6);
  });

  it('give a university page its benchmark, colleges, branches and 12 heatmap months', async () => {
    const u = await getUniversityPage(PROVINCE, 'U001', Q2, FIXTURE.asOf, built);
    expect(u?.facts.university_name).toBe('合肥示范大学');
    expect(u?.colleges).toHaveLength(2);
    expect(u?.branches).toHaveLength(6);
    expect(u?.province?.regularity).not.toBeNull();
    expect(u?.heatmapMonths).toHaveLength(12);
    expect(u?.heatmapMonths.at(-1)).toBe('2024-06');
    expect(await getUniversityPage(PROVINCE, 'NOPE', Q2, FIXTURE.asOf, built)).toBeNull();
  });

  it('send the cadence cells as Arrow: every branch × month, met or missed', async () => {
    const months = (await getUniversityPage(PROVINCE, 'U001', Q2, FIXTURE.asOf, built))!.heatmapMonths;
    const cells = (await getCadenceCells(PROVINCE, 'U001', months))!;
    expect(cells.branch_code).toHaveLength(6 * 12);
    expect([...cells.status].every((s) => s === CELL_MET || s === CELL_MISSED)).toBe(true);
    const table = tableFromIPC(new Uint8Array(await arrowResponse({ ...cells }).arrayBuffer()));
    expect(table.numRows).toBe(72);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['branch_code', 'branch_name', 'month', 'status', 'n_required', 'n_met']);
  });

  it('give a branch page its facts, rule-by-rule compliance, meetings and masked attendance', async () => {
    const b = await getBranchPage(PROVINCE, FIXTURE.drillBranch, Q2, FIXTURE.asOf, built);
    expect(b?.facts).toMatchObject({ org_type: '党支部', college_code: 'U001-C1', is_contact_point: true, branch_category: '教职工' });
    expect(b?.rules.map((r) => r.rule_code)).toEqual(expect.arrayContaining(['theme_day_monthly', 'life_meeting_yearly']));
    expect(b?.rules.find((r) => r.rule_code === 'theme_day_monthly')?.n_required).toBe(3);
    expect(b?.meetings.length).toBeGreaterThan(5);
    expect(b?.ratings[0]).toMatchObject({ year: 2023, rating: '好' });
    // its university's four dimension scores to compare, and nothing else of the university
    expect(Object.entries(b?.university ?? {}).filter(([, v]) => v !== null).map(([k]) => k).every((k) => k.startsWith('score_'))).toBe(true);
    expect(b?.university?.rank).toBeNull();
    const matrix = (await getAttendanceMatrix(PROVINCE, FIXTURE.drillBranch, Q2, FIXTURE.asOf))!;
    expect(matrix.member_name.every((n) => /^.\*.$/.test(n))).toBe(true);
    expect(await getBranchPage(PROVINCE, 'U001-C1', Q2, FIXTURE.asOf, built)).toBeNull(); // a college is not a branch
  });

  it('give a college page its branches and a meeting page its roll, observations and lineage', async () => {
    const c = await getCollegePage(PROVINCE, 'U001-C1', Q2, FIXTURE.asOf, built);
    expect(c?.branches).toHaveLength(3);
    // its university as a benchmark: those figures only, not the university's rank or index
    expect(c?.university?.regularity).toEqual(expect.any(Number));
    expect([c?.university?.rank, c?.university?.index, c?.university?.case_compliance]).toEqual([null, null, null]);
    const a = await getActivityPage(PROVINCE, drillActivityId());
    expect(a?.activity.activity_type).toBe('主题党日');
    expect(a?.roll.length).toBeGreaterThan(5);
    expect(a?.lineage).toMatchObject({ run_id: 'fixture-run', path: 'fixture/三会一课导出_20240703.xlsx' });
    expect(await getActivityPage(PROVINCE, 'NOPE')).toBeNull();
  });

  it('link a halted meeting and its redo both ways', async () => {
    const c = await warehouse.connect();
    const redo = (await c.runAndReadAll('select activity_id, redo_of from activities where redo_of is not null limit 1')).getRowObjectsJson()[0];
    c.closeSync();
    const original = await getActivityPage(PROVINCE, String(redo.redo_of));
    expect(original?.redoneBy.map((r) => r.activity_id)).toEqual([redo.activity_id]);
    const again = await getActivityPage(PROVINCE, String(redo.activity_id));
    expect(again?.redoOf?.activity_id).toBe(redo.redo_of);
  });
});
