/**
 * The 质效指数 and the rankings (indicators.md "The index", "Rankings"), on tiny hand-built data
 * with the expected figures written out. Months of 2024, as_of 2024-02-29: the only pair a branch
 * owes in a month is its 主题党日 (no members ≥ 7, no groups), and no activity is political.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCheckError } from '../../models/checks.ts';
import { World, approx, times } from './helpers.ts';

/** Branch index with regularity 1 and participation p, political share 0, other components NULL. */
const indexOf = (p: number) => (100 * (0.3 * 1 + 0.2 * p + 0.1 * 0)) / (0.3 + 0.2 + 0.1);

describe('index and rankings', () => {
  let w: World;
  const themeDay = async (id: string, branch: string, at: string, attended: number, extra = {}) => {
    await w.activity(id, branch, '主题党日', at, extra);
    await w.roll(id, branch, [...times(attended, '出席'), ...times(10 - attended, '缺席')]);
  };
  beforeAll(async () => {
    w = await World.create();
    await w.insert('universities', [{ university_code: 'U2', university_name: '第二大学', city: '芜湖' }]);
    await w.insert('org_units', [{ org_code: 'U2', org_name: '第二大学党委', org_type: '高校党委', parent_code: null, university_code: 'U2', branch_category: null }]);
    await w.branches(
      { org_code: 'B1' }, { org_code: 'B2' }, { org_code: 'B3' }, { org_code: 'B4' },
      { org_code: 'B5', dissolved_on: '2024-01-20' }, // active in January, owes nothing: NULL index
      { org_code: 'B6', parent_code: 'U2', university_code: 'U2' },
      { org_code: 'B7', parent_code: 'U2', university_code: 'U2' },
    );
    // January: participation 10, 8, 8, 5 of 10
    await themeDay('J1', 'B1', '2024-01-10 09:00', 10);
    await themeDay('J2', 'B2', '2024-01-10 09:00', 8);
    await themeDay('J3', 'B3', '2024-01-10 09:00', 8);
    await themeDay('J4', 'B4', '2024-01-10 09:00', 5);
    // U2: B6 has no roll but a political share of 1/3; B7 as B1. Both 83.33 once rounded.
    await w.activity('J6a', 'B6', '主题党日', '2024-01-10 09:00', { content_tags: ['理论学习'] });
    await w.activity('J6b', 'B6', '党课', '2024-01-11 09:00');
    await w.activity('J6c', 'B6', '党课', '2024-01-12 09:00');
    await themeDay('J7', 'B7', '2024-01-10 09:00', 10);
    // February: B1 9/10, B2 8/10, B3 nothing, B4 10/10 and observed (quality 70)
    await themeDay('F1', 'B1', '2024-02-10 09:00', 9);
    await themeDay('F2', 'B2', '2024-02-10 09:00', 8);
    await themeDay('F4', 'B4', '2024-02-10 09:00', 10);
    await w.insert('observations', [
      { observation_id: 'O1', activity_id: 'F4', score_political: 70, score_contemporary: 70, score_principled: 70, score_combative: 70 },
    ]);
    await w.build({ asOf: '2024-02-29' });
  });
  afterAll(() => w.close());

  const branches = (period: string, university = 'U1') =>
    w.rows('select branch_code, index, rank, rank_change from mart_branch_period_indicators where period_code = $p and university_code = $u order by rank nulls last, branch_code', { p: period, u: university });

  it('computes the branch index over the non-NULL components, weights renormalised (quality, rectification, dual life NULL)', async () => {
    const jan = await branches('2024-01');
    expect(jan.map((r) => r.branch_code)).toEqual(['B1', 'B2', 'B3', 'B4', 'B5']);
    expect(approx(jan[0].index, indexOf(1))).toBe(true); // 83.33
    expect(approx(jan[1].index, indexOf(0.8))).toBe(true); // 76.67
    expect(approx(jan[3].index, indexOf(0.5))).toBe(true); // 66.67
    expect(jan[4].index).toBeNull();
  });

  it('adds quality_score / 100 with weight 0.25 when it is present', async () => {
    const b4 = await w.one("select index, quality_score from mart_branch_period_indicators where branch_code = 'B4' and period_code = '2024-02'");
    expect(b4.quality_score).toBe(70);
    expect(approx(b4.index, (100 * (0.3 + 0.2 + 0.25 * 0.7 + 0.1 * 0)) / (0.3 + 0.2 + 0.25 + 0.1))).toBe(true); // 79.41
  });

  it('shares ranks on equal rounded values (1, 2, 2, 4) and lists NULL indices last, unranked', async () => {
    expect((await branches('2024-01')).map((r) => [r.branch_code, r.rank])).toEqual([
      ['B1', 1], ['B2', 2], ['B3', 2], ['B4', 4], ['B5', null],
    ]);
    // 83.33333333333334 vs 83.33333333333331: compared rounded to 2 decimals, a tie
    expect((await branches('2024-01', 'U2')).map((r) => [r.branch_code, r.rank])).toEqual([['B6', 1], ['B7', 1]]);
  });

  it('gives rank_change = previous rank − rank (positive = rose), NULL without a previous rank', async () => {
    expect(await branches('2024-02')).toEqual([
      { branch_code: 'B1', index: indexOf(0.9), rank: 1, rank_change: 0 },
      { branch_code: 'B4', index: expect.any(Number), rank: 2, rank_change: 2 },
      { branch_code: 'B2', index: expect.any(Number), rank: 3, rank_change: -1 },
      { branch_code: 'B3', index: 0, rank: 4, rank_change: -2 }, // nothing held: regularity 0 is the only component
    ]);
    expect((await branches('2024-01')).every((r) => r.rank_change === null)).toBe(true); // 2023-12 is not reported
  });

  it('builds the college index as the mean of its branches’ indices', async () => {
    const c1 = await w.one("select index, rank, n_indexed_branches from mart_college_period_indicators where org_code = 'C1' and period_code = '2024-01'");
    expect(c1.n_indexed_branches).toBe(4);
    expect(approx(c1.index, (indexOf(1) + 2 * indexOf(0.8) + indexOf(0.5)) / 4)).toBe(true);
    expect(c1.rank).toBe(1);
  });

  it('builds the university index from the branch index mean (0.70), coverage (0.15) and case compliance (0.15), renormalised', async () => {
    const rows = await w.rows("select university_code, index, rank, branch_index_mean, observer_coverage, case_compliance from mart_university_period_indicators where period_code = '2024-01' order by rank");
    const u1Mean = (indexOf(1) + 2 * indexOf(0.8) + indexOf(0.5)) / 4;
    // months hold no case quarter: case_compliance is NULL and its weight drops out
    expect(rows.map((r) => [r.university_code, r.rank, r.observer_coverage, r.case_compliance])).toEqual([
      ['U2', 1, 0, null],
      ['U1', 2, 0, null],
    ]);
    expect(approx(rows[1].branch_index_mean, u1Mean)).toBe(true);
    expect(approx(rows[1].index, (100 * (0.7 * (u1Mean / 100) + 0.15 * 0)) / 0.85)).toBe(true);
    const feb = await w.one("select index, observer_coverage, branch_index_mean from mart_university_period_indicators where university_code = 'U1' and period_code = '2024-02'");
    expect(feb.observer_coverage).toBe(0.25); // B1–B4 active, B4 observed
    expect(approx(feb.index, (100 * (0.7 * (Number(feb.branch_index_mean) / 100) + 0.15 * 0.25)) / 0.85)).toBe(true);
  });

  it('reads the weights from the configuration, and refuses a configuration that misses one', async () => {
    const config = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync('models/config.json', 'utf8')));
    config.index_weights.branch.participation_rate = 0.6;
    await w.build({ asOf: '2024-02-29', config });
    const b4 = await w.one("select index from mart_branch_period_indicators where branch_code = 'B4' and period_code = '2024-01'");
    expect(approx(b4.index, (100 * (0.3 + 0.6 * 0.5)) / (0.3 + 0.6 + 0.1))).toBe(true);
    delete config.index_weights.branch.regularity;
    await expect(w.build({ asOf: '2024-02-29', config })).rejects.toThrow(ModelCheckError);
    await expect(w.build({ asOf: '2024-02-29', config })).rejects.toThrow(/config_known: 1 failing row/);
  });
});

// indicators.md "Rankings": "Indices are compared rounded half-up to 2 decimals": 84.9949996 is
// 84.99, below 85.00 (rounding it first to 6 decimals, 84.995000, would wrongly give 85.00), and
// 84.995 is 85.00 (here the mean of 84.99, 84.99, 84.99 and 85.01, which the doubles compute as
// 84.99499999999999: still 84.995, so half-up 85.00).
// Weights: the branch index is quality_score alone (its other weights 0) and the university index
// the mean of its branches' indices alone, so every index is the quality score given.
describe('ranking on indices rounded half-up to 2 decimals', () => {
  let w: World;
  const observed = async (branch: string, political: number, contemporary = political, principled = political, combative = political) => {
    await w.activity(`A${branch}`, branch, '主题党日', '2024-01-10 09:00');
    await w.insert('observations', [
      { observation_id: `O${branch}`, activity_id: `A${branch}`, score_political: political, score_contemporary: contemporary, score_principled: principled, score_combative: combative },
    ]);
  };
  beforeAll(async () => {
    w = await World.create();
    await w.insert('universities', [
      { university_code: 'U2', university_name: '第二大学', city: '芜湖' },
      { university_code: 'U3', university_name: '第三大学', city: '蚌埠' },
    ]);
    await w.insert('org_units', [
      { org_code: 'C2', org_name: '理学院党委', org_type: '院系党委', parent_code: 'U1', branch_category: null },
      { org_code: 'U2', org_name: '第二大学党委', org_type: '高校党委', parent_code: null, university_code: 'U2', branch_category: null },
      { org_code: 'U3', org_name: '第三大学党委', org_type: '高校党委', parent_code: null, university_code: 'U3', branch_category: null },
    ]);
    await w.branches(
      { org_code: 'B1' }, { org_code: 'B5' }, { org_code: 'B2', parent_code: 'C2' },
      { org_code: 'B3', parent_code: 'U2', university_code: 'U2' },
      { org_code: 'B4', parent_code: 'U3', university_code: 'U3' },
    );
    await observed('B1', 84.9949996);
    await observed('B5', 84.99, 84.99, 84.99, 85.01); // 84.995
    await observed('B2', 85);
    await observed('B3', 85);
    await observed('B4', 84.9949996);
    const config = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync('models/config.json', 'utf8')));
    config.index_weights.branch = {
      regularity: 0, participation_rate: 0, quality_score: 1, political_content_share: 0, rectification_rate: 0, dual_life_rate: 0,
    };
    config.index_weights.university = { branch_index_mean: 1, observer_coverage: 0, case_compliance: 0 };
    await w.build({ asOf: '2024-01-31', config });
  });
  afterAll(() => w.close());

  it('ranks branches: 85.0 and 84.995 share rank 1, 84.9949996 is 3rd', async () => {
    const rows = await w.rows("select branch_code, index, rank from mart_branch_period_indicators where period_code = '2024-01' and university_code = 'U1' order by rank, branch_code");
    expect(rows.map((r) => [r.branch_code, r.rank])).toEqual([['B2', 1], ['B5', 1], ['B1', 3]]);
    expect(approx(rows[0].index, 85)).toBe(true);
    expect(approx(rows[1].index, 84.995)).toBe(true);
    expect(rows[1].index).toBeLessThan(84.995); // 84.99499999999999: a plain round of the double gives 84.99
    expect(approx(rows[2].index, 84.9949996)).toBe(true);
  });

  it('ranks colleges: C2 (85.0) 1st, C1 (mean of 84.9949996 and 84.995 = 84.9949998) 2nd', async () => {
    const rows = await w.rows("select org_code, index, rank from mart_college_period_indicators where period_code = '2024-01' order by rank, org_code");
    expect(rows.map((r) => [r.org_code, r.rank])).toEqual([['C2', 1], ['C1', 2]]);
    expect(approx(rows[1].index, 84.9949998)).toBe(true);
  });

  it('ranks universities: U1 (84.99666…) and U2 (85.0) share rank 1, U3 (84.9949996) is 3rd', async () => {
    const rows = await w.rows("select university_code, index, rank from mart_university_period_indicators where period_code = '2024-01' order by rank, university_code");
    expect(rows.map((r) => [r.university_code, r.rank])).toEqual([['U1', 1], ['U2', 1], ['U3', 3]]);
    expect(approx(rows[0].index, (84.9949996 + 84.995 + 85) / 3)).toBe(true);
    expect(approx(rows[1].index, 85)).toBe(true);
    expect(approx(rows[2].index, 84.9949996)).toBe(true);
  });
});

// A branch can have data in P without existing in it (here: dissolved before January, with a
// rectification item due in January and closed on time). It keeps its figures, but is not
// ranked and does not weigh on its college's index, as the university's mean leaves it out.
describe('a branch not active in P', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.branches({ org_code: 'B1' }, { org_code: 'B2' }, { org_code: 'B9', dissolved_on: '2023-12-31' });
    await w.activity('J1', 'B1', '主题党日', '2024-01-10 09:00');
    await w.roll('J1', 'B1', [...times(8, '出席'), ...times(2, '缺席')]);
    await w.activity('J2', 'B2', '主题党日', '2024-01-10 09:00');
    await w.roll('J2', 'B2', times(10, '出席'));
    await w.insert('rectifications', [
      { item_id: 'R9', branch_code: 'B9', source: '专项督查', found_on: '2023-12-01', due_on: '2024-01-15', closed_on: '2024-01-10', status: '已销号' },
    ]);
    await w.build({ asOf: '2024-01-31' });
  });
  afterAll(() => w.close());

  it('keeps its figures but is not ranked; the active branches rank 1, 2', async () => {
    const rows = await w.rows(
      "select branch_code, is_active, index, rectification_rate, rank from mart_branch_period_indicators where period_code = '2024-01' order by rank nulls last, branch_code",
    );
    expect(rows).toEqual([
      { branch_code: 'B2', is_active: true, index: indexOf(1), rectification_rate: null, rank: 1 },
      { branch_code: 'B1', is_active: true, index: indexOf(0.8), rectification_rate: null, rank: 2 },
      { branch_code: 'B9', is_active: false, index: 100, rectification_rate: 1, rank: null },
    ]);
  });

  it('leaves it out of its college’s index mean, as out of its university’s', async () => {
    const c1 = await w.one("select index, n_indexed_branches from mart_college_period_indicators where org_code = 'C1' and period_code = '2024-01'");
    expect(c1.n_indexed_branches).toBe(2);
    expect(approx(c1.index, (indexOf(1) + indexOf(0.8)) / 2)).toBe(true); // 80, not (83.33 + 76.67 + 100) / 3
    const u1 = await w.one("select branch_index_mean from mart_university_period_indicators where university_code = 'U1' and period_code = '2024-01'");
    expect(approx(u1.branch_index_mean, (indexOf(1) + indexOf(0.8)) / 2)).toBe(true);
  });
});
