/**
 * A tiny hand-built warehouse for the dashboard's server functions, with figures written out:
 *
 * - U1 示例大学 (合肥): college C1 with branches B1 (contact point; 4 members, cadre B1M01) and
 *   B2 (3 members); U2 芜湖学院 (芜湖): college C2 with branch B3 (3 members, cadre B3M01).
 * - 主题党日 every month Jan–Jun 2024 in B1 and B3; B2 skips May (→ A01_silent_month 2024-05).
 *   B1M01 is absent in Apr–Jun (→ A12_cadre_absent 2024Q2). One more B1 meeting on 2024-07-01
 *   makes as_of 2024-07-01, so 2024Q2 is complete.
 * - Observed: B1's May meeting (O1), B3's February meeting (O2). B2 never.
 * - Rectification items (as_of 2024-07-01): R1 B1 due 05-31 closed 05-20 (on time); R2 B1 due
 *   06-15 closed 06-20 (late); R3 B2 found 03-01 due 06-30 整改中 (open, overdue, 122 days old);
 *   R4 B3 found 06-20 due 08-31 未整改 (open, not due, 11 days old).
 * - Cases: U1 2024Q1 (省级优秀) and 2024Q2; U2 2024Q1.
 */
import { World } from '../models/helpers.ts';

export const MONTHS = ['01', '02', '03', '04', '05', '06'];

export async function createDashboardWorld(dbPath = ':memory:'): Promise<World> {
  const w = await World.create(dbPath);
  await w.insert('universities', [{ university_code: 'U2', university_name: '芜湖学院', city: '芜湖' }]);
  await w.connection.run("update universities set university_name = '示例大学' where university_code = 'U1'");
  await w.insert('org_units', [
    { org_code: 'U2', org_name: '芜湖学院党委', org_type: '高校党委', parent_code: null, university_code: 'U2', branch_category: null },
    { org_code: 'C2', org_name: '理学院党委', org_type: '院系党委', parent_code: 'U2', university_code: 'U2', branch_category: null },
  ]);
  await w.branches(
    { org_code: 'B1', org_name: '文学院第一党支部', is_contact_point: true },
    { org_code: 'B2', org_name: '文学院第二党支部', is_contact_point: false },
    { org_code: 'B3', org_name: '理学院第一党支部', university_code: 'U2', parent_code: 'C2', is_contact_point: false },
  );
  await w.members('B1', 4);
  await w.members('B2', 3);
  await w.members('B3', 3);
  await w.connection.run("update members set is_leading_cadre = true, branch_role = '书记' where member_id in ('B1M01', 'B3M01')");
  for (const m of MONTHS) {
    const q2 = m >= '04';
    await w.activity(`A-B1-${m}`, 'B1', '主题党日', `2024-${m}-10 14:00:00`, { ended_at: `2024-${m}-10 15:30:00`, content_tags: ['理论学习'] });
    await w.roll(`A-B1-${m}`, 'B1', [q2 ? '缺席' : '出席', '出席', '出席', '出席']);
    if (m !== '05') {
      await w.activity(`A-B2-${m}`, 'B2', '主题党日', `2024-${m}-12 14:00:00`, { ended_at: `2024-${m}-12 15:30:00` });
      await w.roll(`A-B2-${m}`, 'B2', ['出席', '出席', '出席']);
    }
    await w.activity(`A-B3-${m}`, 'B3', '主题党日', `2024-${m}-15 14:00:00`, { ended_at: `2024-${m}-15 15:30:00` });
    await w.roll(`A-B3-${m}`, 'B3', ['出席', '出席', '出席']);
  }
  await w.activity('A-B1-07', 'B1', '主题党日', '2024-07-01 09:00:00', { ended_at: '2024-07-01 10:30:00' });
  await w.roll('A-B1-07', 'B1', ['出席', '出席', '出席', '出席']);
  await w.insert('observations', [
    { observation_id: 'O1', activity_id: 'A-B1-05', score_political: 90, score_contemporary: 80, score_principled: 85, score_combative: 85 },
    { observation_id: 'O2', activity_id: 'A-B3-02', score_political: 70, score_contemporary: 70, score_principled: 70, score_combative: 70 },
  ]);
  await w.insert('rectifications', [
    { item_id: 'R1', branch_code: 'B1', found_on: '2024-04-01', due_on: '2024-05-31', closed_on: '2024-05-20', status: '已销号' },
    { item_id: 'R2', branch_code: 'B1', found_on: '2024-04-10', due_on: '2024-06-15', closed_on: '2024-06-20', status: '已整改' },
    { item_id: 'R3', branch_code: 'B2', found_on: '2024-03-01', due_on: '2024-06-30', closed_on: null, status: '整改中' },
    { item_id: 'R4', branch_code: 'B3', found_on: '2024-06-20', due_on: '2024-08-31', closed_on: null, status: '未整改' },
  ]);
  await w.insert('cases', [
    { case_id: 'K1', university_code: 'U1', branch_code: 'B1', quarter: '2024Q1', title: '理论学习进支部', selection: '省级优秀' },
    { case_id: 'K2', university_code: 'U1', quarter: '2024Q2', title: '主题党日新形式', selection: '已推报' },
    { case_id: 'K3', university_code: 'U2', quarter: '2024Q1', title: '师生共建' },
  ]);
  await w.build();
  return w;
}
