/**
 * The smallest parents a row of a test export needs: university U1 (合肥), its committee U1P and
 * branch B1 (学生); members and activities of B1 when asked for, each as one CSV file.
 */
import fs from 'node:fs';
import path from 'node:path';

export function writeMinimalParents(dir: string, options: { members?: string[]; activities?: string[] } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'u.csv'), '高校代码,高校名称,所在地市\nU1,甲,合肥\n');
  fs.writeFileSync(path.join(dir, 'o.csv'), '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别\nU1P,甲党委,高校党委,,U1,\nB1,一支部,党支部,U1P,U1,学生\n');
  if (options.members?.length) {
    const rows = options.members.map((id, i) => `${id},党员${i + 1},正式党员,B1`);
    fs.writeFileSync(path.join(dir, 'm.csv'), ['党员编号,姓名,党员类别,所在支部代码', ...rows].join('\n') + '\n');
  }
  if (options.activities?.length) {
    const rows = options.activities.map((id) => `${id},B1,主题党日,学习,2024-03-05 14:00`);
    fs.writeFileSync(path.join(dir, 'a.csv'), ['活动编号,支部代码,活动类型,活动主题,开始时间', ...rows].join('\n') + '\n');
  }
}
