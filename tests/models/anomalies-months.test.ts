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
  // indicators.md: "an active branch has no activity at all in a month ended by as_of": every
  // reported month (the warehouse's data starts on 2024-02-10, so January is not reported) ended
  // by as_of in which the branch exists on a day, whenever its own university's data starts.
  it('fires for each reported month ended by as_of in which an active branch held nothing', async () => {
    await world.insert('universities', [{ university_code: 'U2', university_name: '第二大学' }]);
    await world.insert('org_units', [
      { org_code: 'B2', org_name: '新建支部', established_on: '2024-03-20' },
      { org_code: 'B5', org_name: '撤销支部', dissolved_on: '2024-02-29' },
      { org_code: 'U2', org_name: '第二大学党委', org_type: '高校党委', university_code: 'U2', parent_code: null, branch_category: null },
      { org_code: 'B3', org_name: '二校甲支部', university_code: 'U2', parent_code: 'U2' },
      { org_code: 'B4', org_name: '二校乙支部', university_code: 'U2', parent_code: 'U2' },
    ]);
    await world.insert('activities', [
      { activity_id: 'B1-02', started_at: '2024-02-10 14:00:00' }, // the warehouse's first activity
      { activity_id: 'B1-04', started_at: '2024-04-10 14:00:00' }, // halted: still an activity
      { activity_id: 'B1-05', started_at: '2024-05-10 14:00:00' },
      { activity_id: 'B2-04', branch_code: 'B2', started_at: '2024-04-10 14:00:00' },
      { activity_id: 'B2-05', branch_code: 'B2', started_at: '2024-05-10 14:00:00' },
      // B3 holds nothing at all
      { activity_id: 'B4-04', branch_code: 'B4', started_at: '2024-04-01 09:00:00' }, // U2's data starts in April
      { activity_id: 'B4-05', branch_code: 'B4', started_at: '2024-05-10 14:00:00' },
    ]);
    await world.insert('observations', [{ observation_id: 'O1', activity_id: 'B1-04', halted: true }]);
    // as_of 2024-06-15: the reported months ended by as_of are February … May (June has not ended)
    const rows = await world.anomalies('2024-06-15', 'A01_silent_month');
    expect(rows.map((r) => [r.branch_code, r.period])).toEqual([
      ['B1', '2024-03'],
      ['B2', '2024-03'], // founded on 20 March: active in March
      ['B3', '2024-02'], ['B3', '2024-03'], ['B3', '2024-04'], ['B3', '2024-05'], // before U2's data starts too
      ['B4', '2024-02'], ['B4', '2024-03'],
      ['B5', '2024-02'], // dissolved on 29 February
    ]);
    const silent = (university: string, college: string | null, branch: string, month: string) => ({
      code: 'A01_silent_month', severity: 'high', university_code: university, college_code: college, branch_code: branch,
      period: month, activity_id: null, member_id: null,
    });
    expect(rows[0]).toEqual({
      ...silent('U1', 'C1', 'B1', '2024-03'),
      evidence: { months: ['2024-03'], last_activity_id: 'B1-02', last_activity_on: '2024-02-10' },
      message: '支部 文学院学生第一党支部（B1）在 2024-03 没有开展任何组织生活；此前最近一次活动是 B1-02（2024-02-10）',
    });
    expect(rows[1]).toEqual({
      ...silent('U1', 'C1', 'B2', '2024-03'),
      evidence: { months: ['2024-03'], last_activity_id: null, last_activity_on: null },
      message: '支部 新建支部（B2）在 2024-03 没有开展任何组织生活，此前也没有活动记录',
    });
    expect(rows[2]).toEqual({
      ...silent('U2', null, 'B3', '2024-02'),
      evidence: { months: ['2024-02'], last_activity_id: null, last_activity_on: null },
      message: '支部 二校甲支部（B3）在 2024-02 没有开展任何组织生活，此前也没有活动记录',
    });
    expect(rows[5]).toEqual({
      ...silent('U2', null, 'B3', '2024-05'),
      evidence: { months: ['2024-05'], last_activity_id: null, last_activity_on: null },
      message: '支部 二校甲支部（B3）在 2024-05 没有开展任何组织生活，此前也没有活动记录',
    });
    expect(rows[7]).toEqual({
      ...silent('U2', null, 'B4', '2024-03'),
      evidence: { months: ['2024-03'], last_activity_id: null, last_activity_on: null },
      message: '支部 二校乙支部（B4）在 2024-03 没有开展任何组织生活，此前也没有活动记录',
    });
    expect(rows[8]).toEqual({
      ...silent('U1', 'C1', 'B5', '2024-02'),
      evidence: { months: ['2024-02'], last_activity_id: null, last_activity_on: null },
      message: '支部 撤销支部（B5）在 2024-02 没有开展任何组织生活，此前也没有活动记录',
    });
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
      // P5: left the branch on 15 April: the rule looks at the rows only, so every window holding
      // the three absences fires (ending March, April, May, and at as_of)
      row('P5', '2024-01'), row('P5', '2024-02'), row('P5', '2024-03'),
      // P6: three absences in June, which has not ended: only the window ending at as_of holds them
      row('P6', '2024-06'), row('P6', '2024-06b'), row('P6', '2024-06c'),
    ]);
    const rows = await world.anomalies('2024-06-29', 'A02_chronic_absentee');
    expect(rows.map((r) => [r.member_id, r.period])).toEqual([
      ['P1', '2024-03'], ['P2', '2024-03'], ['P5', '2024-03'],
      ['P1', '2024-04'], ['P2', '2024-04'], ['P5', '2024-04'],
      ['P1', '2024-05'], ['P5', '2024-05'],
      ['P1', '2024-06'], ['P5', '2024-06'], ['P6', '2024-06'],
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
    expect(rows[6]).toMatchObject({ member_id: 'P1', period: '2024-05' });
    expect(rows[6].evidence).toEqual({
      member_ids: ['P1'], activity_ids: ['T2024-01', 'T2024-02', 'T2024-03'],
      months: ['2024-01', '2024-02', '2024-03'], window: ['2023-12', '2024-05'], n_expected: 3,
    });
    expect(rows[10]).toMatchObject({
      member_id: 'P6', period: '2024-06',
      evidence: {
        member_ids: ['P6'], activity_ids: ['T2024-06', 'T2024-06b', 'T2024-06c'],
        months: ['2024-06'], window: ['2023-12-30', '2024-06-29'], n_expected: 3,
      },
      message: '支部 文学院学生第一党支部（B1）党员 周*（P6）在 2023-12-30 至 2024-06-29 的 6 个月内应参加 3 次组织生活，全部缺席且未请假',
    });
  });

  // indicators.md names no membership: a member who left the branch during the window still
  // fires for every window whose expected rows qualify.
  it('fires for a member who left the branch during the window', async () => {
    await world.insert('members', [{ member_id: 'L1', name: '陈*', left_branch_on: '2024-04-15' }]);
    await world.insert('activities', [
      { activity_id: 'A0110', started_at: '2024-01-10 14:00:00' },
      { activity_id: 'A0210', started_at: '2024-02-10 14:00:00' },
      { activity_id: 'A0310', started_at: '2024-03-10 14:00:00' },
      { activity_id: 'A0710', started_at: '2024-07-10 14:00:00' },
    ]);
    await world.insert('attendance', [
      { activity_id: 'A0110', member_id: 'L1', attendance_status: '缺席' },
      { activity_id: 'A0210', member_id: 'L1', attendance_status: '缺席' },
      { activity_id: 'A0310', member_id: 'L1', attendance_status: '缺席' },
    ]);
    // as_of 2024-07-31: the windows ending March … June hold the three absences; the one ending
    // July (February – July) holds two
    const rows = await world.anomalies('2024-07-31', 'A02_chronic_absentee');
    expect(rows.map((r) => [r.member_id, r.period, r.evidence.window, r.evidence.n_expected])).toEqual([
      ['L1', '2024-03', ['2023-10', '2024-03'], 3],
      ['L1', '2024-04', ['2023-11', '2024-04'], 3],
      ['L1', '2024-05', ['2023-12', '2024-05'], 3],
      ['L1', '2024-06', ['2024-01', '2024-06'], 3],
    ]);
    expect(rows[3]).toEqual({
      code: 'A02_chronic_absentee', severity: 'high', university_code: 'U1', college_code: 'C1', branch_code: 'B1',
      period: '2024-06', activity_id: null, member_id: 'L1',
      evidence: {
        member_ids: ['L1'], activity_ids: ['A0110', 'A0210', 'A0310'],
        months: ['2024-01', '2024-02', '2024-03'], window: ['2024-01', '2024-06'], n_expected: 3,
      },
      message: '支部 文学院学生第一党支部（B1）党员 陈*（L1）在 2024-01 至 2024-06 的 6 个月内应参加 3 次组织生活，全部缺席且未请假',
    });
  });

  // The same for a member who joined the branch after the window: the rows alone decide.
  it('fires for windows before a member joined the branch', async () => {
    await world.insert('members', [{ member_id: 'J1', name: '韩*', joined_branch_on: '2024-04-01' }]);
    await world.insert('activities', [
      { activity_id: 'J0110', started_at: '2024-01-10 14:00:00' },
      { activity_id: 'J0210', started_at: '2024-02-10 14:00:00' },
      { activity_id: 'J0310', started_at: '2024-03-10 14:00:00' },
      { activity_id: 'J0430', started_at: '2024-04-30 14:00:00' },
    ]);
    await world.insert('attendance', [
      { activity_id: 'J0110', member_id: 'J1', attendance_status: '缺席' },
      { activity_id: 'J0210', member_id: 'J1', attendance_status: '缺席' },
      { activity_id: 'J0310', member_id: 'J1', attendance_status: '缺席' },
    ]);
    // as_of 2024-04-30: the windows ending March (before J1 joined) and April hold the three
    const rows = await world.anomalies('2024-04-30', 'A02_chronic_absentee');
    expect(rows.map((r) => [r.member_id, r.branch_code, r.period, r.evidence.window, r.evidence.n_expected])).toEqual([
      ['J1', 'B1', '2024-03', ['2023-10', '2024-03'], 3],
      ['J1', 'B1', '2024-04', ['2023-11', '2024-04'], 3],
    ]);
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
