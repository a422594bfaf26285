/**
 * Periods, branch windows and the eight cadence rules (规范执行), on tiny hand-built data with
 * the expected figures written out (indicators.md "Periods", "Who is counted", "Cadence rules").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World, approx } from './helpers.ts';

describe('periods and a partly elapsed year', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.branches({ org_code: 'B1' });
    await w.members('B1', 3);
    await w.activity('A1', 'B1', '主题党日', '2024-02-10 09:00');
    await w.activity('A2', 'B1', '支部党员大会', '2024-03-05 09:00');
    await w.activity('A3', 'B1', '主题党日', '2024-05-15 14:00');
    await w.build(); // as_of defaults to the latest started_at: 2024-05-15
  });
  afterAll(() => w.close());

  it('reports the months, quarters and years present in the data up to as_of, with their previous period', async () => {
    expect(await w.one('select as_of, first_activity_on from int_params')).toEqual({
      as_of: '2024-05-15',
      first_activity_on: '2024-02-10',
    });
    expect(await w.rows('select period_code, period_kind, is_ended, prev_period_code from int_periods order by start_on, end_on desc')).toEqual([
      { period_code: '2024', period_kind: 'year', is_ended: false, prev_period_code: '2023' },
      { period_code: '2024Q1', period_kind: 'quarter', is_ended: true, prev_period_code: '2023Q4' },
      { period_code: '2024-02', period_kind: 'month', is_ended: true, prev_period_code: '2024-01' },
      { period_code: '2024-03', period_kind: 'month', is_ended: true, prev_period_code: '2024-02' },
      { period_code: '2024Q2', period_kind: 'quarter', is_ended: false, prev_period_code: '2024Q1' },
      { period_code: '2024-04', period_kind: 'month', is_ended: true, prev_period_code: '2024-03' },
      { period_code: '2024-05', period_kind: 'month', is_ended: false, prev_period_code: '2024-04' },
    ]);
  });

  it('requires only the sub-periods ended by as_of: the year counts Jan–Apr and Q1, not May, Q2 or the yearly rules', async () => {
    const rows = await w.rows(
      `select period_code, n_required_pairs, n_met_pairs, regularity, is_complete
       from mart_branch_period_indicators where branch_code = 'B1' and period_code in ('2024', '2024Q1', '2024Q2', '2024-05')
       order by period_code`,
    );
    expect(rows).toEqual([
      // theme day Jan–Apr (Feb met), assembly Q1 (met), lecture Q1: 2 of 6
      { period_code: '2024', n_required_pairs: 6, n_met_pairs: 2, regularity: 2 / 6, is_complete: false },
      { period_code: '2024-05', n_required_pairs: 0, n_met_pairs: 0, regularity: null, is_complete: false },
      // theme day Jan–Mar (Feb met), assembly (met), lecture: 2 of 5
      { period_code: '2024Q1', n_required_pairs: 5, n_met_pairs: 2, regularity: 0.4, is_complete: true },
      // only April has ended: its theme day was missed
      { period_code: '2024Q2', n_required_pairs: 1, n_met_pairs: 0, regularity: 0, is_complete: false },
    ]);
  });

  it('recomputes with an explicit as_of: periods extend to it and Q2 becomes required', async () => {
    await w.build({ asOf: '2024-07-31' });
    const periods = (await w.rows("select period_code from int_periods where period_kind = 'quarter' order by 1")).map((r) => r.period_code);
    expect(periods).toEqual(['2024Q1', '2024Q2', '2024Q3']);
    const q2 = await w.one("select n_required_pairs, n_met_pairs from mart_branch_period_indicators where branch_code = 'B1' and period_code = '2024Q2'");
    // theme day Apr, May (met), Jun + assembly + lecture
    expect(q2).toEqual({ n_required_pairs: 5, n_met_pairs: 1 });
    await w.build({ asOf: '2024-04-30' });
    // an earlier as_of ignores what happened after it: May's theme day is not counted
    expect(await w.rows("select activity_id from int_activities order by 1")).toEqual([{ activity_id: 'A1' }, { activity_id: 'A2' }]);
  });
});

describe('cadence rules over a full year (as_of 2024-12-31)', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
    await w.branches(
      { org_code: 'B1' },
      { org_code: 'B2', established_on: '2024-04-15' },
      { org_code: 'B3', dissolved_on: '2024-06-30' },
      { org_code: 'B4', dissolved_on: '2024-06-29' },
      { org_code: 'B5' },
      { org_code: 'B6' },
      { org_code: 'B7' },
      { org_code: 'G1', org_type: '党小组', parent_code: 'B7', established_on: '2024-02-15', dissolved_on: '2024-03-01', branch_category: null },
      { org_code: 'G2', org_type: '党小组', parent_code: 'B7', established_on: '2024-03-20', branch_category: null },
    );
    await w.members('B1', 3);
    // B6: 7 full members and a probationary one; the 7th leaves on 10 March, an 8th joins on 20 May
    await w.members('B6', 6);
    await w.insert('members', [
      { member_id: 'B6M07', branch_code: 'B6', left_branch_on: '2024-03-10' },
      { member_id: 'B6M08', branch_code: 'B6', member_status: '预备党员' },
      { member_id: 'B6M09', branch_code: 'B6', joined_branch_on: '2024-05-20' },
    ]);
    await w.activity('T01', 'B1', '主题党日', '2024-01-10 09:00');
    await w.activity('T02', 'B1', '主题党日', '2024-02-20 09:00');
    await w.activity('T03', 'B1', '主题党日', '2024-02-10 09:00');
    await w.activity('T11', 'B1', '主题党日', '2024-11-05 09:00');
    await w.activity('S1', 'B1', '支部党员大会', '2024-02-15 09:00');
    await w.activity('S4', 'B1', '支部党员大会', '2024-11-20 09:00', { content_tags: ['年度组织生活通报'] });
    await w.activity('L1', 'B1', '组织生活会', '2024-12-01 09:00');
    await w.activity('S5', 'B5', '支部党员大会', '2024-10-08 09:00', { content_tags: ['年度组织生活通报'] });
    await w.activity('C6', 'B6', '支部委员会会议', '2024-04-08 09:00');
    await w.activity('G7', 'B7', '党小组会', '2024-03-25 09:00', { group_code: 'G2' });
    await w.build({ asOf: '2024-12-31' });
  });
  afterAll(() => w.close());

  const branchPeriod = (branch: string, period: string) =>
    w.one('select * from mart_branch_period_indicators where branch_code = $b and period_code = $p', { b: branch, p: period });

  it('computes regularity and every rule_completion of a year from met / required pairs', async () => {
    const y = await branchPeriod('B1', '2024');
    // theme day 12 (Jan, Feb, Nov met), assembly 4 (Q1, Q4), lecture 4 (none), life meeting 1 (met),
    // review 1 (none), year-end report 1 (met): 7 of 23; no committee (3 members), no groups
    expect([y.n_required_pairs, y.n_met_pairs]).toEqual([23, 7]);
    expect(approx(y.regularity, 7 / 23)).toBe(true);
    expect(y.rule_completion_theme_day_monthly).toBe(3 / 12);
    expect(y.rule_completion_assembly_quarterly).toBe(0.5);
    expect(y.rule_completion_lecture_quarterly).toBe(0);
    expect(y.rule_completion_life_meeting_yearly).toBe(1);
    expect(y.rule_completion_review_yearly).toBe(0);
    expect(y.rule_completion_year_end_report).toBe(1);
    expect(y.rule_completion_committee_monthly).toBeNull();
    expect(y.rule_completion_group_monthly).toBeNull();
  });

  it('gives a quarter its months and itself, a month itself, and leaves yearly rules NULL below a year', async () => {
    const q1 = await branchPeriod('B1', '2024Q1');
    expect([q1.n_required_pairs, q1.n_met_pairs, q1.regularity]).toEqual([5, 3, 0.6]);
    expect(q1.rule_completion_theme_day_monthly).toBe(2 / 3);
    expect(q1.rule_completion_life_meeting_yearly).toBeNull();
    expect((await branchPeriod('B1', '2024-02')).regularity).toBe(1);
    expect((await branchPeriod('B1', '2024-03')).regularity).toBe(0);
  });

  it('records which activity met a cell: the earliest non-halted one', async () => {
    const cell = await w.one("select is_required, is_met, met_activity_id, n_matching_activities, cell_status from mart_cadence_cells where branch_code = 'B1' and period_code = '2024-02' and rule_code = 'theme_day_monthly'");
    expect(cell).toEqual({ is_required: true, is_met: true, met_activity_id: 'T03', n_matching_activities: 2, cell_status: 'met' });
    const yearEnd = await w.one("select met_activity_id from mart_cadence_cells where branch_code = 'B1' and period_code = '2024' and rule_code = 'year_end_report'");
    expect(yearEnd.met_activity_id).toBe('S4');
  });

  it('counts a year-end report only in November or December: an October one meets the assembly, not the report', async () => {
    const cells = await w.rows("select period_code, rule_code, is_met from mart_cadence_cells where branch_code = 'B5' and rule_code in ('year_end_report', 'assembly_quarterly') and period_code in ('2024', '2024Q4') order by 1");
    expect(cells).toEqual([
      { period_code: '2024', rule_code: 'year_end_report', is_met: false },
      { period_code: '2024Q4', rule_code: 'assembly_quarterly', is_met: true },
    ]);
  });

  it('a branch founded on 15 April owes April, Q2 and the year, not March or Q1', async () => {
    const owed = await w.rows("select period_code, is_owed from int_branch_calendar where branch_code = 'B2' and period_code in ('2024-03', '2024-04', '2024Q1', '2024Q2', '2024') order by 1");
    expect(owed).toEqual([
      { period_code: '2024', is_owed: true },
      { period_code: '2024-04', is_owed: true },
      { period_code: '2024Q2', is_owed: true },
    ]);
    // theme day Apr–Dec 9, assembly and lecture Q2–Q4 6, three yearly rules
    expect((await branchPeriod('B2', '2024')).n_required_pairs).toBe(18);
    // not active in Q1 and no data: no row
    expect(await w.rows("select 1 from mart_branch_period_indicators where branch_code = 'B2' and period_code = '2024Q1'")).toEqual([]);
  });

  it('a branch dissolved on 30 June owes June and Q2 but not the year; one dissolved on 29 June owes neither June nor Q2', async () => {
    const b3 = await w.rows("select period_code, is_owed from int_branch_calendar where branch_code = 'B3' and period_code in ('2024-06', '2024Q2', '2024', '2024-07') order by 1");
    expect(b3).toEqual([
      { period_code: '2024', is_owed: false },
      { period_code: '2024-06', is_owed: true },
      { period_code: '2024Q2', is_owed: true },
    ]);
    // theme day Jan–Jun 6, assembly and lecture Q1–Q2 4, no yearly rule
    expect((await branchPeriod('B3', '2024')).n_required_pairs).toBe(10);
    const yearly = await w.rows("select distinct cell_status from mart_cadence_cells where branch_code = 'B3' and period_code = '2024'");
    expect(yearly).toEqual([{ cell_status: 'not_owed' }]);
    const b4 = await w.rows("select period_code, is_owed from int_branch_calendar where branch_code = 'B4' and period_code in ('2024-06', '2024Q2') order by 1");
    expect(b4).toEqual([
      { period_code: '2024-06', is_owed: false },
      { period_code: '2024Q2', is_owed: false },
    ]);
  });

  it('requires 支委会 only in months with ≥7 full members: a leaver drops the branch to 6 in April', async () => {
    const cells = await w.rows(
      "select period_code, n_full_members, is_required, is_met from int_cadence_cells where branch_code = 'B6' and rule_code = 'committee_monthly' and period_code in ('2024-01', '2024-03', '2024-04', '2024-05') order by 1",
    );
    expect(cells).toEqual([
      { period_code: '2024-01', n_full_members: 7, is_required: true, is_met: false },
      { period_code: '2024-03', n_full_members: 7, is_required: true, is_met: false }, // left on 10 March: still a member in March
      { period_code: '2024-04', n_full_members: 6, is_required: false, is_met: true }, // held, but not owed
      { period_code: '2024-05', n_full_members: 7, is_required: true, is_met: false }, // joined on 20 May
    ]);
    // Jan, Feb, Mar, May–Dec: 11 months
    expect((await branchPeriod('B6', '2024')).rule_completion_committee_monthly).toBe(0);
    const y = await w.one("select n_required_committee_monthly from int_branch_period_sums where branch_code = 'B6' and period_code = '2024'");
    expect(y.n_required_committee_monthly).toBe(11);
  });

  it('requires 党小组会 in the months a group is active, one pair however many groups', async () => {
    const cells = await w.rows("select period_code, cell_status from mart_cadence_cells where branch_code = 'B7' and rule_code = 'group_monthly' and period_code in ('2024-01', '2024-02', '2024-03', '2024-04') order by 1");
    expect(cells).toEqual([
      { period_code: '2024-01', cell_status: 'not_applicable' },
      { period_code: '2024-02', cell_status: 'missed' },
      { period_code: '2024-03', cell_status: 'met' }, // G1 (dissolved 1 March) and G2 both active: one pair
      { period_code: '2024-04', cell_status: 'missed' },
    ]);
    expect((await branchPeriod('B7', '2024Q1')).rule_completion_group_monthly).toBe(0.5);
  });

  it('pools pairs for the university: required and met summed over branches, not a mean of ratios', async () => {
    const rows = await w.rows("select n_required_pairs, n_met_pairs, regularity from mart_branch_period_indicators where period_code = '2024' order by branch_code");
    const required = rows.reduce((s, r) => s + Number(r.n_required_pairs), 0);
    const met = rows.reduce((s, r) => s + Number(r.n_met_pairs), 0);
    const u = await w.one("select n_required_pairs, n_met_pairs, regularity from mart_university_period_indicators where period_code = '2024'");
    expect([u.n_required_pairs, u.n_met_pairs]).toEqual([required, met]);
    expect(approx(u.regularity, met / required)).toBe(true);
    const meanOfRatios = rows.reduce((s, r) => s + Number(r.regularity), 0) / rows.length;
    expect(Math.abs(Number(u.regularity) - meanOfRatios)).toBeGreaterThan(0.001);
  });
});
