/**
 * The server functions of the 异常, 列席, 整改, 案例, 干部 and 数据 pages on the tiny warehouse of
 * world.ts, whose figures are written out there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideWarehouse } from '../../dashboard/src/lib/server/warehouse.ts';
import { getAnomaliesPage, getAnomalyDetail, listAnomalies, recordReview, UnknownAnomalyError } from '../../dashboard/src/lib/server/queries/anomalies.ts';
import { compareSuggestions, getObservationPage, LIST_LIMIT, listObservationRows, riskScore } from '../../dashboard/src/lib/server/queries/observation.ts';
import { getRectificationPage, ITEM_LIMIT, listRectificationItems } from '../../dashboard/src/lib/server/queries/rectification.ts';
import { getCasesPage } from '../../dashboard/src/lib/server/queries/cases.ts';
import { getCadresPage } from '../../dashboard/src/lib/server/queries/cadres.ts';
import { getDataPage } from '../../dashboard/src/lib/server/queries/data.ts';
import { readAnomalyFilters, type AnomalyFilters } from '../../dashboard/src/lib/features/anomalies/review.ts';
import { readQuarters, readTop } from '../../dashboard/src/lib/features/observation/filters.ts';
import { ageBucket, readRectificationFilters } from '../../dashboard/src/lib/features/rectification/filters.ts';
import { reviewerName } from '../../dashboard/src/lib/server/reviewer.ts';
import { parsePeriod } from '../../dashboard/src/lib/state/periods.ts';
import { PROVINCE, type Scope } from '../../auth/scope.ts';
import type { World } from '../models/helpers.ts';
import { createDashboardWorld } from './world.ts';

let world: World;
let built: Set<string>;
const Q2 = parsePeriod('2024Q2')!;
const Q1 = parsePeriod('2024Q1')!;
const AS_OF = '2024-07-01';
const noFilters: AnomalyFilters = { code: null, severity: null, status: null, key: null };

beforeAll(async () => {
  world = await createDashboardWorld();
  provideWarehouse(Promise.resolve(world.warehouse));
  built = new Set((await world.rows("select table_name as n from duckdb_tables() where schema_name = 'main'")).map((r) => String(r.n)));
});
afterAll(() => world?.close());

describe('异常: the anomalies of a period and their follow-up', () => {
  it('lists the anomalies whose period lies inside P, each 待核实 until reviewed', async () => {
    const list = await listAnomalies(PROVINCE, { period: Q2, university: null, filters: noFilters }, built);
    expect(list.rows.map((r) => [r.code, r.branch_code, r.period, r.status])).toEqual([
      ['A01_silent_month', 'B2', '2024-05', '待核实'],
      ['A12_cadre_absent', 'B1', '2024Q2', '待核实'],
    ]);
    expect(list.total).toBe(2);
    expect(list.byStatus).toEqual({ 待核实: 2, 已核实: 0, 误报: 0, 已转整改: 0 });
    expect(list.codes).toEqual([{ code: 'A01_silent_month', n: 1 }, { code: 'A12_cadre_absent', n: 1 }]);
    expect(list.rows[0].university_name).toBe('示例大学');
    expect(list.rows[0].anomaly_key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by rule, severity and university', async () => {
    const byCode = await listAnomalies(PROVINCE, { period: Q2, university: null, filters: { ...noFilters, code: 'A12_cadre_absent' } }, built);
    expect(byCode.rows.map((r) => r.member_id)).toEqual(['B1M01']);
    const medium = await listAnomalies(PROVINCE, { period: Q2, university: null, filters: { ...noFilters, severity: 'medium' } }, built);
    expect(medium.rows.map((r) => r.code)).toEqual(['A12_cadre_absent']);
    const u2 = await listAnomalies(PROVINCE, { period: Q2, university: 'U2', filters: noFilters }, built);
    expect(u2.rows).toEqual([]);
    const q1 = await listAnomalies(PROVINCE, { period: Q1, university: null, filters: noFilters }, built);
    expect(q1.total).toBe(0);
  });

  it('opens an anomaly with its evidence resolved to the branch and the member (masked)', async () => {
    const list = await listAnomalies(PROVINCE, { period: Q2, university: null, filters: { ...noFilters, code: 'A12_cadre_absent' } }, built);
    const detail = await getAnomalyDetail(PROVINCE, list.rows[0].anomaly_key, built);
    expect(detail).not.toBeNull();
    expect(detail!.current).toBe(true);
    expect(detail!.branch_name).toBe('文学院第一党支部');
    expect(detail!.members).toEqual([{ member_id: 'B1M01', name: '张*华', branch_code: 'B1' }]);
    expect(detail!.status).toBe('待核实');
    expect(detail!.history).toEqual([]);
    expect(await getAnomalyDetail(PROVINCE, '0'.repeat(64), built)).toBeNull();
  });

  it('records follow-ups append-only: the latest is the status, the history keeps who, when and the note', async () => {
    const page = await getAnomaliesPage(PROVINCE, { period: Q2, university: null, filters: { ...noFilters, code: 'A01_silent_month' } }, built);
    const key = page.list.rows[0].anomaly_key;
    const first = await recordReview(PROVINCE, { key, status: '已核实', note: '电话核实：5 月确未开展活动', who: '王*明' });
    expect(first).toMatchObject({ status: '已核实', note: '电话核实：5 月确未开展活动', reviewed_by: '王*明' });
    expect(first.reviewed_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await recordReview(PROVINCE, { key, status: '已转整改', note: null, who: '李*' });
    const detail = (await getAnomaliesPage(PROVINCE, { period: Q2, university: null, filters: { ...noFilters, key } }, built)).detail!;
    expect(detail.status).toBe('已转整改');
    expect(detail.history.map((h) => [h.status, h.reviewed_by, h.note])).toEqual([
      ['已转整改', '李*', null],
      ['已核实', '王*明', '电话核实：5 月确未开展活动'],
    ]);
    const list = await listAnomalies(PROVINCE, { period: Q2, university: null, filters: noFilters }, built);
    expect(list.byStatus).toEqual({ 待核实: 1, 已核实: 0, 误报: 0, 已转整改: 1 });
    const transferred = await listAnomalies(PROVINCE, { period: Q2, university: null, filters: { ...noFilters, status: '已转整改' } }, built);
    expect(transferred.rows.map((r) => [r.code, r.reviewed_by])).toEqual([['A01_silent_month', '李*']]);
  });

  it('refuses a follow-up of an anomaly that does not exist', async () => {
    await expect(recordReview(PROVINCE, { key: 'f'.repeat(64), status: '误报', note: null, who: 'x' })).rejects.toBeInstanceOf(UnknownAnomalyError);
  });

  it('reads its filters from the URL, reporting values it cannot use', () => {
    const { filters, problems } = readAnomalyFilters(new URLSearchParams('code=A01_silent_month&severity=urgent&status=已核实&key=abc'));
    expect(filters).toEqual({ code: 'A01_silent_month', severity: null, status: '已核实', key: null });
    expect(problems).toEqual(['urgent', 'abc']);
  });

  it('records who: the signed-in user when there is one, else the OS user, else 匿名', () => {
    expect(reviewerName({ user: { name: '张*华' } })).toBe('张*华');
    expect(reviewerName({ user: { username: 'analyst1' } })).toBe('analyst1');
    const saved = { USER: process.env.USER, LOGNAME: process.env.LOGNAME, USERNAME: process.env.USERNAME };
    process.env.USER = 'osuser';
    try {
      expect(reviewerName({})).toBe('osuser');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('列席: coverage, unobserved branches and the suggested list', () => {
  it('gives coverage by university for the period, as the marts do', async () => {
    const page = await getObservationPage(PROVINCE, { period: Q2, asOf: AS_OF, university: null, quarters: 2, top: 0 }, built);
    expect(page.coverage.map((r) => [r.university_code, r.observer_coverage, r.n_active_branches, r.n_observed_branches, r.n_unobserved_branches])).toEqual([
      ['U2', 0, 1, 0, 1],
      ['U1', 0.5, 2, 1, 1],
    ]);
    expect(page.province?.observer_coverage).toBeCloseTo(1 / 3, 12);
    expect([page.province?.n_observed_branches, page.province?.n_active_branches]).toEqual([1, 3]);
  });

  it("gives a university the province's coverage as its benchmark, not the province's branch counts", async () => {
    const page = await getObservationPage({ role: 'university', universityCode: 'U2' }, { period: Q2, asOf: AS_OF, university: null, quarters: 2, top: 0 }, built);
    expect(page.coverage.map((r) => r.university_code)).toEqual(['U2']);
    expect(page.province?.observer_coverage).toBeCloseTo(1 / 3, 12);
    expect(page.province).toMatchObject({ n_observed_branches: null, n_active_branches: null, n_unobserved_branches: null, n_observations: null, halt_count: null });
  });

  it('puts branches not observed in the last N quarters first, then by risk, and suggests for the next quarter', async () => {
    const two = await getObservationPage(PROVINCE, { period: Q2, asOf: AS_OF, university: null, quarters: 2, top: 0 }, built);
    expect(two.window).toEqual(['2024Q1', '2024Q2']);
    expect(two.nextQuarter).toBe('2024Q3');
    expect(two.suggestions.map((s) => [s.priority, s.branch_code, s.is_unobserved])).toEqual([
      [1, 'B2', true],
      ...two.suggestions.slice(1).map((s, i) => [i + 2, s.branch_code, false]),
    ]);
    const b2 = two.suggestions[0];
    // B2's only anomalies (A01 2024-05) was handed over (已转整改) above: it no longer counts as open.
    expect(b2.open_anomalies).toBe(0);
    expect(two.suggestions.find((s) => s.branch_code === 'B1')!.open_anomalies).toBe(1); // A12, 待核实
  });

  it('with N = 1 the branch observed only in Q1 is unobserved too; contact points are marked', async () => {
    const one = await getObservationPage(PROVINCE, { period: Q2, asOf: AS_OF, university: null, quarters: 1, top: 0 }, built);
    const unobserved = one.suggestions.filter((s) => s.is_unobserved).map((s) => s.branch_code);
    expect(unobserved.sort()).toEqual(['B2', 'B3']);
    expect(one.suggestions.find((s) => s.branch_code === 'B1')).toMatchObject({ is_contact_point: true, n_observations_window: 1, last_observed_on: '2024-05-10' });
    expect(one.suggestions.find((s) => s.branch_code === 'B2')!.last_observed_on).toBeNull();
  });

  it('returns the first `top` suggestions and every unobserved branch', async () => {
    const page = await getObservationPage(PROVINCE, { period: Q2, asOf: AS_OF, university: null, quarters: 1, top: 1 }, built);
    expect(page.nSuggestions).toBe(3);
    expect(page.suggestions.map((s) => s.priority)).toEqual([1]);
    expect(page.unobserved.map((s) => s.branch_code).sort()).toEqual(['B2', 'B3']);
    expect(readTop(new URLSearchParams('top=0'))).toEqual({ top: 0, problem: null });
    expect(readTop(new URLSearchParams('top=7'))).toEqual({ top: 200, problem: '7' });
  });

  it('scores risk as 100 − index + 5 per open anomaly, a missing index counting as 0', () => {
    expect(riskScore(80, 2)).toBe(30);
    expect(riskScore(null, 0)).toBe(100);
    const base = { is_unobserved: false, is_contact_point: false, branch_name: '甲', branch_code: 'X' };
    const rows = [
      { ...base, branch_code: 'high-index', index: 90, open_anomalies: 0 },
      { ...base, branch_code: 'anomalies', index: 90, open_anomalies: 3 },
      { ...base, branch_code: 'unobserved', index: 95, open_anomalies: 0, is_unobserved: true },
      { ...base, branch_code: 'low-index', index: 50, open_anomalies: 0 },
    ];
    expect(rows.sort(compareSuggestions).map((r) => r.branch_code)).toEqual(['unobserved', 'low-index', 'anomalies', 'high-index']);
  });

  it('reads N from the URL (1–8, default 2)', () => {
    expect(readQuarters(new URLSearchParams('quarters=4'))).toEqual({ quarters: 4, problem: null });
    expect(readQuarters(new URLSearchParams('quarters=9'))).toEqual({ quarters: 2, problem: '9' });
    expect(readQuarters(new URLSearchParams(''))).toEqual({ quarters: 2, problem: null });
  });
});

describe('整改: items by status, due and overdue, closure by university, ageing', () => {
  it('counts the items due in P by outcome and the overdue ones at as_of, matching the marts', async () => {
    const page = await getRectificationPage(PROVINCE, { period: Q2, asOf: AS_OF, university: null, filters: { view: 'all', status: null } }, built);
    expect(page.due).toEqual({ n_due: 3, n_closed_on_time: 1, n_closed_late: 1, n_open: 1 });
    expect(page.overdueOpen).toBe(1);
    // Universities in pinyin order: 示例 (shi) before 芜湖 (wu).
    expect(page.closure).toEqual([
      { university_code: 'U1', university_name: '示例大学', n_due: 3, n_closed_on_time: 1, n_closed_late: 1, n_open_due: 1, rectification_rate: 1 / 3, overdue_open: 1 },
      { university_code: 'U2', university_name: '芜湖学院', n_due: 0, n_closed_on_time: 0, n_closed_late: 0, n_open_due: 0, rectification_rate: null, overdue_open: 0 },
    ]);
    const marts = await world.rows("select university_code, rectification_rate, overdue_open from mart_university_period_indicators where period_code = '2024Q2' order by 1");
    expect(marts).toEqual([
      { university_code: 'U1', rectification_rate: 1 / 3, overdue_open: 1 },
      { university_code: 'U2', rectification_rate: null, overdue_open: 0 },
    ]);
    expect(page.byStatus.sort((a, b) => a.status.localeCompare(b.status))).toEqual(
      [
        { status: '已销号', n: 1, n_overdue: 0 },
        { status: '已整改', n: 1, n_overdue: 0 },
        { status: '整改中', n: 1, n_overdue: 1 },
        { status: '未整改', n: 1, n_overdue: 0 },
      ].sort((a, b) => a.status.localeCompare(b.status)),
    );
  });

  it('ages open items from the day they were found', async () => {
    const page = await getRectificationPage(PROVINCE, { period: Q2, asOf: AS_OF, university: null, filters: { view: 'open', status: null } }, built);
    expect(page.items.map((i) => [i.item_id, i.age_days, i.is_overdue, i.days_overdue])).toEqual([
      ['R3', 122, true, 1],
      ['R4', 11, false, null],
    ]);
    expect(page.ageing).toEqual([
      { bucket: 'd30', n_open: 1, n_overdue: 0 },
      { bucket: 'd60', n_open: 0, n_overdue: 0 },
      { bucket: 'd90', n_open: 0, n_overdue: 0 },
      { bucket: 'd180', n_open: 1, n_overdue: 1 },
      { bucket: 'older', n_open: 0, n_overdue: 0 },
    ]);
    expect([ageBucket(30), ageBucket(31), ageBucket(181)]).toEqual(['d30', 'd60', 'older']);
  });

  it('filters the list by view, status and university', async () => {
    const ids = async (view: 'all' | 'due' | 'overdue' | 'open', status: '未整改' | '整改中' | '已整改' | '已销号' | null, university: string | null = null) =>
      (await getRectificationPage(PROVINCE, { period: Q2, asOf: AS_OF, university, filters: { view, status } }, built)).items.map((i) => i.item_id).sort();
    expect(await ids('due', null)).toEqual(['R1', 'R2', 'R3']);
    expect(await ids('overdue', null)).toEqual(['R3']);
    expect(await ids('all', '未整改')).toEqual(['R4']);
    expect(await ids('all', null, 'U2')).toEqual(['R4']);
    expect(readRectificationFilters(new URLSearchParams('view=late&status=已整改'))).toEqual({ filters: { view: 'all', status: '已整改' }, problems: ['late'] });
  });
});

describe('整改: the list is limited on the server, the figures are not', () => {
  const q = { period: Q2, asOf: AS_OF, university: null, filters: { view: 'all' as const, status: null } };

  it('carries the first 500 items by default', () => {
    expect(ITEM_LIMIT).toBe(500);
  });

  it('computes every figure over all items when the list is cut to fewer rows', async () => {
    const full = await getRectificationPage(PROVINCE, q, built);
    expect(full.items).toHaveLength(4);
    for (const limit of [1, 2, 3]) {
      const cut = await getRectificationPage(PROVINCE, { ...q, limit }, built);
      expect(cut.items).toHaveLength(limit);
      expect(cut.nItems).toBe(4);
      const { items: _cutItems, ...cutFigures } = cut;
      const { items: _fullItems, ...fullFigures } = full;
      expect(cutFigures).toEqual(fullFigures);
    }
    // The figures written out (world.ts): 3 due in Q2 (1 on time, 1 late, 1 open), 1 overdue.
    const cut = await getRectificationPage(PROVINCE, { ...q, limit: 1 }, built);
    expect(cut.due).toEqual({ n_due: 3, n_closed_on_time: 1, n_closed_late: 1, n_open: 1 });
    expect(cut.overdueOpen).toBe(1);
    expect(cut.byStatus.map((s) => [s.status, s.n, s.n_overdue])).toEqual([['未整改', 1, 0], ['整改中', 1, 1], ['已整改', 1, 0], ['已销号', 1, 0]]);
    expect(cut.ageing.reduce((n, b) => n + b.n_open, 0)).toBe(2);
    expect(cut.closure.map((u) => [u.university_code, u.n_due, u.rectification_rate, u.overdue_open])).toEqual([['U1', 3, 1 / 3, 1], ['U2', 0, null, 0]]);
  });

  it('keeps the most urgent first: overdue first, then by due date; the total is of the filtered list', async () => {
    const all = await listRectificationItems(PROVINCE, q, built);
    expect(all.map((i) => i.item_id)).toEqual(['R3', 'R1', 'R2', 'R4']);
    const cut = await getRectificationPage(PROVINCE, { ...q, limit: 2 }, built);
    expect(cut.items).toEqual(all.slice(0, 2));
    const open = await getRectificationPage(PROVINCE, { ...q, filters: { view: 'open', status: null }, limit: 1 }, built);
    expect([open.items.map((i) => i.item_id), open.nItems]).toEqual([['R3'], 2]);
    const closed = await getRectificationPage(PROVINCE, { ...q, filters: { view: 'all', status: '已整改' }, limit: 1 }, built);
    expect([closed.items.map((i) => i.item_id), closed.nItems]).toEqual([['R2'], 1]);
  });

  it('lists every item for the export, in the scope asked', async () => {
    const u2: Scope = { role: 'university', universityCode: 'U2' };
    expect((await listRectificationItems(u2, q, built)).map((i) => i.item_id)).toEqual(['R4']);
    expect((await getRectificationPage(u2, { ...q, limit: 1 }, built)).nItems).toBe(1);
    const c1: Scope = { role: 'college', universityCode: 'U1', collegeCode: 'C1' };
    expect((await listRectificationItems(c1, q, built)).map((i) => i.item_id)).toEqual(['R3', 'R1', 'R2']);
  });
});

describe('列席: the lists are limited on the server, their counts are not', () => {
  const q = { period: Q2, asOf: AS_OF, university: null, quarters: 1, top: 0 };

  it('carries the first 500 rows of each list by default', () => {
    expect(LIST_LIMIT).toBe(500);
  });

  it('cuts the suggested list and the unobserved branches to the limit, in suggested order, with their totals', async () => {
    const full = await getObservationPage(PROVINCE, q, built);
    const cut = await getObservationPage(PROVINCE, { ...q, limit: 1 }, built);
    expect(full.unobserved.length).toBeGreaterThan(1);
    expect(cut.suggestions).toEqual(full.suggestions.slice(0, 1));
    expect(cut.unobserved).toEqual(full.unobserved.slice(0, 1));
    expect([cut.nList, cut.nSuggestions, cut.nUnobserved]).toEqual([full.suggestions.length, full.nSuggestions, full.unobserved.length]);
    expect(cut.coverage).toEqual(full.coverage);
    expect(cut.province).toEqual(full.province);
    // `top` chooses the list; the limit only what the page carries of it.
    const top2 = await getObservationPage(PROVINCE, { ...q, top: 2, limit: 1 }, built);
    expect([top2.suggestions.length, top2.nList, top2.nSuggestions]).toEqual([1, 2, 3]);
  });

  it('exports each list in full, in the scope asked', async () => {
    const full = await getObservationPage(PROVINCE, q, built);
    expect(await listObservationRows(PROVINCE, q, 'suggestions', built)).toEqual(full.suggestions);
    expect(await listObservationRows(PROVINCE, q, 'unobserved', built)).toEqual(full.unobserved);
    expect(await listObservationRows(PROVINCE, { ...q, top: 2 }, 'suggestions', built)).toEqual(full.suggestions.slice(0, 2));
    const u2: Scope = { role: 'university', universityCode: 'U2' };
    expect((await listObservationRows(u2, q, 'suggestions', built)).map((r) => r.branch_code)).toEqual(['B3']);
  });
});

describe('案例: the submission matrix since 2022Q2', () => {
  it('has a column per quarter from 2022Q2 to the quarter of as_of, the last one not yet owed', async () => {
    const page = await getCasesPage(PROVINCE, Q2, AS_OF, built);
    expect(page.firstQuarter).toBe('2022Q2');
    expect(page.quarters[0]).toEqual({ code: '2022Q2', is_required: true });
    expect(page.quarters.at(-1)).toEqual({ code: '2024Q3', is_required: false });
    expect(page.quarters.length).toBe(10);
    const u1 = page.matrix.find((r) => r.university_code === 'U1')!;
    expect([u1.cases['2024Q1'], u1.excellent['2024Q1'], u1.cases['2024Q2'], u1.cases['2023Q4']]).toEqual([1, 1, 1, 0]);
    expect([u1.n_met, u1.n_required, u1.case_compliance]).toEqual([2, 9, 1]);
    const u2 = page.matrix.find((r) => r.university_code === 'U2')!;
    expect([u2.n_met, u2.case_compliance]).toEqual([1, 0]);
    expect(page.excellentPerQuarter.find((q) => q.quarter === '2024Q1')).toEqual({ quarter: '2024Q1', n: 1 });
    expect(page.excellentCases.map((c) => [c.case_id, c.branch_name])).toEqual([['K1', '文学院第一党支部']]);
  });
});

describe('干部: dual organisational life', () => {
  it('gives the rate by university and lists the cadres who missed quarters', async () => {
    const page = await getCadresPage(PROVINCE, Q2, null, built);
    expect(page.quarters).toEqual(['2024Q2']);
    expect(page.byUniversity.map((r) => [r.university_code, r.n_required, r.n_met, r.dual_life_rate, r.n_cadres_missing])).toEqual([
      ['U1', 1, 0, 0, 1],
      ['U2', 1, 1, 1, 0],
    ]);
    expect(page.province).toEqual({ n_required: 2, n_met: 1, dual_life_rate: 0.5, n_cadres: 2, n_cadres_missing: 1 });
    expect(page.cadres).toEqual([
      {
        member_id: 'B1M01', name: '张*华', branch_code: 'B1', branch_name: '文学院第一党支部', university_code: 'U1', university_name: '示例大学',
        college_name: '文学院党委', n_required: 1, n_met: 0, missed_quarters: ['2024Q2'], missed_text: '2024Q2',
      },
    ]);
    const year = await getCadresPage(PROVINCE, parsePeriod('2024')!, 'U1', built);
    expect(year.quarters).toEqual(['2024Q1', '2024Q2']);
    expect(year.byUniversity.map((r) => [r.university_code, r.n_required, r.n_met])).toEqual([['U1', 2, 1]]);
  });
});

describe('数据: runs, files and quarantined rows', () => {
  it('shows the latest run by default, its files and its quarantined rows', async () => {
    await world.connection.run(`
      insert into ingest_runs (run_id, started_at, finished_at, status, n_files, rows_loaded, rows_updated, rows_quarantined)
      values ('r1', timestamp '2024-07-02 09:00:00', timestamp '2024-07-02 09:00:03', 'committed', 1, 10, 0, 1),
             ('r2', timestamp '2024-07-03 09:00:00', timestamp '2024-07-03 09:00:03', 'committed', 1, 5, 1, 1)`);
    await world.connection.run(`
      insert into source_files (file_id, run_id, path, sha256, bytes, table_name, status, rows_read, rows_loaded, rows_quarantined)
      values (101, 'r1', '上传/党员.csv', 'a', 100, 'members', 'loaded', 11, 10, 1), (102, 'r2', '上传/活动.csv', 'b', 50, 'activities', 'loaded', 6, 5, 1)`);
    await world.connection.run(`
      insert into quarantine (run_id, file_id, path, line, table_name, column_name, value, reason, reason_code)
      values ('r1', 101, '上传/党员.csv', 7, 'members', 'member_status', '群众', '党员类别“群众”不在允许值中', 'bad_value'),
             ('r2', 102, '上传/活动.csv', 3, 'activities', 'activity_type', '座谈会', '活动类型“座谈会”不在允许值中', 'bad_value')`);
    const latest = await getDataPage(PROVINCE, null);
    expect(latest.run?.run_id).toBe('r2');
    expect(latest.runs.map((r) => r.run_id)).toEqual(['r2', 'r1']);
    expect(latest.files.map((f) => [f.path, f.rows_loaded])).toEqual([['上传/活动.csv', 5]]);
    expect(latest.quarantined.map((q) => [q.line, q.column, q.value])).toEqual([[3, 'activity_type', '座谈会']]);
    expect(latest.status.tables.activities).toBe(18);
    expect(latest.status.as_of).toBe('2024-07-01');
    const first = await getDataPage(PROVINCE, 'r1');
    expect(first.quarantined.map((q) => q.reason)).toEqual(['党员类别“群众”不在允许值中']);
    expect(first.quarantinedTotal).toBe(1);
  });

  it("counts for a university or a college only its own units' rows, and none of the province's runs", async () => {
    const u2 = await getDataPage({ role: 'university', universityCode: 'U2' }, null);
    expect(u2.status.tables).toMatchObject({ universities: 1, org_units: 3, members: 3, activities: 6, attendance: 18, observations: 1, rectifications: 1, cases: 1 });
    expect([u2.status.quarantined, u2.status.runs, u2.runs.length, u2.status.as_of]).toEqual([0, 0, 0, '2024-07-01']);
    const c1 = await getDataPage({ role: 'college', universityCode: 'U1', collegeCode: 'C1' }, null);
    expect(c1.status.tables).toMatchObject({ universities: 1, org_units: 3, members: 7, activities: 12, observations: 1, rectifications: 3 });
    expect([c1.status.quarantined, c1.status.runs]).toEqual([0, 0]);
  });
});
