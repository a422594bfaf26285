/**
 * Rectification (整改), leading cadres' dual organisational life, typical cases, halted meetings
 * and the rating rule, on tiny hand-built data with the expected figures written out
 * (indicators.md "Rectification", "Leading cadres", "Cases", "Compliance with the plan's rating rule").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World, times } from './helpers.ts';

describe('rectification and leading cadres (as_of 2024-06-30)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.branches({ org_code: 'B1' }, { org_code: 'B2' });
    await w.insert('rectifications', [
      { item_id: 'R1', due_on: '2024-02-10', closed_on: '2024-02-01', status: '已销号' }, // Q1, on time
      { item_id: 'R2', due_on: '2024-03-01', closed_on: '2024-03-05', status: '已整改' }, // Q1, late
      { item_id: 'R3', due_on: '2024-03-20', status: '整改中' }, // Q1, open and overdue
      { item_id: 'R4', due_on: '2024-05-10', status: '未整改' }, // Q2, open and overdue
      { item_id: 'R5', due_on: '2024-07-15', status: '未整改' }, // due in 2024 after as_of: due in the year, not overdue
      { item_id: 'R6', due_on: '2024-04-10', closed_on: '2024-04-10', status: '已销号' }, // Q2, on time
    ]);
    await w.members('B1', 3, { is_leading_cadre: true }); // B1M01–B1M03
    await w.insert('members', [
      { member_id: 'B1M04', is_leading_cadre: true, joined_branch_on: '2024-04-01' },
      { member_id: 'B1M05' },
    ]);
    await w.activity('D1', 'B1', '主题党日', '2024-01-10 09:00');
    await w.insert('attendance', [
      { activity_id: 'D1', member_id: 'B1M01', attendance_status: '出席' }, // as_ordinary_member unknown: counts
      { activity_id: 'D1', member_id: 'B1M02', attendance_status: '请假' },
      { activity_id: 'D1', member_id: 'B1M03', attendance_status: '出席', as_ordinary_member: false },
      { activity_id: 'D1', member_id: 'B1M05', attendance_status: '出席' },
    ]);
    await w.activity('D2', 'B1', '党课', '2024-02-10 09:00');
    await w.insert('attendance', [
      { activity_id: 'D2', member_id: 'B1M02', attendance_status: '请假' }, // on leave all quarter
      { activity_id: 'D2', member_id: 'B1M03', attendance_status: '出席', as_ordinary_member: false },
    ]);
    await w.activity('E1', 'B2', '主题党日', '2024-03-01 09:00'); // another branch's meeting does not count
    await w.insert('attendance', [{ activity_id: 'E1', member_id: 'B1M03', attendance_status: '出席', as_ordinary_member: true }]);
    await w.activity('D3', 'B1', '主题党日', '2024-05-10 09:00');
    await w.insert('attendance', [
      { activity_id: 'D3', member_id: 'B1M04', attendance_status: '出席', as_ordinary_member: true },
      { activity_id: 'D3', member_id: 'B1M01', attendance_status: '缺席' },
    ]);
    await w.activity('D4', 'B1', '主题党日', '2024-06-30 09:00');
    await w.build();
  });
  afterAll(() => w.close());

  const b1 = (period: string) => w.one("select * from mart_branch_period_indicators where branch_code = 'B1' and period_code = $p", { p: period });

  it('rates rectification as items closed by their due date over items due in the period', async () => {
    expect((await b1('2024Q1')).rectification_rate).toBe(1 / 3); // R1 of R1, R2, R3
    expect((await b1('2024Q2')).rectification_rate).toBe(0.5); // R6 of R4, R6
    // indicators.md: "Items due in P: due_on in P" — R5 is due in 2024, though after as_of
    expect((await b1('2024')).rectification_rate).toBe(1 / 3); // R1, R6 of R1–R6
    expect((await b1('2024-01')).rectification_rate).toBeNull();
  });

  it('counts overdue open items at as_of, the same for every period', async () => {
    expect((await b1('2024Q1')).overdue_open).toBe(2); // R3, R4
    expect((await b1('2024')).overdue_open).toBe(2);
    const u = await w.one("select overdue_open from mart_university_period_indicators where period_code = '2024Q2'");
    expect(u.overdue_open).toBe(2);
  });

  it('meets a cadre quarter with an 出席 row at an own-branch activity, as_ordinary_member not 否', async () => {
    const q = await w.rows("select member_id, quarter_code, is_required, is_met, n_attended_rows, n_on_leave_rows from int_cadre_quarters order by quarter_code, member_id");
    expect(q).toEqual([
      { member_id: 'B1M01', quarter_code: '2024Q1', is_required: true, is_met: true, n_attended_rows: 1, n_on_leave_rows: 0 },
      { member_id: 'B1M02', quarter_code: '2024Q1', is_required: true, is_met: false, n_attended_rows: 0, n_on_leave_rows: 2 },
      { member_id: 'B1M03', quarter_code: '2024Q1', is_required: true, is_met: false, n_attended_rows: 2, n_on_leave_rows: 0 },
      { member_id: 'B1M01', quarter_code: '2024Q2', is_required: true, is_met: false, n_attended_rows: 0, n_on_leave_rows: 0 },
      { member_id: 'B1M02', quarter_code: '2024Q2', is_required: true, is_met: false, n_attended_rows: 0, n_on_leave_rows: 0 },
      { member_id: 'B1M03', quarter_code: '2024Q2', is_required: true, is_met: false, n_attended_rows: 0, n_on_leave_rows: 0 },
      { member_id: 'B1M04', quarter_code: '2024Q2', is_required: true, is_met: true, n_attended_rows: 1, n_on_leave_rows: 0 },
    ]);
    expect((await b1('2024Q1')).dual_life_rate).toBe(1 / 3);
    expect((await b1('2024Q2')).dual_life_rate).toBe(0.25);
    expect((await b1('2024')).dual_life_rate).toBe(2 / 7);
    expect((await b1('2024-01')).dual_life_rate).toBeNull(); // no quarter lies inside a month
  });
});

// indicators.md: "overdue_open (at as_of) = items with status 未整改 or 整改中 and due_on < as_of":
// the status decides, not closed_on.
describe('overdue open items are counted by status (as_of 2024-06-30)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.branches({ org_code: 'B1' });
    await w.insert('rectifications', [
      { item_id: 'R1', due_on: '2024-05-01', status: '未整改' }, // overdue and open
      { item_id: 'R2', due_on: '2024-05-01', closed_on: '2024-07-05', status: '已销号' }, // closed (after as_of): not open
      { item_id: 'R3', due_on: '2024-05-01' }, // no status: not 未整改 or 整改中
      { item_id: 'R4', due_on: '2024-06-30', status: '整改中' }, // due on as_of: not yet overdue
      { item_id: 'R5', due_on: '2024-06-29', closed_on: '2024-06-01', status: '整改中' }, // status says open
    ]);
    await w.activity('D1', 'B1', '主题党日', '2024-06-30 09:00');
    await w.build();
  });
  afterAll(() => w.close());

  it('counts items 未整改 or 整改中 whose due_on is before as_of', async () => {
    const b = await w.one("select overdue_open from mart_branch_period_indicators where branch_code = 'B1' and period_code = '2024Q2'");
    expect(b.overdue_open).toBe(2); // R1, R5
  });
});

// "overdue_open (at as_of)": a college's, university's or the province's counts the items of all its
// branches whatever the period — also a branch dissolved before the period, which has no row in it.
describe('overdue open items of a dissolved branch still count for the university in later periods (as_of 2024-06-30)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.branches({ org_code: 'B1' }, { org_code: 'B2', dissolved_on: '2024-01-31' });
    await w.insert('rectifications', [
      { item_id: 'R1', branch_code: 'B2', due_on: '2024-01-20', status: '未整改' },
      { item_id: 'R2', branch_code: 'B1', due_on: '2024-05-20', status: '整改中' },
    ]);
    await w.activity('D1', 'B1', '主题党日', '2024-01-10 09:00');
    await w.activity('D2', 'B1', '主题党日', '2024-06-30 09:00');
    await w.build();
  });
  afterAll(() => w.close());

  it('is the same in every period for the college, the university and the province', async () => {
    for (const period of ['2024-01', '2024Q1', '2024Q2', '2024-06', '2024']) {
      const u = await w.one('select overdue_open from mart_university_period_indicators where period_code = $p', { p: period });
      const c = await w.one("select overdue_open from mart_college_period_indicators where org_code = 'C1' and period_code = $p", { p: period });
      const p = await w.one('select overdue_open from mart_province_period_indicators where period_code = $p', { p: period });
      expect([period, u.overdue_open, c.overdue_open, p.overdue_open]).toEqual([period, 2, 2, 2]);
    }
  });
});

describe('typical cases of universities (as_of 2022-12-31)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.insert('universities', [{ university_code: 'U2', university_name: '第二大学', city: '芜湖' }]);
    await w.insert('org_units', [{ org_code: 'U2', org_name: '第二大学党委', org_type: '高校党委', parent_code: null, university_code: 'U2', branch_category: null }]);
    await w.branches({ org_code: 'B1' }, { org_code: 'B9', parent_code: 'U2', university_code: 'U2' });
    await w.activity('A1', 'B1', '主题党日', '2022-01-05 09:00');
    await w.insert('cases', [
      { case_id: 'K0', quarter: '2022Q1' }, // before 2022Q2: not required, not counted
      { case_id: 'K1', quarter: '2022Q2', selection: '未推报' },
      { case_id: 'K2', quarter: '2022Q4', selection: '省级优秀' },
      { case_id: 'K3', quarter: '2022Q4', selection: '已推报' },
      // submitted after as_of: indicators.md names no submission date, so it counts for 2022Q4
      { case_id: 'K4', university_code: 'U2', branch_code: 'B9', quarter: '2022Q4', selection: '省级优秀', submitted_on: '2023-01-05' },
    ]);
    await w.build({ asOf: '2022-12-31' });
  });
  afterAll(() => w.close());

  const u = (code: string, period: string) =>
    w.one('select case_compliance, excellent_cases, n_case_quarters_required from mart_university_period_indicators where university_code = $u and period_code = $p', { u: code, p: period });

  it('requires one case a quarter from 2022Q2 on and counts excellent cases', async () => {
    expect(await u('U1', '2022')).toEqual({ case_compliance: 2 / 3, excellent_cases: 1, n_case_quarters_required: 3 });
    expect(await u('U1', '2022Q1')).toEqual({ case_compliance: null, excellent_cases: 0, n_case_quarters_required: 0 });
    expect(await u('U1', '2022Q3')).toEqual({ case_compliance: 0, excellent_cases: 0, n_case_quarters_required: 1 });
    expect(await u('U1', '2022-11')).toEqual({ case_compliance: null, excellent_cases: null, n_case_quarters_required: 0 });
    expect(await u('U2', '2022')).toEqual({ case_compliance: 1 / 3, excellent_cases: 1, n_case_quarters_required: 3 }); // K4
  });

  it('pools cases for the province and leaves them NULL for branches', async () => {
    const p = await w.one("select case_compliance, excellent_cases from mart_province_period_indicators where period_code = '2022'");
    expect(p).toEqual({ case_compliance: 3 / 6, excellent_cases: 2 });
    const city = await w.one("select case_compliance from mart_city_period_indicators where city = '芜湖' and period_code = '2022'");
    expect(city.case_compliance).toBe(1 / 3);
    const b = await w.one("select case_compliance, excellent_cases from mart_branch_period_indicators where branch_code = 'B1' and period_code = '2022'");
    expect(b).toEqual({ case_compliance: null, excellent_cases: null });
  });
});

describe('halted meetings, redos and the rating rule (as_of 2024-03-31)', () => {
  let w: World;
  /**
   * A branch holding every Q1 pair (theme day Jan–Mar, assembly, lecture), rolls of 9 出席 + 1 other;
   * its ten members are probationary, so no 支委会 is owed.
   */
  const quarter = async (branch: string, other: string) => {
    await w.members(branch, 10, { member_status: '预备党员' });
    const held: [string, string, string][] = [
      [`${branch}-T1`, '主题党日', '2024-01-25 09:00'],
      [`${branch}-T2`, '主题党日', '2024-02-25 09:00'],
      [`${branch}-T3`, '主题党日', '2024-03-25 09:00'],
      [`${branch}-S1`, '支部党员大会', '2024-02-26 09:00'],
      [`${branch}-L1`, '党课', '2024-03-26 09:00'],
    ];
    for (const [id, type, at] of held) {
      await w.activity(id, branch, type, at);
      await w.roll(id, branch, [...times(9, '出席'), other]);
    }
  };
  beforeAll(async () => {
    w = await World.create();
    await w.branches({ org_code: 'S1' }, { org_code: 'S2' }, { org_code: 'S3' }, { org_code: 'S4' });
    await quarter('S1', '缺席');
    await quarter('S2', '请假');
    await quarter('S3', '缺席');
    await quarter('S4', '缺席');
    // S1: halted on 5 Jan, redone on 20 Jan (15 days)
    await w.activity('H1', 'S1', '主题党日', '2024-01-05 09:00');
    await w.activity('R1', 'S1', '主题党日', '2024-01-20 09:00', { redo_of: 'H1' });
    // S2: halted on 5 Jan, redone only on 14 Feb (40 days)
    await w.activity('H2', 'S2', '主题党日', '2024-01-05 09:00');
    await w.activity('R2', 'S2', '主题党日', '2024-02-14 09:00', { redo_of: 'H2' });
    // S3: halted on 20 March, no redo yet: the window is still open at as_of
    await w.activity('H3', 'S3', '党课', '2024-03-20 09:00');
    // S4: a sixth roll of 3 出席 + 7 缺席 drags participation to 48/60 = 0.80
    await w.activity('X4', 'S4', '主题党日', '2024-03-27 09:00');
    await w.roll('X4', 'S4', [...times(3, '出席'), ...times(7, '缺席')]);
    await w.insert('observations', [
      { observation_id: 'O1', activity_id: 'H1', halted: true, score_political: 50, score_contemporary: 50, score_principled: 50, score_combative: 50 },
      { observation_id: 'O2', activity_id: 'H2', halted: true },
      { observation_id: 'O3', activity_id: 'H3', halted: true },
      { observation_id: 'O4', activity_id: 'H1', halted: false },
    ]);
    await w.insert('evaluations', [
      { year: 2024, branch_code: 'S1', rating: '好' },
      { year: 2024, branch_code: 'S2', rating: '较好' },
      { year: 2024, branch_code: 'S4', rating: '一般' },
    ]);
    await w.build({ asOf: '2024-03-31' });
  });
  afterAll(() => w.close());

  it('lists halted activities with their redo and whether it came within 30 days (a halt with none yet is unresolved, its window still open)', async () => {
    const rows = await w.rows('select activity_id, redo_activity_id, days_to_redo, is_redone_in_time, is_redo_window_open, is_unresolved from int_halted_activities order by 1');
    expect(rows).toEqual([
      { activity_id: 'H1', redo_activity_id: 'R1', days_to_redo: 15, is_redone_in_time: true, is_redo_window_open: false, is_unresolved: false },
      { activity_id: 'H2', redo_activity_id: 'R2', days_to_redo: 40, is_redone_in_time: false, is_redo_window_open: false, is_unresolved: true },
      { activity_id: 'H3', redo_activity_id: null, days_to_redo: null, is_redone_in_time: false, is_redo_window_open: true, is_unresolved: true },
    ]);
  });

  it('never lets a halted activity meet a cadence pair', async () => {
    const jan = await w.one("select is_met, met_activity_id from mart_cadence_cells where branch_code = 'S1' and period_code = '2024-01' and rule_code = 'theme_day_monthly'");
    expect(jan).toEqual({ is_met: true, met_activity_id: 'R1' });
    const lecture = await w.one("select n_matching_activities from mart_cadence_cells where branch_code = 'S3' and period_code = '2024Q1' and rule_code = 'lecture_quarterly'");
    expect(lecture.n_matching_activities).toBe(1); // L1 only, not the halted H3
  });

  it('checks the rating rule: up to standard needs regularity ≥ 0.90, participation ≥ 0.85 and every halt redone in 30 days', async () => {
    const rows = await w.rows('select branch_code, regularity, participation_rate, n_halted_unresolved, is_up_to_standard, rating, is_rating_inconsistent from mart_branch_year_standard order by 1');
    expect(rows).toEqual([
      { branch_code: 'S1', regularity: 1, participation_rate: 0.9, n_halted_unresolved: 0, is_up_to_standard: true, rating: '好', is_rating_inconsistent: false },
      { branch_code: 'S2', regularity: 1, participation_rate: 0.9, n_halted_unresolved: 1, is_up_to_standard: false, rating: '较好', is_rating_inconsistent: true },
      { branch_code: 'S3', regularity: 1, participation_rate: 0.9, n_halted_unresolved: 1, is_up_to_standard: false, rating: null, is_rating_inconsistent: false },
      { branch_code: 'S4', regularity: 1, participation_rate: 48 / 60, n_halted_unresolved: 0, is_up_to_standard: false, rating: '一般', is_rating_inconsistent: false },
    ]);
  });

  it('counts halts per branch and period', async () => {
    const rows = await w.rows("select branch_code, halt_count from mart_branch_period_indicators where period_code = '2024Q1' order by 1");
    expect(rows).toEqual([
      { branch_code: 'S1', halt_count: 1 },
      { branch_code: 'S2', halt_count: 1 },
      { branch_code: 'S3', halt_count: 1 },
      { branch_code: 'S4', halt_count: 0 },
    ]);
  });
});
