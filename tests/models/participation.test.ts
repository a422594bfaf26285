/**
 * Participation (参会), observation (派员列席), content, form and criticism, on tiny hand-built data
 * with the expected figures written out (indicators.md "Participation", "Observation",
 * "Content, form, criticism").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World, approx, times } from './helpers.ts';

describe('participation, observation, content and criticism (as_of 2024-03-31)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.insert('org_units', [{ org_code: 'C2', org_name: '理学院党委', org_type: '院系党委', parent_code: 'U1', branch_category: null }]);
    await w.branches({ org_code: 'B1' }, { org_code: 'B2' }, { org_code: 'B3', parent_code: 'C2' }, { org_code: 'B4' });
    await w.members('B1', 7, { member_status: '预备党员' });
    await w.members('B2', 2);
    await w.members('B4', 5);
    // B1: three activities, two with rolls (列席 rows are not expected)
    await w.activity('P1', 'B1', '主题党日', '2024-01-10 09:00', { content_tags: ['理论学习', '志愿服务'], mode: '线上' });
    await w.roll('P1', 'B1', ['出席', '出席', '出席', '请假', '缺席', '列席', '列席']);
    await w.activity('P2', 'B1', '党课', '2024-02-10 09:00', { content_tags: ['业务工作'], mode: '线下' });
    await w.roll('P2', 'B1', ['出席', '出席', '出席', '出席', '缺席']);
    await w.activity('P3', 'B1', '支部党员大会', '2024-03-05 09:00', { mode: '线上线下结合' });
    // observations of B1: P1 twice (both halt it), P2 once without scores
    await w.insert('observations', [
      { observation_id: 'O1', activity_id: 'P1', score_political: 80, score_contemporary: 90, score_principled: 70, score_combative: 100, problems: ['形式化'], halted: true },
      { observation_id: 'O2', activity_id: 'P1', score_political: 60, score_contemporary: 70, score_principled: 80, score_combative: 90, halted: true },
      { observation_id: 'O3', activity_id: 'P2', problems: ['娱乐化'], halted: true },
    ]);
    // B2: one activity in January, nothing in February
    await w.activity('Q1', 'B2', '主题党日', '2024-01-15 09:00');
    await w.roll('Q1', 'B2', ['出席', '缺席']);
    // B4: two 组织生活会, one with a known criticism count
    await w.activity('L1', 'B4', '组织生活会', '2024-03-20 09:00', { criticism_count: 6, content_tags: ['批评与自我批评'] });
    await w.roll('L1', 'B4', ['出席', '出席', '出席', '缺席']);
    await w.activity('L2', 'B4', '组织生活会', '2024-03-25 09:00');
    await w.roll('L2', 'B4', times(5, '出席'));
    await w.build({ asOf: '2024-03-31' });
  });
  afterAll(() => w.close());

  const row = (table: string, keyColumn: string, key: string, period: string) =>
    // table and key column are fixed strings of this file
    w.one(`select * from ${table} where ${keyColumn} = $k and period_code = $p`, { k: key, p: period });

  it('counts expected / attended / on leave / absent from the attendance rows, 列席 excluded, halted activities included', async () => {
    const b1 = await row('mart_branch_period_indicators', 'branch_code', 'B1', '2024Q1');
    expect([b1.n_expected, b1.n_attended, b1.n_on_leave, b1.n_absent]).toEqual([10, 7, 1, 2]);
    expect(b1.participation_rate).toBe(0.7);
    expect(b1.leave_rate).toBe(0.1);
    expect(b1.absence_rate).toBe(0.2);
    const roll = await w.one("select n_expected, n_attended, n_on_leave, n_absent, n_sitting_in from int_activity_attendance where activity_id = 'P1'");
    expect(roll).toEqual({ n_expected: 5, n_attended: 3, n_on_leave: 1, n_absent: 1, n_sitting_in: 2 });
  });

  it('gives NULL, never 0, for a zero denominator', async () => {
    const feb = await row('mart_branch_period_indicators', 'branch_code', 'B2', '2024-02');
    expect(feb.participation_rate).toBeNull();
    expect(feb.leave_rate).toBeNull();
    expect(feb.political_content_share).toBeNull();
    expect(feb.online_share).toBeNull();
    expect(feb.quality_score).toBeNull();
    expect(feb.problem_rate).toBeNull();
    expect(feb.rectification_rate).toBeNull();
    expect(feb.dual_life_rate).toBeNull();
    expect(feb.observer_coverage).toBe(0);
    expect(feb.halt_count).toBe(0);
    const b3 = await row('mart_branch_period_indicators', 'branch_code', 'B3', '2024Q1');
    expect([b3.participation_rate, b3.political_content_share, b3.quality_score]).toEqual([null, null, null]);
  });

  it('scores observations: quality = mean of observation means, four dimension means, problem rate, halts counted once', async () => {
    const b1 = await row('mart_branch_period_indicators', 'branch_code', 'B1', '2024Q1');
    // O1 = 85, O2 = 75; O3 has no scores and is left out of the means, not of the problem rate
    expect(b1.quality_score).toBe(80);
    expect(b1.score_political).toBe(70);
    expect(b1.score_contemporary).toBe(80);
    expect(b1.score_principled).toBe(75);
    expect(b1.score_combative).toBe(95);
    expect(b1.problem_rate).toBe(2 / 3);
    expect(b1.n_observations).toBe(3);
    expect(b1.halt_count).toBe(2); // P1 halted by two observations counts once, P2 once
    expect(b1.observer_coverage).toBe(1);
  });

  it('measures observer coverage of a college and a university over their active branches', async () => {
    expect((await row('mart_college_period_indicators', 'org_code', 'C1', '2024Q1')).observer_coverage).toBe(1 / 3);
    expect((await row('mart_college_period_indicators', 'org_code', 'C2', '2024Q1')).observer_coverage).toBe(0);
    const u = await row('mart_university_period_indicators', 'university_code', 'U1', '2024Q1');
    expect(u.observer_coverage).toBe(0.25);
    expect(u.quality_score).toBe(80);
    expect(u.n_active_branches).toBe(4);
  });

  it('shares activities by content and form, halted ones included', async () => {
    const b1 = await row('mart_branch_period_indicators', 'branch_code', 'B1', '2024Q1');
    expect(b1.political_content_share).toBe(1 / 3); // P1 (理论学习) of P1, P2, P3
    expect(b1.online_share).toBe(2 / 3); // P1 线上, P3 线上线下结合
    expect((await row('mart_branch_period_indicators', 'branch_code', 'B1', '2024-01')).political_content_share).toBe(1);
  });

  // indicators.md: "Σ criticism_count over b's 组织生活会 in P / Σ attended of those meetings" —
  // the 出席 of a meeting whose count is not known are in the denominator too
  it('gives criticism per member for years only: known criticism counts over the 出席 of all 组织生活会', async () => {
    expect((await row('mart_branch_period_indicators', 'branch_code', 'B4', '2024')).criticism_per_member).toBe(0.75); // 6 items / (3 + 5) attended
    expect((await row('mart_branch_period_indicators', 'branch_code', 'B4', '2024Q1')).criticism_per_member).toBeNull();
    expect((await row('mart_branch_period_indicators', 'branch_code', 'B1', '2024')).criticism_per_member).toBeNull();
  });

  it('pools participation for the university: Σ attended / Σ expected, which differs from the mean of branch rates', async () => {
    const u = await row('mart_university_period_indicators', 'university_code', 'U1', '2024Q1');
    // B1 7/10, B2 1/2, B4 8/9 → pooled 16/21; mean of branch rates would be (0.7 + 0.5 + 8/9) / 3
    expect(approx(u.participation_rate, 16 / 21)).toBe(true);
    expect(Math.abs(Number(u.participation_rate) - (0.7 + 0.5 + 8 / 9) / 3)).toBeGreaterThan(0.01);
    const p = await w.one("select participation_rate, n_expected from mart_province_period_indicators where period_code = '2024Q1'");
    expect(p.n_expected).toBe(21);
    expect(approx(p.participation_rate, 16 / 21)).toBe(true);
  });
});

describe('criticism per member when no criticism count is known (as_of 2024-12-31)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.branches({ org_code: 'B1' });
    await w.members('B1', 3);
    await w.activity('L1', 'B1', '组织生活会', '2024-02-20 09:00');
    await w.roll('L1', 'B1', ['出席', '出席', '缺席']);
    await w.activity('T1', 'B1', '主题党日', '2024-12-31 09:00');
    await w.build();
  });
  afterAll(() => w.close());

  it('is NULL, not 0: Σ criticism_count over no known count is no figure', async () => {
    const b1 = await w.one("select criticism_per_member from mart_branch_period_indicators where branch_code = 'B1' and period_code = '2024'");
    expect(b1.criticism_per_member).toBeNull();
  });
});

// A branch dissolved on 31 January that still holds a meeting in February has a row and an index
// for February without being active in it.
describe('a branch with data in a month it is not active in (as_of 2024-02-29)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.branches({ org_code: 'B1' }, { org_code: 'B2', dissolved_on: '2024-01-31' });
    await w.members('B1', 2);
    await w.members('B2', 2);
    await w.activity('P1', 'B1', '主题党日', '2024-02-10 09:00');
    await w.roll('P1', 'B1', ['出席', '缺席']);
    await w.activity('Q1', 'B2', '主题党日', '2024-02-20 09:00');
    await w.roll('Q1', 'B2', ['出席', '出席']);
    await w.insert('observations', [{ observation_id: 'O1', activity_id: 'Q1' }]);
    await w.build();
  });
  afterAll(() => w.close());

  const branch = (code: string) =>
    w.one("select index as branch_index, observer_coverage, is_active from mart_branch_period_indicators where branch_code = $b and period_code = '2024-02'", { b: code });

  it('gives the branch an observer coverage of 1 or 0 all the same', async () => {
    expect(await branch('B2')).toMatchObject({ observer_coverage: 1, is_active: false });
    expect(await branch('B1')).toMatchObject({ observer_coverage: 0, is_active: true });
    // the university's coverage is over its active branches only: B1, not observed
    const u = await w.one("select observer_coverage from mart_university_period_indicators where period_code = '2024-02'");
    expect(u.observer_coverage).toBe(0);
  });

  it("takes the college's index as the mean of its active branches' indices, as the university's", async () => {
    const b1 = Number((await branch('B1')).branch_index);
    const b2 = Number((await branch('B2')).branch_index);
    expect(b1).not.toBe(b2);
    const c = await w.one("select index from mart_college_period_indicators where org_code = 'C1' and period_code = '2024-02'");
    expect(Number(c.index)).toBeCloseTo(b1, 9);
  });
});
