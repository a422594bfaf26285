/**
 * A quarantined row keeps its cells as they were read (only names masked, ID numbers
 * hashed), whether its problem was found in the row itself or by a check that needs other
 * rows (an orphan): an orphan is typed again from those cells when its parent arrives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/database.ts';
import { runIngest } from '../../ingest/run.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-quarantine-cells-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the cells a quarantined row keeps', () => {
  it('are the cells as read, for a bad value and for an orphan, and an orphan retried loads as if read now', async () => {
    const first = path.join(root, 'first');
    fs.mkdirSync(first);
    fs.writeFileSync(path.join(first, '0_u.csv'), '高校代码,高校名称,所在地市\nU1,甲,合肥\n');
    fs.writeFileSync(path.join(first, '1_o.csv'), '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别\nU1P,甲党委,高校党委,,U1,\nB1,一支部,党支部,U1P,U1,学生\n');
    fs.writeFileSync(path.join(first, '2_m.csv'), '党员编号,姓名,党员类别,所在支部代码\nM1,张三丰,正式党员,B1\nM2,李四,正式党员,B1\n');
    fs.writeFileSync(path.join(first, '3_a.csv'), '活动编号,支部代码,活动类型,活动主题,开始时间\nA1,B1,主题党日,学习,2024-03-05 14:00\n');
    fs.writeFileSync(
      path.join(first, '4_att.csv'),
      [
        '活动编号,党员编号,参会状态,签到时间,请假事由,以普通党员身份参加',
        // orphans (A9 does not exist yet): a padded full-width code, a synonym, a Chinese date, a plain row
        '  Ａ９ ,M1,参加,2024年3月5日 14时02分,,是',
        'A9,M2,请假,2024-03-05 13:58,出差,',
        // a bad value in the row itself
        'A1,M1,迟到,2024-03-05 14:00,,',
      ].join('\n') + '\n',
    );
    const warehouse = await openWarehouse(path.join(root, 'w.duckdb'));
    await runIngest(warehouse, [first], { hashKey: 'k' });
    const c = await warehouse.connect();
    const kept = (
      await c.runAndReadAll("select line, reason_code, raw::varchar from quarantine where table_name = 'attendance' order by line")
    ).getRows();
    expect(kept.map(([line, code, raw]) => [line, code, JSON.parse(String(raw))])).toEqual([
      [2, 'orphan', { activity_id: '  Ａ９ ', member_id: 'M1', attendance_status: '参加', signed_in_at: '2024年3月5日 14时02分', leave_reason: null, as_ordinary_member: '是' }],
      [3, 'orphan', { activity_id: 'A9', member_id: 'M2', attendance_status: '请假', signed_in_at: '2024-03-05 13:58', leave_reason: '出差', as_ordinary_member: null }],
      [4, 'bad_value', { activity_id: 'A1', member_id: 'M1', attendance_status: '迟到', signed_in_at: '2024-03-05 14:00', leave_reason: null, as_ordinary_member: null }],
    ]);

    // The value shown is the cell as read, for an orphan as for a bad value.
    const shown = (await c.runAndReadAll("select value from quarantine where table_name = 'attendance' order by line")).getRows().map((r) => r[0]);
    expect(shown).toEqual(['  Ａ９ ', 'A9', '迟到']);
    const [orphanReason] = (await c.runAndReadAll("select reason from quarantine where table_name = 'attendance' and line = 3")).getRows()[0]!;
    expect(orphanReason).toBe('「活动编号」(activity_id)引用的组织生活记录「活动编号」(activity_id)不存在：请先导入或补充该组织生活记录（其到达后本行会自动重试）');

    // A9 arrives: both orphans load from their kept cells.
    const second = path.join(root, 'second');
    fs.mkdirSync(second);
    fs.writeFileSync(path.join(second, 'a.csv'), '活动编号,支部代码,活动类型,活动主题,开始时间\nA9,B1,党课,党课,2024-03-05 14:00\n');
    const report = await runIngest(warehouse, [second], { hashKey: 'k' });
    expect(report.retried_loaded).toBe(2);
    const loaded = (
      await c.runAndReadAll(
        "select activity_id, member_id, attendance_status, strftime(signed_in_at, '%Y-%m-%d %H:%M'), leave_reason, as_ordinary_member, line from attendance order by member_id",
      )
    ).getRows();
    expect(loaded).toEqual([
      ['A9', 'M1', '出席', '2024-03-05 14:02', null, true, 2],
      ['A9', 'M2', '请假', '2024-03-05 13:58', '出差', null, 3],
    ]);
    c.closeSync();
    warehouse.close();
  });
});
