/**
 * Given/expect tests of the anomaly rules that judge a quarter or a year, or compare periods:
 * A07 (rating rule), A09 (participation drop), A10 (no year-end report), A12 (cadre absent).
 * They reuse the indicator models (int_branch_year_standard, int_branch_period_sums,
 * int_cadence_cells, int_cadre_quarters), so these tests also pin how the two agree.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnomalyWorld } from './anomalies-fixtures.ts';

let world: AnomalyWorld;
beforeEach(async () => {
  world = await AnomalyWorld.create();
});
afterEach(() => world.close());

const B1 = { university_code: 'U1', college_code: 'C1', branch_code: 'B1' };

/** `expected` attendance rows for an activity, the first `attended` of them 出席, the rest 缺席. */
function roll(activityId: string, expected: number, attended: number) {
  return Array.from({ length: expected }, (_, i) => ({
    activity_id: activityId,
    member_id: `M${String(i + 1).padStart(2, '0')}`,
    attendance_status: i < attended ? '出席' : '缺席',
  }));
}

/** A year of activities meeting every cadence rule of a small branch (no committee, no 党小组). */
function fullYear(branch: string, year: number) {
  const rows: { activity_id: string; branch_code: string; activity_type: string; started_at: string; content_tags?: string[] }[] = [];
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    rows.push({ activity_id: `${branch}-day-${mm}`, branch_code: branch, activity_type: '主题党日', started_at: `${year}-${mm}-05 14:00:00` });
  }
  for (const q of [1, 4, 7, 10]) {
    const mm = String(q).padStart(2, '0');
    rows.push({ activity_id: `${branch}-lecture-${mm}`, branch_code: branch, activity_type: '党课', started_at: `${year}-${mm}-10 14:00:00` });
    if (q !== 10)
      rows.push({ activity_id: `${branch}-assembly-${mm}`, branch_code: branch, activity_type: '支部党员大会', started_at: `${year}-${mm}-12 14:00:00` });
  }
  rows.push(
    { activity_id: `${branch}-yearend`, branch_code: branch, activity_type: '支部党员大会', started_at: `${year}-12-15 14:00:00`, content_tags: ['年度组织生活通报'] },
    { activity_id: `${branch}-life`, branch_code: branch, activity_type: '组织生活会', started_at: `${year}-12-18 14:00:00` },
    { activity_id: `${branch}-review`, branch_code: branch, activity_type: '民主评议党员', started_at: `${year}-12-20 14:00:00` },
  );
  return rows;
}

describe('A07_rating_inconsistent', () => {
  // indicators.md names no "ended by as_of" for A07 (it does for A01 and A10): a year still
  // running is judged on its figures so far (the pairs ended by as_of).
  it('fires for 好/较好 on a branch not up to standard in Y, an open year included, not for 一般 or an up-to-standard branch', async () => {
    await world.insert('org_units', [
      { org_code: 'B2', org_name: '二支部' },
      { org_code: 'B3', org_name: '三支部' },
      { org_code: 'B4', org_name: '四支部' },
    ]);
    const b3 = fullYear('B3', 2024);
    const b4 = fullYear('B4', 2024);
    await world.insert('activities', [
      ...b3,
      ...b4,
      // B4 is regular and attended, but an extra 党课 was halted and never redone
      { activity_id: 'B4-halted', branch_code: 'B4', activity_type: '党课', started_at: '2024-03-20 14:00:00' },
      { activity_id: 'late', branch_code: 'B3', started_at: '2025-01-31 14:00:00' },
    ]);
    await world.insert('attendance', [...b3, ...b4].map((a) => ({ activity_id: a.activity_id, member_id: 'M01' })));
    await world.insert('observations', [{ observation_id: 'O1', activity_id: 'B4-halted', halted: true }]);
    await world.insert('evaluations', [
      { year: 2024, branch_code: 'B1', rating: '好' }, // nothing held at all
      { year: 2024, branch_code: 'B2', rating: '一般' }, // nothing held, but not rated 好/较好
      { year: 2024, branch_code: 'B3', rating: '好' }, // up to standard
      { year: 2024, branch_code: 'B4', rating: '较好' },
      { year: 2025, branch_code: 'B1', rating: '好' }, // 2025 has not ended: January's 主题党日 is missed
    ]);
    expect(await world.anomalies('2025-01-31', 'A07_rating_inconsistent')).toEqual([
      {
        code: 'A07_rating_inconsistent', severity: 'high', ...B1, period: '2024', activity_id: null, member_id: null,
        evidence: {
          activity_ids: [], years: ['2024'], rating: '好', regularity: 0, participation_rate: null, n_halted_unresolved: 0,
        },
        message: '支部 文学院学生第一党支部（B1）书记 2024 年度述职评议为“好”，但该年组织生活未达标：规范执行率 0%（低于 90%）；参会率无法计算（无应到记录）',
      },
      {
        code: 'A07_rating_inconsistent', severity: 'high', ...B1, period: '2025', activity_id: null, member_id: null,
        evidence: {
          activity_ids: [], years: ['2025'], rating: '好', regularity: 0, participation_rate: null, n_halted_unresolved: 0,
        },
        message: '支部 文学院学生第一党支部（B1）书记 2025 年度述职评议为“好”，但该年组织生活未达标：规范执行率 0%（低于 90%）；参会率无法计算（无应到记录）',
      },
      {
        code: 'A07_rating_inconsistent', severity: 'high', ...B1, branch_code: 'B4', period: '2024', activity_id: null, member_id: null,
        evidence: {
          activity_ids: ['B4-halted'], years: ['2024'], rating: '较好', regularity: 1, participation_rate: 1, n_halted_unresolved: 1,
        },
        message: '支部 四支部（B4）书记 2024 年度述职评议为“较好”，但该年组织生活未达标：1 次被叫停的活动未在 30 天内补开',
      },
    ]);
  });
});

describe('A09_participation_drop', () => {
  it('fires for a drop of 0.20 or more against the previous month, quarter or year when both have ≥20 expected rows', async () => {
    await world.insert('org_units', [{ org_code: 'B2', org_name: '二支部' }]);
    await world.insert('activities', [
      { activity_id: 'P01', started_at: '2024-01-10 14:00:00' },
      { activity_id: 'P02', started_at: '2024-02-10 14:00:00' },
      { activity_id: 'P03', started_at: '2024-03-10 14:00:00' },
      { activity_id: 'P04', started_at: '2024-04-10 14:00:00' },
      { activity_id: 'P05', started_at: '2024-05-10 14:00:00' },
      { activity_id: 'P06', started_at: '2024-06-10 14:00:00' },
      { activity_id: 'Q01', branch_code: 'B2', started_at: '2024-01-10 14:00:00' },
      { activity_id: 'Q04', branch_code: 'B2', started_at: '2024-04-10 14:00:00' },
    ]);
    await world.insert('attendance', [
      ...roll('P01', 20, 17), // 0.85
      ...roll('P02', 20, 13), // 0.65: exactly 0.20 lower → fires
      ...roll('P03', 20, 13), // unchanged
      ...roll('P04', 20, 10), // 0.50: 0.15 lower
      ...roll('P05', 19, 19), // 1.00 but only 19 expected
      ...roll('P06', 20, 5), // 0.25: far lower than May, which is too small to compare
      ...roll('Q01', 20, 20), // B2 Q1 1.00
      ...roll('Q04', 20, 10), // B2 Q2 0.50 → fires for 2024Q2 (its months have no comparable neighbour)
    ]);
    expect(await world.anomalies('2024-06-30', 'A09_participation_drop')).toEqual([
      {
        code: 'A09_participation_drop', severity: 'medium', ...B1, period: '2024-02', activity_id: null, member_id: null,
        evidence: {
          activity_ids: ['P02'], periods: ['2024-01', '2024-02'],
          participation_rate: 0.65, previous_participation_rate: 0.85,
          n_attended: 13, n_expected: 20, previous_n_attended: 17, previous_n_expected: 20,
        },
        message: '支部 文学院学生第一党支部（B1）2024-02 参会率 65%（13/20），比 2024-01 的 85%（17/20）下降 20 个百分点',
      },
      {
        code: 'A09_participation_drop', severity: 'medium', ...B1, branch_code: 'B2', period: '2024Q2', activity_id: null, member_id: null,
        evidence: {
          activity_ids: ['Q04'], periods: ['2024Q1', '2024Q2'],
          participation_rate: 0.5, previous_participation_rate: 1,
          n_attended: 10, n_expected: 20, previous_n_attended: 20, previous_n_expected: 20,
        },
        message: '支部 二支部（B2）2024Q2 参会率 50%（10/20），比 2024Q1 的 100%（20/20）下降 50 个百分点',
      },
    ]);
  });

  // indicators.md names no "ended by as_of" for A09: a period still running is compared on its
  // activities so far.
  it('compares a period that has not ended by as_of on its activities so far', async () => {
    await world.insert('activities', [
      { activity_id: 'P01', started_at: '2024-01-10 14:00:00' },
      { activity_id: 'P02', started_at: '2024-02-10 14:00:00' },
    ]);
    await world.insert('attendance', [...roll('P01', 20, 20), ...roll('P02', 20, 2)]);
    expect((await world.anomalies('2024-02-28', 'A09_participation_drop')).map((r) => r.period)).toEqual(['2024-02']);
    expect((await world.anomalies('2024-02-29', 'A09_participation_drop')).map((r) => r.period)).toEqual(['2024-02']);
  });
});

describe('A10_no_year_end_report', () => {
  it('fires for an owed, ended year without a non-halted tagged 支部党员大会 in Nov–Dec, listing the near candidates', async () => {
    await world.insert('org_units', [
      { org_code: 'B2', org_name: '二支部', dissolved_on: '2024-06-30' },
      { org_code: 'B3', org_name: '三支部', established_on: '2024-02-01' },
    ]);
    const yearEnd = { activity_type: '支部党员大会', content_tags: ['年度组织生活通报'] };
    await world.insert('activities', [
      { activity_id: 'E23', ...yearEnd, started_at: '2023-12-20 14:00:00' },
      { activity_id: 'Y1', ...yearEnd, started_at: '2024-10-20 14:00:00' }, // October
      { activity_id: 'Y2', ...yearEnd, started_at: '2024-12-10 14:00:00' }, // halted
      { activity_id: 'Y3', activity_type: '支部党员大会', started_at: '2024-12-20 14:00:00' }, // no tag
      { activity_id: 'Y4', activity_type: '党课', started_at: '2024-12-21 14:00:00', content_tags: ['年度组织生活通报'] },
      { activity_id: 'E24', ...yearEnd, branch_code: 'B3', started_at: '2024-11-02 14:00:00' },
      { activity_id: 'N25', branch_code: 'B3', started_at: '2025-03-02 14:00:00' },
    ]);
    await world.insert('observations', [{ observation_id: 'O1', activity_id: 'Y2', halted: true }]);
    expect(await world.anomalies('2025-03-31', 'A10_no_year_end_report')).toEqual([
      {
        code: 'A10_no_year_end_report', severity: 'medium', ...B1, period: '2024', activity_id: null, member_id: null,
        evidence: {
          activity_ids: ['Y1', 'Y2', 'Y3'],
          years: ['2024'],
          candidates: [
            { activity_id: 'Y1', started_on: '2024-10-20', has_tag: true, in_months: false, is_halted: false },
            { activity_id: 'Y2', started_on: '2024-12-10', has_tag: true, in_months: true, is_halted: true },
            { activity_id: 'Y3', started_on: '2024-12-20', has_tag: false, in_months: true, is_halted: false },
          ],
        },
        message:
          '支部 文学院学生第一党支部（B1）2024 年没有召开通报全年组织生活的年终支部党员大会（11—12 月召开、内容含“年度组织生活通报”、未被叫停）；相关会议 Y1、Y2、Y3 均不符合',
      },
      {
        code: 'A10_no_year_end_report', severity: 'medium', ...B1, branch_code: 'B2', period: '2023', activity_id: null, member_id: null,
        evidence: { activity_ids: [], years: ['2023'], candidates: [] },
        message: '支部 二支部（B2）2023 年没有召开通报全年组织生活的年终支部党员大会（11—12 月召开、内容含“年度组织生活通报”、未被叫停）',
      },
    ]);
  });
});

describe('A12_cadre_absent', () => {
  it('fires for an ended quarter in which a cadre of the branch had no 出席 row at own-branch activities with as_ordinary_member not 否', async () => {
    await world.insert('org_units', [{ org_code: 'B2', org_name: '二支部' }]);
    await world.insert('members', [
      { member_id: 'K1', name: '王*', is_leading_cadre: true },
      { member_id: 'K2', name: '陈*', is_leading_cadre: true, joined_branch_on: '2024-07-01' },
      { member_id: 'K3', name: '林*', is_leading_cadre: false },
      { member_id: 'K4', name: '吴*', is_leading_cadre: true, left_branch_on: '2024-03-31' },
    ]);
    await world.insert('activities', [
      { activity_id: 'a1', started_at: '2024-01-15 14:00:00' },
      { activity_id: 'a2', started_at: '2024-04-15 14:00:00' },
      { activity_id: 'a3', started_at: '2024-07-15 14:00:00' },
      { activity_id: 'a3b', started_at: '2024-08-15 14:00:00' },
      { activity_id: 'b1', branch_code: 'B2', started_at: '2024-02-10 14:00:00' },
    ]);
    await world.insert('observations', [{ observation_id: 'O1', activity_id: 'a3', halted: true }]);
    await world.insert('attendance', [
      { activity_id: 'a1', member_id: 'K1', as_ordinary_member: null }, // Q1 met: unknown is not 否
      { activity_id: 'a2', member_id: 'K1', as_ordinary_member: false }, // Q2 not met
      { activity_id: 'a3', member_id: 'K1', as_ordinary_member: true }, // Q3 met at a halted meeting
      { activity_id: 'a3b', member_id: 'K2', attendance_status: '请假' }, // K2 joined in Q3: on leave only
      { activity_id: 'b1', member_id: 'K4', as_ordinary_member: true }, // another branch's activity
    ]);
    // as_of 2024-10-31: Q4 has not ended
    expect(await world.anomalies('2024-10-31', 'A12_cadre_absent')).toEqual([
      {
        code: 'A12_cadre_absent', severity: 'medium', ...B1, period: '2024Q1', activity_id: null, member_id: 'K4',
        evidence: {
          member_ids: ['K4'], activity_ids: [], months: ['2024-01', '2024-02', '2024-03'], n_branch_activities: 1, rows: [],
        },
        message: '支部 文学院学生第一党支部（B1）党员领导干部 吴*（K4）2024Q1 没有以普通党员身份参加本支部组织生活：本支部该季度活动 1 次，其出席 0 次、请假 0 次、缺席 0 次',
      },
      {
        code: 'A12_cadre_absent', severity: 'medium', ...B1, period: '2024Q2', activity_id: null, member_id: 'K1',
        evidence: {
          member_ids: ['K1'], activity_ids: ['a2'], months: ['2024-04', '2024-05', '2024-06'], n_branch_activities: 1,
          rows: [{ activity_id: 'a2', started_on: '2024-04-15', attendance_status: '出席', as_ordinary_member: false }],
        },
        message: '支部 文学院学生第一党支部（B1）党员领导干部 王*（K1）2024Q2 没有以普通党员身份参加本支部组织生活：本支部该季度活动 1 次，其出席 1 次（均注明非普通党员身份）、请假 0 次、缺席 0 次',
      },
      {
        code: 'A12_cadre_absent', severity: 'medium', ...B1, period: '2024Q3', activity_id: null, member_id: 'K2',
        evidence: {
          member_ids: ['K2'], activity_ids: ['a3b'], months: ['2024-07', '2024-08', '2024-09'], n_branch_activities: 2,
          rows: [{ activity_id: 'a3b', started_on: '2024-08-15', attendance_status: '请假', as_ordinary_member: null }],
        },
        message: '支部 文学院学生第一党支部（B1）党员领导干部 陈*（K2）2024Q3 没有以普通党员身份参加本支部组织生活：本支部该季度活动 2 次，其出席 0 次、请假 1 次、缺席 0 次',
      },
    ]);
  });
});
