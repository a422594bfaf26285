/**
 * Given/expect tests of the month-based anomaly rules: A01 (silent month) and
 * A02 (chronic absentee over a rolling 6-month window).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnomalyWorld } from './anomalies-fixtures.ts';

let world: AnomalyWorld;
beforeEach(async () => {
  world = await AnomalyWorld.create();
});
afterEach(() => world.close());

describe('A01_silent_month', () => {
  it('fires for each month ended by as_of in which an active branch held nothing, from the start of its university’s data', async () => {
    await world.insert('universities', [{ university_code: 'U2', university_name: '第二大学' }]);
    await world.insert('org_units', [
      { org_code: 'B2', org_name: '新建支部', established_on: '2024-03-20' },
      { org_code: 'B5', org_name: '撤销支部', dissolved_on: '2024-01-31' },
      { org_code: 'U2', org_name: '第二大学党委', org_type: '高校党委', university_code: 'U2', parent_code: null, branch_category: null },
      { org_code: 'B3', org_name: '二校甲支部', university_code: 'U2', parent_code: 'U2' },
      { org_code: 'B4', org_name: '二校乙支部', university_code: 'U2', parent_code: 'U2' },
    ]);
    await world.insert('activities', [
      { activity_id: 'B1-01', started_at: '2024-01-10 14:00:00' },
      { activity_id: 'B1-02', started_at: '2024-02-10 14:00:00' },
      { activity_id: 'B1-04', started_at: '2024-04-10 14:00:00' }, // halted: still an activity
      { activity_id: 'B1-05', started_at: '2024-05-10 14:00:00' },
      { activity_id: 'B2-04', branch_code: 'B2', started_at: '2024-04-10 14:00:00' },
      { activity_id: 'B2-05', branch_code: 'B2', started_at: '2024-05-10 14:00:00' },
      { activity_id: 'B3-05', branch_code: 'B3', started_at: '2024-05-10 14:00:00' },
      { activity_id: 'B4-04', branch_code: 'B4', started_at: '2024-04-01 09:00:00' }, // U2's data starts in April
      { activity_id: 'B4-05', branch_code: 'B4', started_at: '2024-05-10 14:00:00' },
    ]);
    await world.insert('observations', [{ observation_id: 'O1', activity_id: 'B1-04', halted: true }]);
    // as_of 2024-06-15: June has not ended, so nobody is silent in June yet
    const rows = await world.anomalies('2024-06-15', 'A01_silent_month');
    expect(rows).toEqual([
      {
        code: 'A01_silent_month', severity: 'high', university_code: 'U1', college_code: 'C1', branch_code: 'B1',
        period: '2024-03', activity_id: null, member_id: null,
        evidence: { months: ['2024-03'], last_activity_id: 'B1-02', last_activity_on: '2024-02-10' },
        message: '支部 文学院学生第一党支部（B1）在 2024-03 没有开展任何组织生活；此前最近一次活动是 B1-02（2024-02-10）',
      },
      {
        code: 'A01_silent_month', severity: 'high', university_code: 'U1', college_code: 'C1', branch_code: 'B2',
        period: '2024-03', activity_id: null, member_id: null,
        evidence: { months: ['2024-03'], last_activity_id: null, last_activity_on: null },
        message: '支部 新建支部（B2）在 2024-03 没有开展任何组织生活，此前也没有活动记录',
      },
      {
        code: 'A01_silent_month', severity: 'high', university_code: 'U2', college_code: null, branch_code: 'B3',
        period: '2024-04', activity_id: null, member_id: null,
        evidence: { months: ['2024-04'], last_activity_id: null, last_activity_on: null },
        message: '支部 二校甲支部（B3）在 2024-04 没有开展任何组织生活，此前也没有活动记录',
      },
      {
        code: 'A01_silent_month', severity: 'high', university_code: 'U1', college_code: 'C1', branch_code: 'B5',
        period: '2024-01', activity_id: null, member_id: null,
        evidence: { months: ['2024-01'], last_activity_id: null, last_activity_on: null },
        message: '支部 撤销支部（B5）在 2024-01 没有开展任何组织生活，此前也没有活动记录',
      },
    ]);
  });
});

describe('A02_chronic_absentee', () => {
  it('fires for every window end whose 6 months hold ≥3 expected rows and no 出席 or 请假', async () => {
    await world.insert('members', [
      { member_id: 'P1', name: '王*明' },
      { member_id: 'P2', name: '李*' },
      { member_id: 'P3', name: '赵*' },
      { member_id: 'P4', name: '钱*' },
      { member_id: 'P5', name: '孙*', left_branch_on: '2024-04-15' },
      { member_id: 'P6', name: '周*' },
    ]);
    const months = ['2023-10', '2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
    await world.insert('activities', [
      ...months.map((m) => ({ activity_id: `T${m}`, started_at: `${m}-10 14:00:00` })),
      { activity_id: 'T2024-06b', started_at: '2024-06-12 14:00:00' },
      { activity_id: 'T2024-06c', started_at: '2024-06-14 14:00:00' },
    ]);
    const row = (member: string, month: string, status = '缺席') => ({ activity_id: `T${month}`, member_id: member, attendance_status: status });
    await world.insert('attendance', [
      // P1: absent Jan, Feb, Mar → windows ending Mar, Apr, May fire, and the one ending at as_of
      row('P1', '2024-01'), row('P1', '2024-02'), row('P1', '2024-03'), row('P1', '2024-04', '列席'),
      // P2: the same, but on leave in May: the windows ending May and June are excused
      row('P2', '2024-01'), row('P2', '2024-02'), row('P2', '2024-03'), row('P2', '2024-05', '请假'),
      // P3: only two expected rows
      row('P3', '2024-02'), row('P3', '2024-03'),
      // P4: three absences spread over 7 months: no 6-month window holds all three
      row('P4', '2023-10'), row('P4', '2023-12'), row('P4', '2024-04'),
      // P5: left the branch on 15 April: fires for March and April only
      row('P5', '2024-01'), row('P5', '2024-02'), row('P5', '2024-03'),
      // P6: three absences in June, which has not ended: only the window ending at as_of holds them
      row('P6', '2024-06'), row('P6', '2024-06b'), row('P6', '2024-06c'),
    ]);
    const rows = await world.anomalies('2024-06-29', 'A02_chronic_absentee');
    expect(rows.map((r) => [r.member_id, r.period])).toEqual([
      ['P1', '2024-03'], ['P2', '2024-03'], ['P5', '2024-03'],
      ['P1', '2024-04'], ['P2', '2024-04'], ['P5', '2024-04'],
      ['P1', '2024-05'],
      ['P1', '2024-06'], ['P6', '2024-06'],
    ]);
    expect(rows[0]).toEqual({
      code: 'A02_chronic_absentee', severity: 'high', university_code: 'U1', college_code: 'C1', branch_code: 'B1',
      period: '2024-03', activity_id: null, member_id: 'P1',
      evidence: {
        member_ids: ['P1'], activity_ids: ['T2024-01', 'T2024-02', 'T2024-03'],
        months: ['2024-01', '2024-02', '2024-03'], window: ['2023-10', '2024-03'], n_expected: 3,
      },
      message: '支部 文学院学生第一党支部（B1）党员 王*明（P1）在 2023-10 至 2024-03 的 6 个月内应参加 3 次组织生活，全部缺席且未请假',
    });
    expect(rows[6].evidence).toEqual({
      member_ids: ['P1'], activity_ids: ['T2024-01', 'T2024-02', 'T2024-03'],
      months: ['2024-01', '2024-02', '2024-03'], window: ['2023-12', '2024-05'], n_expected: 3,
    });
    expect(rows[8]).toMatchObject({
      member_id: 'P6', period: '2024-06',
      evidence: {
        member_ids: ['P6'], activity_ids: ['T2024-06', 'T2024-06b', 'T2024-06c'],
        months: ['2024-06'], window: ['2023-12-30', '2024-06-29'], n_expected: 3,
      },
      message: '支部 文学院学生第一党支部（B1）党员 周*（P6）在 2023-12-30 至 2024-06-29 的 6 个月内应参加 3 次组织生活，全部缺席且未请假',
    });
  });

  // indicators.md: "in the 6 months ending at the end of P (or as_of)": when as_of falls inside
  // a month, the window is the 6 months ending at as_of, day by day (2023-12-16 … 2024-06-15).
  it('when as_of falls inside a month, judges the 6 months ending at as_of', async () => {
    await world.insert('members', [
      { member_id: 'Q1', name: '吴*' },
      { member_id: 'Q2', name: '郑*' },
      { member_id: 'Q3', name: '冯*' },
    ]);
    await world.insert('activities', [
      { activity_id: 'D1215', started_at: '2023-12-15 14:00:00' },
      { activity_id: 'D1216', started_at: '2023-12-16 14:00:00' },
      { activity_id: 'D0210', started_at: '2024-02-10 14:00:00' },
      { activity_id: 'D0612', started_at: '2024-06-12 14:00:00' },
      { activity_id: 'D0614', started_at: '2024-06-14 14:00:00' },
    ]);
    const row = (member: string, activity: string, status = '缺席') => ({ activity_id: activity, member_id: member, attendance_status: status });
    await world.insert('attendance', [
      // Q1: the first absence falls a day before the window: two expected rows only
      row('Q1', 'D1215'), row('Q1', 'D0210'), row('Q1', 'D0612'),
      // Q2: three absences inside the window
      row('Q2', 'D1216'), row('Q2', 'D0210'), row('Q2', 'D0612'),
      // Q3: absent since December, but present on 14 June, inside the window
      row('Q3', 'D1216'), row('Q3', 'D0210'), row('Q3', 'D0612'), row('Q3', 'D0614', '出席'),
    ]);
    const rows = await world.anomalies('2024-06-15', 'A02_chronic_absentee');
    expect(rows.map((r) => [r.member_id, r.period, r.evidence.window, r.evidence.n_expected])).toEqual([
      ['Q2', '2024-06', ['2023-12-16', '2024-06-15'], 3],
    ]);
  });
});
