/**
 * Given/expect tests of the activity-level anomaly rules (A03 A04 A05 A06 A08 A11):
 * each builds one tiny warehouse holding activities that fire and near misses that
 * must not, and compares the whole anomaly rows of that rule.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnomalyWorld, attendanceRows } from './anomalies-fixtures.ts';

let world: AnomalyWorld;
beforeEach(async () => {
  world = await AnomalyWorld.create();
});
afterEach(() => world.close());

const BRANCH = { university_code: 'U1', college_code: 'C1', branch_code: 'B1' };
const base = (code: string, severity: string) => ({ ...BRANCH, code, severity, member_id: null });

describe('A03_uniform_sign_in', () => {
  it('fires for 10 出席 rows signed in within one clock minute (a row without a time has none to compare), not for 9, a second minute or a 请假 row', async () => {
    const at = (s: string) => () => `2024-03-05 14:28:${s}`;
    const spread = (i: number) => `2024-03-05 14:28:${String(i * 5).padStart(2, '0')}`;
    await world.insert('activities', [
      { activity_id: 'X1', started_at: '2024-03-05 14:30:00' },
      { activity_id: 'X2', started_at: '2024-03-06 14:30:00' },
      { activity_id: 'X3', started_at: '2024-03-07 14:30:00' },
      { activity_id: 'X4', started_at: '2024-03-08 14:30:00' },
      { activity_id: 'X5', started_at: '2024-03-09 14:30:00' },
    ]);
    await world.insert('attendance', [
      ...attendanceRows('X1', 10, '出席', spread), // 14:28:00 … 14:28:45: one minute → fires
      ...attendanceRows('X2', 9, '出席', at('10')), // only 9
      ...attendanceRows('X3', 9, '出席', at('59')),
      { activity_id: 'X3', member_id: 'M10', signed_in_at: '2024-03-07 14:29:00' }, // the next minute
      ...attendanceRows('X4', 10, '出席', at('00')),
      { activity_id: 'X4', member_id: 'M11', attendance_status: '请假' },
      ...attendanceRows('X5', 10, '出席', at('00')),
      { activity_id: 'X5', member_id: 'M11', signed_in_at: null }, // an 出席 row without a time: every time there is, is 14:28
    ]);
    expect(await world.anomalies('2024-03-31', 'A03_uniform_sign_in')).toEqual([
      {
        ...base('A03_uniform_sign_in', 'medium'),
        period: '2024-03',
        activity_id: 'X1',
        evidence: { activity_ids: ['X1'], months: ['2024-03'], n_attended: 10, sign_in_minute: '2024-03-05 14:28' },
        message: '支部 文学院学生第一党支部（B1）的活动 X1（2024-03-05 主题党日）10 人出席、无人请假或缺席，签到时间全部在 14:28 这一分钟内',
      },
      {
        ...base('A03_uniform_sign_in', 'medium'),
        period: '2024-03',
        activity_id: 'X5',
        evidence: { activity_ids: ['X5'], months: ['2024-03'], n_attended: 11, sign_in_minute: '2024-03-05 14:28' },
        message: '支部 文学院学生第一党支部（B1）的活动 X5（2024-03-09 主题党日）11 人出席、无人请假或缺席，签到时间全部在 14:28 这一分钟内',
      },
    ]);
  });
});

describe('A03_uniform_sign_in (列席 rows)', () => {
  // indicators.md: "every sign-in time within the same minute": the sign-in times of every row
  // of the activity, 列席 rows included (a row without a time has none to compare).
  it('compares the sign-in times of 列席 rows too', async () => {
    const within = (i: number) => `2024-03-05 14:30:${String(i * 5).padStart(2, '0')}`; // 14:30:00 … 14:30:45
    await world.insert('activities', [
      { activity_id: 'Y1', started_at: '2024-03-05 14:30:00' },
      { activity_id: 'Y2', started_at: '2024-03-05 14:30:00' },
      { activity_id: 'Y3', started_at: '2024-03-05 14:30:00' },
      { activity_id: 'Y4', started_at: '2024-03-05 14:30:00' },
    ]);
    await world.insert('attendance', [
      ...attendanceRows('Y1', 10, '出席', within),
      { activity_id: 'Y1', member_id: 'M11', attendance_status: '列席', signed_in_at: '2024-03-05 14:45:00' }, // another minute
      ...attendanceRows('Y2', 10, '出席', within), // the same without the 列席 row → fires
      ...attendanceRows('Y3', 10, '出席', within),
      { activity_id: 'Y3', member_id: 'M11', attendance_status: '列席', signed_in_at: '2024-03-05 14:30:59' }, // the same minute → fires
      ...attendanceRows('Y4', 10, '出席', within),
      { activity_id: 'Y4', member_id: 'M11', attendance_status: '列席', signed_in_at: null }, // no time to compare → fires
    ]);
    const rows = await world.anomalies('2024-03-31', 'A03_uniform_sign_in');
    expect(rows.map((r) => r.activity_id)).toEqual(['Y2', 'Y3', 'Y4']);
    expect(rows[0]).toEqual({
      ...base('A03_uniform_sign_in', 'medium'),
      period: '2024-03',
      activity_id: 'Y2',
      evidence: { activity_ids: ['Y2'], months: ['2024-03'], n_attended: 10, sign_in_minute: '2024-03-05 14:30' },
      message: '支部 文学院学生第一党支部（B1）的活动 Y2（2024-03-05 主题党日）10 人出席、无人请假或缺席，签到时间全部在 14:30 这一分钟内',
    });
  });
});

describe('A04_short_meeting', () => {
  it('fires below 30 minutes for the four meeting types, not at 30 minutes, other types, without an end or after as_of', async () => {
    await world.insert('activities', [
      { activity_id: 'S1', activity_type: '党课', started_at: '2024-04-02 14:00:00', ended_at: '2024-04-02 14:29:00' },
      { activity_id: 'S2', activity_type: '党课', started_at: '2024-04-03 14:00:00', ended_at: '2024-04-03 14:30:00' },
      { activity_id: 'S3', activity_type: '支部党员大会', started_at: '2024-04-04 14:00:00', ended_at: '2024-04-04 14:29:59' },
      { activity_id: 'S4', activity_type: '主题党日', started_at: '2024-04-05 14:00:00', ended_at: '2024-04-05 14:10:00' },
      { activity_id: 'S5', activity_type: '组织生活会', started_at: '2024-04-06 14:00:00', ended_at: null },
      { activity_id: 'S6', activity_type: '民主评议党员', started_at: '2024-05-06 14:00:00', ended_at: '2024-05-06 14:05:00' },
      { activity_id: 'S7', activity_type: '党课', started_at: '2024-06-02 14:00:00', ended_at: '2024-06-02 14:10:00' }, // after as_of
    ]);
    expect(await world.anomalies('2024-05-31', 'A04_short_meeting')).toEqual([
      {
        ...base('A04_short_meeting', 'medium'),
        period: '2024-04',
        activity_id: 'S1',
        evidence: {
          activity_ids: ['S1'], months: ['2024-04'],
          started_at: '2024-04-02 14:00:00', ended_at: '2024-04-02 14:29:00', duration_seconds: 1740,
        },
        message: '支部 文学院学生第一党支部（B1）的党课 S1（2024-04-02）只开了 29 分钟，不足 30 分钟',
      },
      {
        ...base('A04_short_meeting', 'medium'),
        period: '2024-04',
        activity_id: 'S3',
        evidence: {
          activity_ids: ['S3'], months: ['2024-04'],
          started_at: '2024-04-04 14:00:00', ended_at: '2024-04-04 14:29:59', duration_seconds: 1799,
        },
        message: '支部 文学院学生第一党支部（B1）的支部党员大会 S3（2024-04-04）只开了 29 分 59 秒，不足 30 分钟',
      },
      {
        ...base('A04_short_meeting', 'medium'),
        period: '2024-05',
        activity_id: 'S6',
        evidence: {
          activity_ids: ['S6'], months: ['2024-05'],
          started_at: '2024-05-06 14:00:00', ended_at: '2024-05-06 14:05:00', duration_seconds: 300,
        },
        message: '支部 文学院学生第一党支部（B1）的民主评议党员 S6（2024-05-06）只开了 5 分钟，不足 30 分钟',
      },
    ]);
  });
});

describe('A05_count_mismatch', () => {
  it('compares the header 实到人数 with the 出席 rows, 0 when there are none; 列席 rows are not attended', async () => {
    await world.insert('activities', [
      { activity_id: 'C1A', started_at: '2024-03-05 14:00:00', attended_count: 12 },
      { activity_id: 'C2A', started_at: '2024-03-06 14:00:00', attended_count: 11 },
      { activity_id: 'C3A', started_at: '2024-03-07 14:00:00', attended_count: null },
      { activity_id: 'C4A', started_at: '2024-03-08 14:00:00', attended_count: 5 },
    ]);
    await world.insert('attendance', [
      ...attendanceRows('C1A', 11, '出席', () => null),
      ...attendanceRows('C2A', 11, '出席', () => null),
      { activity_id: 'C2A', member_id: 'X99', attendance_status: '列席' },
      ...attendanceRows('C3A', 3, '出席', () => null),
    ]);
    expect(await world.anomalies('2024-03-31', 'A05_count_mismatch')).toEqual([
      {
        ...base('A05_count_mismatch', 'low'),
        period: '2024-03',
        activity_id: 'C1A',
        evidence: { activity_ids: ['C1A'], months: ['2024-03'], attended_count: 12, attended_rows: 11 },
        message: '支部 文学院学生第一党支部（B1）的活动 C1A（2024-03-05 主题党日）登记实到 12 人，参会记录中出席 11 人',
      },
      {
        ...base('A05_count_mismatch', 'low'),
        period: '2024-03',
        activity_id: 'C4A',
        evidence: { activity_ids: ['C4A'], months: ['2024-03'], attended_count: 5, attended_rows: 0 },
        message: '支部 文学院学生第一党支部（B1）的活动 C4A（2024-03-08 主题党日）登记实到 5 人，参会记录中出席 0 人',
      },
    ]);
  });
});

describe('A06_halt_not_redone', () => {
  it('fires when the redo comes on day 31 or not yet (saying so while the 30 days are still running), not on day 30', async () => {
    await world.insert('activities', [
      { activity_id: 'H1', activity_type: '支部党员大会', started_at: '2024-03-01 14:00:00' },
      { activity_id: 'R1', activity_type: '支部党员大会', started_at: '2024-03-31 09:00:00', redo_of: 'H1' }, // day 30
      { activity_id: 'H2', activity_type: '党课', started_at: '2024-03-01 15:00:00' },
      { activity_id: 'R2', activity_type: '党课', started_at: '2024-04-01 09:00:00', redo_of: 'H2' }, // day 31
      { activity_id: 'H3', activity_type: '组织生活会', started_at: '2024-03-02 14:00:00' }, // never redone
      { activity_id: 'H4', activity_type: '主题党日', started_at: '2024-05-31 14:00:00' }, // day 30 = as_of: judged
      { activity_id: 'H5', activity_type: '主题党日', started_at: '2024-06-01 14:00:00' }, // day 30 after as_of: no redo yet
      { activity_id: 'N1', activity_type: '主题党日', started_at: '2024-03-03 14:00:00' }, // observed, not halted
    ]);
    await world.insert('observations', [
      { observation_id: 'O1', activity_id: 'H1', halted: true },
      { observation_id: 'O2', activity_id: 'H2', halted: true },
      { observation_id: 'O3', activity_id: 'H3', halted: true },
      { observation_id: 'O4', activity_id: 'H3', halted: true, observer_org_code: 'U1' },
      { observation_id: 'O5', activity_id: 'H4', halted: true },
      { observation_id: 'O6', activity_id: 'H5', halted: true },
      { observation_id: 'O7', activity_id: 'N1', halted: false },
    ]);
    expect(await world.anomalies('2024-06-30', 'A06_halt_not_redone')).toEqual([
      {
        ...base('A06_halt_not_redone', 'high'),
        period: '2024-03',
        activity_id: 'H2',
        evidence: {
          activity_ids: ['H2'], observation_ids: ['O2'], months: ['2024-03'],
          redo_deadline_on: '2024-03-31', redo_activity_id: 'R2', days_to_redo: 31,
        },
        message: '支部 文学院学生第一党支部（B1）的党课 H2（2024-03-01）被叫停，30 天内（截至 2024-03-31）未补开（R2 于 2024-04-01 才补开，相隔 31 天）',
      },
      {
        ...base('A06_halt_not_redone', 'high'),
        period: '2024-03',
        activity_id: 'H3',
        evidence: {
          activity_ids: ['H3'], observation_ids: ['O3', 'O4'], months: ['2024-03'],
          redo_deadline_on: '2024-04-01', redo_activity_id: null, days_to_redo: null,
        },
        message: '支部 文学院学生第一党支部（B1）的组织生活会 H3（2024-03-02）被叫停，30 天内（截至 2024-04-01）未补开',
      },
      {
        ...base('A06_halt_not_redone', 'high'),
        period: '2024-05',
        activity_id: 'H4',
        evidence: {
          activity_ids: ['H4'], observation_ids: ['O5'], months: ['2024-05'],
          redo_deadline_on: '2024-06-30', redo_activity_id: null, days_to_redo: null,
        },
        message: '支部 文学院学生第一党支部（B1）的主题党日 H4（2024-05-31）被叫停，30 天内（截至 2024-06-30）未补开',
      },
      {
        ...base('A06_halt_not_redone', 'high'),
        period: '2024-06',
        activity_id: 'H5',
        evidence: {
          activity_ids: ['H5'], observation_ids: ['O6'], months: ['2024-06'],
          redo_deadline_on: '2024-07-01', redo_activity_id: null, days_to_redo: null,
        },
        message: '支部 文学院学生第一党支部（B1）的主题党日 H5（2024-06-01）被叫停，截至 2024-06-30 尚未补开（补开期限 2024-07-01）',
      },
    ]);
  });
});

describe('A08_no_criticism', () => {
  it('fires for a 组织生活会 with criticism_count 0, not for 3, an unknown count or a 民主评议党员', async () => {
    await world.insert('activities', [
      { activity_id: 'L1', activity_type: '组织生活会', started_at: '2024-12-20 14:00:00', criticism_count: 0 },
      { activity_id: 'L2', activity_type: '组织生活会', started_at: '2024-12-21 14:00:00', criticism_count: 3 },
      { activity_id: 'L3', activity_type: '组织生活会', started_at: '2024-12-22 14:00:00', criticism_count: null },
      { activity_id: 'L4', activity_type: '民主评议党员', started_at: '2024-12-23 14:00:00', criticism_count: 0 },
    ]);
    expect(await world.anomalies('2024-12-31', 'A08_no_criticism')).toEqual([
      {
        ...base('A08_no_criticism', 'medium'),
        period: '2024-12',
        activity_id: 'L1',
        evidence: { activity_ids: ['L1'], months: ['2024-12'], criticism_count: 0 },
        message: '支部 文学院学生第一党支部（B1）的组织生活会 L1（2024-12-20）没有记录任何相互批评意见',
      },
    ]);
  });
});

describe('A11_sign_in_outside', () => {
  it('fires for sign-ins more than 2 h before the start or after the end, not at exactly 2 h, nor after an unknown end', async () => {
    await world.insert('activities', [
      { activity_id: 'T1', started_at: '2024-03-05 14:00:00', ended_at: '2024-03-05 16:00:00' },
      { activity_id: 'T2', started_at: '2024-03-06 14:00:00', ended_at: '2024-03-06 16:00:00' },
      { activity_id: 'T3', started_at: '2024-03-07 14:00:00', ended_at: null },
    ]);
    await world.insert('attendance', [
      { activity_id: 'T1', member_id: 'M01', signed_in_at: '2024-03-05 12:00:00' }, // exactly 2 h before
      { activity_id: 'T1', member_id: 'M02', signed_in_at: '2024-03-05 18:00:00' }, // exactly 2 h after
      { activity_id: 'T2', member_id: 'M01', signed_in_at: '2024-03-06 11:59:00' },
      { activity_id: 'T2', member_id: 'M02', signed_in_at: '2024-03-06 18:01:00', attendance_status: '列席' },
      { activity_id: 'T2', member_id: 'M03', signed_in_at: '2024-03-06 14:05:00' },
      { activity_id: 'T3', member_id: 'M01', signed_in_at: '2024-03-07 23:00:00' }, // end unknown
    ]);
    expect(await world.anomalies('2024-03-31', 'A11_sign_in_outside')).toEqual([
      {
        ...base('A11_sign_in_outside', 'low'),
        period: '2024-03',
        activity_id: 'T2',
        evidence: {
          activity_ids: ['T2'], member_ids: ['M01', 'M02'], months: ['2024-03'],
          started_at: '2024-03-06 14:00:00', ended_at: '2024-03-06 16:00:00',
          sign_ins: [
            { member_id: 'M01', signed_in_at: '2024-03-06 11:59:00' },
            { member_id: 'M02', signed_in_at: '2024-03-06 18:01:00' },
          ],
        },
        message: '支部 文学院学生第一党支部（B1）的活动 T2（2024-03-06 14:00 主题党日）有 2 条签到早于开始或晚于结束 2 小时以上，最早 2024-03-06 11:59，最晚 2024-03-06 18:01',
      },
    ]);
  });
});
