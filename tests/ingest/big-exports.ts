/**
 * A synthetic export large enough for an ingest to take seconds: one university, one
 * branch, `members` members, `activities` meetings and every member's attendance at
 * every meeting. Written streaming.
 */
import fs from 'node:fs';
import path from 'node:path';

export async function writeBigExports(dir: string, members: number, activities: number): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  const put = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  put('universities.csv', '高校代码,高校名称,所在地市\nU1,示例大学,合肥\n');
  put(
    'org_units.csv',
    '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别\nU1P,示例大学党委,高校党委,,U1,\nB1,示例支部,党支部,U1P,U1,学生\n',
  );
  const memberLines = ['党员编号,姓名,党员类别,所在支部代码'];
  for (let m = 0; m < members; m++) memberLines.push(`M${m},张三${m % 10},正式党员,B1`);
  put('members.csv', memberLines.join('\n') + '\n');
  const activityLines = ['活动编号,支部代码,活动类型,活动主题,开始时间,结束时间'];
  for (let a = 0; a < activities; a++) {
    const day = new Date(Date.UTC(2024, 0, 1 + (a % 360)));
    const d = day.toISOString().slice(0, 10);
    activityLines.push(`A${a},B1,主题党日,第${a}次,${d} 14:00,${d} 16:00`);
  }
  put('activities.csv', activityLines.join('\n') + '\n');
  const out = fs.createWriteStream(path.join(dir, 'attendance.csv'));
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('活动编号,党员编号,参会状态,签到时间\n');
  for (let a = 0; a < activities; a++) {
    let chunk = '';
    for (let m = 0; m < members; m++) chunk += `A${a},M${m},${m % 7 === 0 ? '请假' : '出席'},2024-01-01 13:55\n`;
    await write(chunk);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return members * activities;
}
