/**
 * Which anomalies a report for a period shows (mart_anomalies_by_period), the mart's key, and
 * `zhixiao report anomalies` end to end: options, formats, --as-of and --university.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryAnomalies, readAnomalyRows, runAnomaliesReport } from '../../reports/anomalies.ts';
import { openWarehouse } from '../../warehouse/database.ts';
import { AnomalyWorld } from './anomalies-fixtures.ts';

/**
 * Branch B1 holds one 主题党日 a month, Jan–Jun 2024, with members M01–M20 (all present in Q1,
 * half of them in Q2: participation drops in April and in Q2) and P1, absent Jan–Mar (A02 for
 * the windows ending Mar–Jun); its May 党课 lasts 20 minutes (A04). Branch B2 is silent in
 * February (A01). As of 2024-06-30.
 */
async function seed(world: AnomalyWorld): Promise<void> {
  await world.insert('org_units', [{ org_code: 'B2', org_name: '二支部' }]);
  await world.insert('members', [{ member_id: 'P1', name: '王*明' }]);
  const months = ['01', '02', '03', '04', '05', '06'];
  await world.insert('activities', [
    ...months.map((m) => ({ activity_id: `D${m}`, started_at: `2024-${m}-10 14:00:00` })),
    { activity_id: 'L05', activity_type: '党课', started_at: '2024-05-20 14:00:00', ended_at: '2024-05-20 14:20:00' },
    ...months.filter((m) => m !== '02').map((m) => ({ activity_id: `E${m}`, branch_code: 'B2', started_at: `2024-${m}-11 14:00:00` })),
  ]);
  const attended = (m: string) => (Number(m) <= 3 ? 20 : 10);
  await world.insert('attendance', [
    ...months.flatMap((m) =>
      Array.from({ length: 20 }, (_, i) => ({
        activity_id: `D${m}`,
        member_id: `M${String(i + 1).padStart(2, '0')}`,
        attendance_status: i < attended(m) ? '出席' : '缺席',
      })),
    ),
    ...['01', '02', '03'].map((m) => ({ activity_id: `D${m}`, member_id: 'P1', attendance_status: '缺席' })),
  ]);
}

describe('mart_anomalies_by_period', () => {
  let world: AnomalyWorld;
  beforeAll(async () => {
    world = await AnomalyWorld.create();
    await seed(world);
    await world.buildAsOf('2024-06-30');
  });
  afterAll(() => world.close());

  const shown = async (period: string) =>
    (await readAnomalyRows(world.connection, { period })).rows.map((r) => `${r.code} ${r.branch_code} ${r.period}`);

  it('gives every anomaly a readable, unique anomaly_id', async () => {
    const reader = await world.connection.runAndReadAll('select anomaly_id from mart_anomalies order by anomaly_id');
    expect(reader.getRowObjectsJson().map((r) => r.anomaly_id)).toEqual([
      'A01_silent_month:B2:2024-02',
      'A02_chronic_absentee:B1:2024-03:P1',
      'A02_chronic_absentee:B1:2024-04:P1',
      'A02_chronic_absentee:B1:2024-05:P1',
      'A02_chronic_absentee:B1:2024-06:P1',
      'A04_short_meeting:B1:2024-05:L05',
      'A09_participation_drop:B1:2024-04',
      'A09_participation_drop:B1:2024Q2',
    ]);
  });

  it('a month shows its own anomalies, and the absentee window ending that month', async () => {
    expect(await shown('2024-03')).toEqual(['A02_chronic_absentee B1 2024-03']);
    expect(await shown('2024-04')).toEqual(['A02_chronic_absentee B1 2024-04', 'A09_participation_drop B1 2024-04']);
  });

  it('a quarter shows its months’ anomalies, one absentee window (ending in its last month) and only its own drop', async () => {
    expect(await shown('2024Q1')).toEqual(['A01_silent_month B2 2024-02', 'A02_chronic_absentee B1 2024-03']);
    expect(await shown('2024Q2')).toEqual([
      'A02_chronic_absentee B1 2024-06',
      'A04_short_meeting B1 2024-05',
      'A09_participation_drop B1 2024Q2',
    ]);
  });

  it('a year not yet ended shows the absentee window ending at the last month ended by as_of, and no month or quarter drops', async () => {
    expect(await shown('2024')).toEqual([
      'A01_silent_month B2 2024-02',
      'A02_chronic_absentee B1 2024-06',
      'A04_short_meeting B1 2024-05',
    ]);
  });

  it('returns the rows of cli.md, evidence as an object, and filters by university', async () => {
    const result = await readAnomalyRows(world.connection, { period: '2024-03' });
    expect(result).toEqual({
      period: '2024-03',
      asOf: '2024-06-30',
      rows: [
        {
          code: 'A02_chronic_absentee',
          severity: 'high',
          university_code: 'U1',
          branch_code: 'B1',
          period: '2024-03',
          evidence: {
            member_ids: ['P1'], activity_ids: ['D01', 'D02', 'D03'], months: ['2024-01', '2024-02', '2024-03'],
            window: ['2023-10', '2024-03'], n_expected: 3,
          },
          message: '支部 文学院学生第一党支部（B1）党员 王*明（P1）在 2023-10 至 2024-03 的 6 个月内应参加 3 次组织生活，全部缺席且未请假',
        },
      ],
    });
    await world.insert('universities', [{ university_code: 'U2', university_name: '第二大学' }]);
    expect(await readAnomalyRows(world.connection, { period: '2024-03', university: 'U2' })).toEqual({
      period: '2024-03',
      asOf: '2024-06-30',
      rows: [],
      note: '时期 2024-03 没有发现异常 (no anomalies in this period).',
    });
    await expect(readAnomalyRows(world.connection, { period: '2024-03', university: 'U9' })).rejects.toThrow(
      '未知的高校代码 --university U9。现有高校：U1、U2 (unknown university).',
    );
  });

  it('says so when the period has no data', async () => {
    expect(await readAnomalyRows(world.connection, { period: '2023Q1' })).toEqual({
      period: '2023Q1',
      asOf: '2024-06-30',
      rows: [],
      note: '时期 2023Q1 没有数据：现有数据的时期为 2024-01 至 2024-06（as_of 2024-06-30）。(no data for this period)',
    });
  });
});

describe('zhixiao report anomalies', () => {
  let dir: string;
  let dbPath: string;
  let stdout: string[];
  let stderr: string[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-anomalies-'));
    dbPath = path.join(dir, 'warehouse.duckdb');
    const world = await AnomalyWorld.create(dbPath);
    await seed(world);
    await world.buildAsOf(null); // as_of = the latest started_at, 2024-06-11
    world.close();
  });
  afterAll(async () => {
    (await openWarehouse(dbPath)).close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => vi.restoreAllMocks());

  const capture = () => {
    stdout = [];
    stderr = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  };

  it('prints a JSON array of {code, severity, university_code, branch_code, period, evidence, message}', async () => {
    capture();
    expect(await runAnomaliesReport(['--db', dbPath, '--period', '2024Q2', '--format', 'json'])).toBe(0);
    const rows = JSON.parse(stdout.join('')) as Record<string, unknown>[];
    // as of 2024-06-11 June has not ended: the absentee window of Q2 ends at as_of (named by its
    // month, 2024-06), and Q2 so far (30/60) is compared with Q1 (60/63)
    expect(rows.map((r) => [r.code, r.period])).toEqual([
      ['A02_chronic_absentee', '2024-06'],
      ['A04_short_meeting', '2024-05'],
      ['A09_participation_drop', '2024Q2'],
    ]);
    expect(Object.keys(rows[0])).toEqual(['code', 'severity', 'university_code', 'branch_code', 'period', 'evidence', 'message']);
    expect(rows[1].evidence).toEqual({
      activity_ids: ['L05'], months: ['2024-05'],
      started_at: '2024-05-20 14:00:00', ended_at: '2024-05-20 14:20:00', duration_seconds: 1200,
    });
  });

  it('rebuilds for --as-of in a transaction it rolls back', async () => {
    capture();
    expect(await runAnomaliesReport(['--db', dbPath, '--period', '2024Q2', '--as-of', '2024-06-30', '--format', 'json'])).toBe(0);
    expect((JSON.parse(stdout.join('')) as { code: string; period: string }[]).map((r) => [r.code, r.period])).toEqual([
      ['A02_chronic_absentee', '2024-06'],
      ['A04_short_meeting', '2024-05'],
      ['A09_participation_drop', '2024Q2'],
    ]);
    const committed = await queryAnomalies(dbPath, { period: '2024Q2' });
    expect(committed.asOf).toBe('2024-06-11');
    expect(committed.rows.map((r) => r.period)).toEqual(['2024-06', '2024-05', '2024Q2']);
  });

  it('writes CSV with a BOM, headed by the column names, to --out', async () => {
    capture();
    const out = path.join(dir, 'anomalies.csv');
    expect(await runAnomaliesReport(['--db', dbPath, '--period', '2024Q1', '--format', 'csv', '--out', out])).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFcode,severity,university_code,branch_code,period,evidence,message\r\n')).toBe(true);
    expect(text).toContain('A01_silent_month,high,U1,B2,2024-02,"{""months"":[""2024-02""],""last_activity_id"":""E01"",""last_activity_on"":""2024-01-11""}",支部 二支部（B2）在 2024-02 没有开展任何组织生活；此前最近一次活动是 E01（2024-01-11）\r\n');
    expect(stderr.join('')).toContain('已写入');
  });

  it('prints a table without the evidence, with a count by severity', async () => {
    capture();
    expect(await runAnomaliesReport(['--db', dbPath, '--period', '2024Q1'])).toBe(0);
    const text = stdout.join('');
    expect(text.split('\n').slice(0, 3)).toEqual(['异常清单 · 2024Q1 · as_of 2024-06-11', '共 2 条：高 2，中 0，低 0', '']);
    expect(text).toContain('异常代码');
    expect(text).not.toContain('证据  ');
    expect(text).toMatch(/A01_silent_month\s+高\s/); // severity in Chinese; json, csv and xlsx keep high
    expect(text).toContain('支部 二支部（B2）在 2024-02 没有开展任何组织生活');
  });

  it('refuses a malformed period or date with a usage error', async () => {
    await expect(runAnomaliesReport(['--db', dbPath, '--period', '2024-13'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(runAnomaliesReport(['--db', dbPath, '--period', '2024Q1', '--as-of', '2024-02-30'])).rejects.toMatchObject({
      exitCode: 2,
    });
    await expect(runAnomaliesReport(['--db', dbPath])).rejects.toThrow('缺少 --period');
  });
});
